"""The deployment files: a pure core, requirements, the Modal app source."""

import ast
import sys
import unittest
from pathlib import Path

from tests.support import (  # also puts modal-deployment on sys.path
    DEPLOYMENT_DIR,
)
from beacon_endpoint import config


class DeploymentFiles(unittest.TestCase):
    def _imports(self, path):
        """Top-level names of absolute imports; relative imports (inside the package) are None."""
        tree = ast.parse(path.read_text(encoding="utf-8"))
        names = set()
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names.update(a.name.split(".")[0] for a in node.names)
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names.add(node.module.split(".")[0])
        return names

    def test_core_is_pure_stdlib(self):
        heavy = {"modal", "torch", "transformers", "fastapi", "pydantic", "requests"}
        package = sorted((DEPLOYMENT_DIR / "beacon_endpoint").glob("*.py"))
        self.assertGreaterEqual(len(package), 10)
        allowed = set(sys.stdlib_module_names) | {"__future__"}
        for path in package:
            with self.subTest(module=path.name):
                imports = self._imports(path)
                self.assertFalse(imports & heavy)
                self.assertEqual(imports - allowed, set(), "the core imports only the stdlib")
        for path in sorted(Path(__file__).parent.glob("*.py")):
            self.assertFalse(self._imports(path) & heavy, path.name)

    def test_requirements_match_image_packages(self):
        lines = [
            line.strip()
            for line in (DEPLOYMENT_DIR / "requirements.txt").read_text().splitlines()
            if line.strip() and not line.strip().startswith("#")
        ]
        self.assertEqual(lines, list(config.IMAGE_PACKAGES))

    def test_modal_app_source(self):
        path = DEPLOYMENT_DIR / "beacon_modal_app.py"
        source = path.read_text(encoding="utf-8")
        compile(source, str(path), "exec")  # syntax only; modal is not installed here
        self.assertIn("modal.fastapi_endpoint(method=\"POST\"", source)
        self.assertNotIn("web_endpoint", source)
        self.assertIn("load_deploy_config(os.environ)", source)
        self.assertIn("scaledown_window=CONFIG.scaledown_window", source)
        self.assertIn("max_containers=CONFIG.max_containers", source)
        self.assertIn("region=list(CONFIG.modal_regions)", source)
        self.assertIn("torch.manual_seed(request.seed)", source)
        # Quantised weights are made once by the download step (`quantise`) and saved; the
        # serving class loads them as they are and never quantises at load.
        self.assertIn("BitsAndBytesConfig(**weights.quantization_kwargs(info))", source)
        self.assertIn("model.save_pretrained(served", source)
        server = next(n for n in ast.parse(source).body
                      if isinstance(n, ast.ClassDef) and n.name == "ModelServer")
        server_source = ast.get_source_segment(source, server)
        self.assertNotIn("BitsAndBytesConfig", server_source)
        self.assertNotIn("quantization_config", server_source)
        self.assertIn("weights.inspect(", server_source)
        self.assertIn("pre_quantized", server_source)
        # Every web endpoint sits behind Modal's proxy auth (Modal-Key / Modal-Secret headers):
        # an open URL would let anyone start GPUs billed to the researcher.
        tree = ast.parse(source)
        endpoints = [d for n in ast.walk(tree)
                     if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))
                     for d in n.decorator_list
                     if isinstance(d, ast.Call) and ast.unparse(d.func) == "modal.fastapi_endpoint"]
        self.assertGreaterEqual(len(endpoints), 3)
        for decorator in endpoints:
            auth = [k for k in decorator.keywords if k.arg == "requires_proxy_auth"]
            self.assertTrue(auth and ast.unparse(auth[0].value) == "True", ast.unparse(decorator))
        # Modal 1.x ships no local code implicitly: both images must add the core package.
        self.assertEqual(source.count('.add_local_python_source("beacon_endpoint")'), 2)
        self.assertNotIn("beacon_endpoint_core", source)
        imported = [n for n in ast.parse(source).body
                    if isinstance(n, ast.ImportFrom) and n.module == "beacon_endpoint"]
        self.assertTrue(imported)
        for node in imported:
            for alias in node.names:
                self.assertTrue((DEPLOYMENT_DIR / "beacon_endpoint" / f"{alias.name}.py").is_file(),
                                alias.name)
        # One GPU class parametrised by model (a lane loads only its model), batched generation,
        # a separate weight download step, and the receipt fields wired in.
        self.assertIn("model_id: str = modal.parameter()", source)
        self.assertIn("@modal.batched(max_batch_size=CONFIG.max_batch_size", source)
        self.assertIn("def download(", source)
        self.assertIn("local_files_only", source)
        for wired in ("attempts.register_attempt(", "degenerate.detect_degenerate_output(",
                      "**self.template_kwargs", "prompt_sha256=", "summarize_state("):
            self.assertIn(wired, source)
        top_level = {n.names[0].name for n in ast.parse(source).body if isinstance(n, ast.Import)}
        self.assertFalse(top_level & {"torch", "transformers"},
                         "torch/transformers are imported only inside the GPU container")


if __name__ == "__main__":
    unittest.main()

"""The weights on the Volume: where they live, what the download step does, and when a directory
holds complete, current weights (pre-quantised for Mistral)."""

import os
import tempfile
import unittest
from dataclasses import replace

import tests.support  # noqa: F401  (puts modal-deployment on sys.path)
from beacon_endpoint import catalogue, config, weights

MISTRAL = catalogue.MODELS["mistral-7b"]
QWEN = catalogue.MODELS["qwen2.5-1.5b"]
PACKAGES = weights.package_versions(config.IMAGE_PACKAGES)
FILES = {"config.json": 1200, "model.safetensors": 7_500_000_000, "tokenizer.json": 3_500_000,
         "tokenizer_config.json": 140_000, "generation_config.json": 120}


def manifest_for(info, files=FILES, packages=PACKAGES):
    return weights.build_manifest(info, files, packages, "2026-12-01T10:00:00Z")


class Paths(unittest.TestCase):
    def test_each_model_has_its_own_served_and_raw_directories(self):
        self.assertEqual(weights.model_dir("/cache/", "mistral-7b"), "/cache/models/mistral-7b")
        self.assertEqual(weights.raw_dir("/cache", "mistral-7b"), "/cache/raw/mistral-7b")
        self.assertIn("*.safetensors", weights.WEIGHT_FILE_PATTERNS)

    def test_other_formats_of_the_same_weights_are_not_downloaded(self):
        from fnmatch import fnmatch

        def fetched(name):
            return any(fnmatch(name, p) for p in weights.WEIGHT_FILE_PATTERNS) and not any(
                fnmatch(name, p) for p in weights.IGNORED_FILE_PATTERNS)
        self.assertTrue(fetched("model-00001-of-00003.safetensors"))
        self.assertTrue(fetched("tokenizer.model"))
        self.assertFalse(fetched("consolidated.safetensors"))  # Mistral's second 14.5 GB copy
        self.assertFalse(fetched("original/params.json"))

    def test_only_bitsandbytes_models_are_saved_pre_quantised(self):
        self.assertTrue(weights.is_prequantised(MISTRAL))
        self.assertFalse(weights.is_prequantised(QWEN))
        self.assertEqual(weights.quantization_kwargs(MISTRAL), {"load_in_8bit": True})
        four = weights.quantization_kwargs(replace(MISTRAL, quantization="4-bit"))
        self.assertTrue(four["load_in_4bit"])
        with self.assertRaises(ValueError):
            weights.quantization_kwargs(QWEN)

    def test_the_manifest_records_the_versions_of_the_quantising_libraries_from_the_image(self):
        self.assertEqual(PACKAGES, {"transformers": "4.46.3", "bitsandbytes": "0.45.0"})
        m = manifest_for(MISTRAL)
        self.assertEqual(m["packages"], PACKAGES)
        self.assertTrue(m["prequantised"])
        self.assertEqual(manifest_for(QWEN)["packages"], {})


class CheckWeights(unittest.TestCase):
    def check(self, info=MISTRAL, manifest="default", files=FILES, packages=PACKAGES):
        if manifest == "default":
            manifest = manifest_for(info)
        return weights.check_weights(info, manifest, files, packages)

    def test_complete_current_weights_are_ok(self):
        result = self.check()
        self.assertTrue(result.ok, result.reason)
        self.assertIn("pre-quantised", result.reason)
        self.assertTrue(self.check(QWEN).ok)

    def test_an_empty_directory_is_missing_and_files_without_a_manifest_are_incomplete(self):
        self.assertEqual(self.check(manifest=None, files={}).status, weights.MISSING)
        partial = self.check(manifest=None, files={"config.json": 1200})
        self.assertEqual(partial.status, weights.INCOMPLETE)
        self.assertIn("no beacon-weights.json", partial.reason)

    def test_a_missing_or_truncated_file_is_incomplete(self):
        gone = dict(FILES)
        del gone["model.safetensors"]
        self.assertEqual(self.check(files=gone).status, weights.INCOMPLETE)
        self.assertIn("model.safetensors", self.check(files=gone).reason)
        short = {**FILES, "model.safetensors": 1_000}
        self.assertIn("wrong size", self.check(files=short).reason)

    def test_a_manifest_without_weights_or_tokenizer_is_incomplete(self):
        no_tokenizer = {"config.json": 1, "model.safetensors": 2}
        self.assertIn("tokenizer", self.check(manifest=manifest_for(MISTRAL, no_tokenizer),
                                              files=no_tokenizer).reason)
        no_weights = {"config.json": 1, "tokenizer.json": 2}
        self.assertIn("safetensors", self.check(manifest=manifest_for(MISTRAL, no_weights),
                                                files=no_weights).reason)

    def test_weights_of_another_precision_repo_or_revision_are_stale(self):
        four_bit = replace(MISTRAL, quantization="4-bit")
        result = self.check(info=four_bit, manifest=manifest_for(MISTRAL))
        self.assertEqual(result.status, weights.STALE)
        self.assertIn("quantization", result.reason)
        pinned = replace(MISTRAL, revision="abc123")
        self.assertEqual(self.check(info=pinned, manifest=manifest_for(MISTRAL)).status,
                         weights.STALE)

    def test_full_precision_weights_of_a_quantised_model_are_stale(self):
        old = dict(manifest_for(MISTRAL), prequantised=False)
        result = self.check(manifest=old)
        self.assertEqual(result.status, weights.STALE)
        self.assertIn("pre-quantised", result.reason)

    def test_weights_quantised_by_other_library_versions_are_stale(self):
        made = manifest_for(MISTRAL, packages={"transformers": "4.46.3", "bitsandbytes": "0.44.1"})
        result = self.check(manifest=made)
        self.assertEqual(result.status, weights.STALE)
        self.assertIn("bitsandbytes", result.reason)
        # Full-precision weights do not depend on the quantising libraries.
        self.assertTrue(self.check(QWEN, packages={"bitsandbytes": "9.9"}).ok)

    def test_an_unreadable_manifest_is_stale(self):
        self.assertEqual(self.check(manifest={}).status, weights.STALE)
        self.assertEqual(self.check(manifest=[1, 2]).status, weights.STALE)


class PlanDownload(unittest.TestCase):
    def test_present_weights_are_skipped_and_the_rest_fetched_and_quantised_as_needed(self):
        checks = {
            "llama3.2-1b": weights.WeightsCheck(weights.OK, "5 files, fp16"),
            "mistral-7b": weights.WeightsCheck(weights.MISSING, "nothing downloaded yet"),
            "qwen2.5-1.5b": weights.WeightsCheck(weights.INCOMPLETE, "missing model.safetensors"),
        }
        steps = {s.model: s for s in weights.plan_download(catalogue.MODELS.values(), checks)}
        self.assertEqual(steps["llama3.2-1b"].action, "skip")
        self.assertEqual(steps["mistral-7b"].action, "fetch_and_quantise")
        self.assertEqual(steps["qwen2.5-1.5b"].action, "fetch")
        self.assertFalse(steps["qwen2.5-1.5b"].clear_first, "a partial download is resumed")
        self.assertIn("missing model.safetensors", steps["qwen2.5-1.5b"].reason)

    def test_stale_weights_are_cleared_and_force_redoes_everything(self):
        checks = {"mistral-7b": weights.WeightsCheck(weights.STALE, "quantised with bitsandbytes")}
        (step,) = weights.plan_download([MISTRAL], checks)
        self.assertEqual((step.action, step.clear_first), ("fetch_and_quantise", True))
        ok = {"mistral-7b": weights.WeightsCheck(weights.OK, "fine")}
        (forced,) = weights.plan_download([MISTRAL], ok, force=True)
        self.assertEqual((forced.action, forced.clear_first, forced.reason),
                         ("fetch_and_quantise", True, "forced"))


class OnDisk(unittest.TestCase):
    def test_a_directory_written_by_the_download_step_passes_and_a_damaged_one_does_not(self):
        with tempfile.TemporaryDirectory() as root:
            directory = weights.model_dir(root, "qwen2.5-1.5b")
            self.assertEqual(weights.inspect(root, QWEN, PACKAGES).status, weights.MISSING)
            os.makedirs(os.path.join(directory, ".cache", "huggingface"))
            for name, body in (("config.json", "{}"), ("model.safetensors", "x" * 64),
                               ("tokenizer.json", "{}"), (".cache/huggingface/lock", "l")):
                with open(os.path.join(directory, name), "w") as handle:
                    handle.write(body)
            self.assertEqual(weights.inspect(root, QWEN, PACKAGES).status, weights.INCOMPLETE)
            files = weights.list_files(directory)
            self.assertNotIn(".cache/huggingface/lock", files)
            weights.write_manifest(directory, weights.build_manifest(
                QWEN, files, PACKAGES, "2026-12-01T10:00:00Z"))
            self.assertTrue(weights.inspect(root, QWEN, PACKAGES).ok)
            self.assertFalse(os.path.exists(os.path.join(directory, "beacon-weights.json.tmp")))
            with open(os.path.join(directory, "model.safetensors"), "w") as handle:
                handle.write("x")  # truncated, e.g. a copy cut short
            self.assertEqual(weights.inspect(root, QWEN, PACKAGES).status, weights.INCOMPLETE)
            with open(os.path.join(directory, "beacon-weights.json"), "w") as handle:
                handle.write("{not json")
            self.assertEqual(weights.inspect(root, QWEN, PACKAGES).status, weights.STALE)


if __name__ == "__main__":
    unittest.main()

"""Where each model's weights live on the region's Volume, and whether what is there is complete
and current.

The `download` step fills `<cache>/models/<model>/` once per region and ends by writing a
manifest (`beacon-weights.json`) listing every file with its size, the Hugging Face repo and
revision, the precision, and for bitsandbytes-quantised models (Mistral 8-bit) the library
versions that made them. A quantised model is fetched in full precision into
`<cache>/raw/<model>/`, quantised ONCE on a GPU and saved with `save_pretrained` (transformers
4.46 + bitsandbytes 0.45 serialise both 8-bit and 4-bit weights), so a serving container only
loads the saved quantised weights and never quantises at load.

The serving container and the download step apply the same check (`check_weights`): a missing or
partial directory, another repo/revision/precision, or quantised weights made by other library
versions are re-made by `download`; a serving container refuses them with a load error that says
what to run. The manifest is written last, so an interrupted download never looks complete.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from typing import Any, Mapping, Optional, Sequence

from .catalogue import ModelInfo

MANIFEST_NAME = "beacon-weights.json"
MANIFEST_FORMAT = 1

# bitsandbytes quantisations that are made once by the download step and saved to the Volume.
PREQUANTISED: frozenset[str] = frozenset({"8-bit", "4-bit"})
# Saved quantised weights are only trusted with the library versions that wrote them.
QUANTISING_PACKAGES: tuple[str, ...] = ("transformers", "bitsandbytes")

# Files the download step fetches from the Hub (weights, configs, tokenizer).
WEIGHT_FILE_PATTERNS: tuple[str, ...] = (
    "*.json", "*.safetensors", "tokenizer*", "*.model", "*.tiktoken", "*.txt",
)
# Other formats of the same weights that transformers never reads: Mistral's consolidated
# mistral-inference checkpoint (another ~14.5 GB) and Llama's original/ (Meta's own format).
IGNORED_FILE_PATTERNS: tuple[str, ...] = ("consolidated*", "original/*")
TOKENIZER_FILES: tuple[str, ...] = ("tokenizer.json", "tokenizer.model", "tokenizer_config.json")

OK = "ok"
MISSING = "missing"
INCOMPLETE = "incomplete"
STALE = "stale"


def model_dir(cache_root: str, model_id: str) -> str:
    """The directory a serving container loads (served weights, quantised when the model is)."""
    return f"{cache_root.rstrip('/')}/models/{model_id}"


def raw_dir(cache_root: str, model_id: str) -> str:
    """Full-precision snapshot a quantised model is made from (removed once it is saved)."""
    return f"{cache_root.rstrip('/')}/raw/{model_id}"


def is_prequantised(info: ModelInfo) -> bool:
    return info.quantization in PREQUANTISED


def quantization_kwargs(info: ModelInfo) -> dict[str, Any]:
    """Arguments of transformers' BitsAndBytesConfig used ONCE, by the download step."""
    if info.quantization == "8-bit":
        return {"load_in_8bit": True}
    if info.quantization == "4-bit":
        return {"load_in_4bit": True, "bnb_4bit_quant_type": "nf4",
                "bnb_4bit_compute_dtype": "float16"}
    raise ValueError(f"{info.id} is served in {info.quantization}, not bitsandbytes-quantised")


def package_versions(pins: Sequence[str], names: Sequence[str] = QUANTISING_PACKAGES) -> dict[str, str]:
    """`name==version` pins (config.IMAGE_PACKAGES) -> {name: version} for the given names."""
    out: dict[str, str] = {}
    for pin in pins:
        name, sep, version = pin.partition("==")
        base = name.split("[")[0].strip().lower()
        if sep and base in names:
            out[base] = version.strip()
    return out


def build_manifest(
    info: ModelInfo,
    files: Mapping[str, int],
    packages: Mapping[str, str],
    created_at: str,
    source_commit: Optional[str] = None,
) -> dict[str, Any]:
    """What the download step writes last, after every file is in place."""
    prequantised = is_prequantised(info)
    return {
        "format": MANIFEST_FORMAT,
        "model": info.id,
        "hf_repo": info.hf_repo,
        "revision": info.revision,
        "source_commit": source_commit,
        "quantization": info.quantization,
        "prequantised": prequantised,
        "packages": dict(packages) if prequantised else {},
        "created_at": created_at,
        "files": {name: int(size) for name, size in sorted(files.items()) if name != MANIFEST_NAME},
    }


@dataclass(frozen=True)
class WeightsCheck:
    status: str  # ok, missing, incomplete, stale
    reason: str

    @property
    def ok(self) -> bool:
        return self.status == OK


def check_weights(
    info: ModelInfo,
    manifest: Any,
    files: Mapping[str, int],
    packages: Mapping[str, str],
) -> WeightsCheck:
    """Whether a model directory (its manifest, and the files really present with their sizes)
    holds complete, current weights for `info` as this image would serve them."""
    present = {k: v for k, v in files.items() if k != MANIFEST_NAME}
    if manifest is None:
        if not present:
            return WeightsCheck(MISSING, "nothing downloaded yet")
        return WeightsCheck(INCOMPLETE, f"{len(present)} file(s) but no {MANIFEST_NAME}: "
                                        "an interrupted or pre-manifest download")
    if not isinstance(manifest, dict) or manifest.get("format") != MANIFEST_FORMAT:
        return WeightsCheck(STALE, f"{MANIFEST_NAME} is unreadable or of another format")
    for field, expected in (("model", info.id), ("hf_repo", info.hf_repo),
                            ("revision", info.revision), ("quantization", info.quantization)):
        if manifest.get(field) != expected:
            return WeightsCheck(STALE, f"{field} is {manifest.get(field)!r}, the catalogue says "
                                       f"{expected!r}")
    if is_prequantised(info):
        if manifest.get("prequantised") is not True:
            return WeightsCheck(STALE, f"not saved pre-quantised ({info.quantization})")
        made_with = manifest.get("packages") or {}
        for name in QUANTISING_PACKAGES:
            if name in packages and made_with.get(name) != packages[name]:
                return WeightsCheck(STALE, f"quantised with {name} {made_with.get(name)!r}, the "
                                           f"image has {packages[name]!r}")
    listed = manifest.get("files")
    if not isinstance(listed, dict) or not listed:
        return WeightsCheck(STALE, f"{MANIFEST_NAME} lists no files")
    missing = sorted(name for name in listed if name not in present)
    if missing:
        return WeightsCheck(INCOMPLETE, "missing " + _some(missing))
    wrong = sorted(name for name, size in listed.items() if present[name] != size)
    if wrong:
        return WeightsCheck(INCOMPLETE, "wrong size " + _some(wrong))
    if "config.json" not in listed:
        return WeightsCheck(INCOMPLETE, "no config.json")
    if not any(name.endswith(".safetensors") for name in listed):
        return WeightsCheck(INCOMPLETE, "no *.safetensors weights")
    if not any(name in listed for name in TOKENIZER_FILES):
        return WeightsCheck(INCOMPLETE, "no tokenizer files")
    return WeightsCheck(OK, f"{len(listed)} files, {info.quantization}"
                            + (", saved pre-quantised" if is_prequantised(info) else ""))


@dataclass(frozen=True)
class DownloadStep:
    model: str
    action: str  # skip, fetch, fetch_and_quantise
    reason: str
    clear_first: bool  # stale weights are removed before fetching again


def plan_download(
    wanted: Sequence[ModelInfo],
    checks: Mapping[str, WeightsCheck],
    force: bool = False,
) -> list[DownloadStep]:
    """What the download step does per model: nothing when the Volume already holds complete,
    current weights; otherwise fetch (resuming a partial download) and quantise when needed."""
    steps = []
    for info in wanted:
        check = checks[info.id]
        if check.ok and not force:
            steps.append(DownloadStep(info.id, "skip", f"already present: {check.reason}", False))
            continue
        action = "fetch_and_quantise" if is_prequantised(info) else "fetch"
        reason = "forced" if check.ok else f"{check.status}: {check.reason}"
        steps.append(DownloadStep(info.id, action, reason,
                                  clear_first=force or check.status == STALE))
    return steps


# ---------------------------------------------------------------------------------------------
# File system (stdlib only; also used by the tests with a temporary directory)
# ---------------------------------------------------------------------------------------------


def list_files(directory: str) -> dict[str, int]:
    """Relative path -> size of every file under `directory` (none if it does not exist);
    huggingface_hub's own `.cache` bookkeeping is left out."""
    out: dict[str, int] = {}
    if not os.path.isdir(directory):
        return out
    for root, dirs, names in os.walk(directory):
        dirs[:] = [d for d in dirs if d != ".cache"]
        for name in names:
            path = os.path.join(root, name)
            out[os.path.relpath(path, directory).replace(os.sep, "/")] = os.path.getsize(path)
    return out


def read_manifest(directory: str) -> Any:
    """The manifest's content; None when there is none; {} when it is not valid JSON (stale)."""
    path = os.path.join(directory, MANIFEST_NAME)
    if not os.path.isfile(path):
        return None
    try:
        with open(path, encoding="utf-8") as handle:
            return json.load(handle)
    except (OSError, ValueError):
        return {}


def write_manifest(directory: str, manifest: Mapping[str, Any]) -> None:
    """Write atomically (temporary file + rename): a crash never leaves half a manifest."""
    path = os.path.join(directory, MANIFEST_NAME)
    tmp = path + ".tmp"
    with open(tmp, "w", encoding="utf-8") as handle:
        json.dump(manifest, handle, indent=2, sort_keys=True)
    os.replace(tmp, path)


def inspect(cache_root: str, info: ModelInfo, packages: Mapping[str, str]) -> WeightsCheck:
    directory = model_dir(cache_root, info.id)
    return check_weights(info, read_manifest(directory), list_files(directory), packages)


def _some(names: Sequence[str], limit: int = 3) -> str:
    shown = ", ".join(names[:limit])
    return shown + (f" and {len(names) - limit} more" if len(names) > limit else "")

"""Regions and models: the tables every other module and the Modal app read."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Optional

# ---------------------------------------------------------------------------------------------
# Regions
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RegionInfo:
    code: str  # Beacon region code: US, EU, APAC
    label: str  # Modal region label used by the old system (us-east, eu-west, asia-pacific)
    prompt_phrase: str  # phrase inserted in the regional system prompt
    modal_regions: tuple[str, ...]  # narrow pinning: Modal region list (1.75x the GPU price)
    broad_region: str = ""  # broad pinning: Modal's broad region (us, eu, ap; 1.5x, larger GPU pool)


REGIONS: dict[str, RegionInfo] = {
    "US": RegionInfo("US", "us-east", "the US", ("us-east", "us-central", "us-west"), "us"),
    "EU": RegionInfo("EU", "eu-west", "Europe", ("eu-west", "eu-north"), "eu"),
    "APAC": RegionInfo("APAC", "asia-pacific", "Asia", ("ap-southeast", "ap-northeast"), "ap"),
}

REGION_CODES: tuple[str, ...] = tuple(REGIONS)

SYSTEM_PROMPT_TEMPLATE = (
    "You are a helpful, honest, and harmless AI assistant based in {phrase}. "
    "Answer questions directly and factually. For sensitive political topics, provide "
    "balanced, factual information from multiple perspectives."
)


def region_info(code: Any) -> RegionInfo:
    """Return the region for an exact Beacon region code; raise ValueError otherwise."""
    if isinstance(code, str) and code in REGIONS:
        return REGIONS[code]
    raise ValueError(
        f"unknown region {code!r}: expected one of {', '.join(REGION_CODES)} "
        "(no default region is ever applied)"
    )


def regional_system_prompt(region: str) -> str:
    """The exact regional default system prompt from BEACON.md."""
    return SYSTEM_PROMPT_TEMPLATE.format(phrase=region_info(region).prompt_phrase)


def app_name(region: str) -> str:
    """Modal app name for a region: beacon-us, beacon-eu, beacon-apac."""
    return "beacon-" + region_info(region).code.lower()


def endpoint_labels(region: str) -> dict[str, str]:
    """Modal web endpoint labels (subdomain part after '<workspace>--')."""
    base = app_name(region)
    return {
        "inference": base,
        "health": f"{base}-health",
        "model_info": f"{base}-model-info",
    }


def endpoint_urls(workspace: str, region: str, environment: Optional[str] = None) -> dict[str, str]:
    """URLs Modal gives the labelled endpoints: https://<workspace>[-<env>]--<label>.modal.run.

    The environment suffix only appears for non-default Modal environments; check the URLs
    printed by ``modal deploy`` (they are the source of truth).
    """
    source = workspace if not environment else f"{workspace}-{environment}"
    return {k: f"https://{source}--{v}.modal.run" for k, v in endpoint_labels(region).items()}


# ---------------------------------------------------------------------------------------------
# Models
# ---------------------------------------------------------------------------------------------

QUANTIZATIONS: tuple[str, ...] = ("fp16", "bf16", "8-bit", "4-bit", "fp32")


@dataclass(frozen=True)
class ModelInfo:
    id: str
    hf_repo: str
    context_length: int
    home_region: str
    quantization: str  # one of QUANTIZATIONS
    gated: bool
    revision: Optional[str] = None  # pinned HF revision; None = the repo's default branch
    # Whether the model's chat template inserts a date (Llama 3.x: "Today Date: ..."). The GPU
    # container compares this with the real template at load and logs a mismatch.
    template_inserts_date: bool = False


MODELS: dict[str, ModelInfo] = {
    # One model per T4 container (16 GB). Mistral 7B in 8-bit (bitsandbytes, ~7.5 GB). Llama 3.2
    # 1B in fp16 (~2.5 GB). Qwen2.5 in fp32 (~6.2 GB): the T4 has no bf16, and Qwen2-family models
    # in fp16 are reported to overflow into runs of "!!!!" (degenerate output); fp32 is slower per
    # token but numerically safe, and a 1.5B model has the room. smoke_test.py checks its output.
    "llama3.2-1b": ModelInfo(
        "llama3.2-1b", "meta-llama/Llama-3.2-1B-Instruct", 128000, "US", "fp16", True,
        template_inserts_date=True,
    ),
    "mistral-7b": ModelInfo(
        "mistral-7b", "mistralai/Mistral-7B-Instruct-v0.3", 32768, "EU", "8-bit", True
    ),
    "qwen2.5-1.5b": ModelInfo(
        "qwen2.5-1.5b", "Qwen/Qwen2.5-1.5B-Instruct", 32768, "APAC", "fp32", False
    ),
}

MODEL_IDS: tuple[str, ...] = tuple(MODELS)


"""Deploy configuration: BEACON_* environment variables read at deploy time and baked into the
images, so that the module re-imported inside a container sees the same values."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping

from .catalogue import MODEL_IDS, MODELS, REGIONS, app_name, endpoint_labels

# Python packages of the Modal GPU image; requirements.txt must list exactly these (tested).
IMAGE_PACKAGES: tuple[str, ...] = (
    "torch==2.5.1",
    "transformers==4.46.3",
    "accelerate==1.1.1",
    "bitsandbytes==0.45.0",
    "sentencepiece==0.2.0",
    "fastapi[standard]==0.115.6",
)
# Packages of the light CPU image that serves health and model-info.
WEB_IMAGE_PACKAGES: tuple[str, ...] = ("fastapi[standard]==0.115.6",)


DEFAULT_SCALEDOWN_WINDOW = 120
DEFAULT_MAX_CONTAINERS = 1
DEFAULT_TIMEOUT = 900
DEFAULT_GPU = "T4"
DEFAULT_HF_SECRET = "huggingface-secret"
DEFAULT_MAX_BATCH_SIZE = 8
DEFAULT_BATCH_WAIT_MS = 100
DEFAULT_ROUTER_MAX_INPUTS = 100

PINNING_BROAD = "broad"
PINNING_NARROW = "narrow"
# Modal's price multiplier for pinning a GPU to a region; Beacon's cost estimate must use the same
# (Beacon:Costs:Regions:<code>:PinningMultiplier).
PINNING_MULTIPLIERS: dict[str, float] = {PINNING_BROAD: 1.5, PINNING_NARROW: 1.75}
DEFAULT_PINNING = PINNING_BROAD


@dataclass(frozen=True)
class DeployConfig:
    region: str
    scaledown_window: int = DEFAULT_SCALEDOWN_WINDOW
    max_containers: int = DEFAULT_MAX_CONTAINERS
    timeout: int = DEFAULT_TIMEOUT
    gpu: str = DEFAULT_GPU
    hf_secret_name: str = DEFAULT_HF_SECRET
    preload: tuple[str, ...] = MODEL_IDS
    volume_name: str = ""
    state_dict_name: str = ""
    pinning: str = DEFAULT_PINNING
    max_batch_size: int = DEFAULT_MAX_BATCH_SIZE
    batch_wait_ms: int = DEFAULT_BATCH_WAIT_MS
    attempts_dict_name: str = ""

    @property
    def app_name(self) -> str:
        return app_name(self.region)

    @property
    def modal_regions(self) -> tuple[str, ...]:
        """Where the GPU containers may run: the broad region (us/eu/ap) or the narrow list."""
        info = REGIONS[self.region]
        return (info.broad_region,) if self.pinning == PINNING_BROAD else info.modal_regions

    @property
    def pinning_multiplier(self) -> float:
        return PINNING_MULTIPLIERS[self.pinning]

    def capacity(self) -> dict[str, int]:
        """What model-info reports so that Beacon can size its concurrency: each model's
        containers batch up to max_batch_size requests, and there are up to max_containers."""
        return {
            "max_batch_size": self.max_batch_size,
            "max_containers": self.max_containers,
            "batch_wait_ms": self.batch_wait_ms,
            "suggested_concurrency": self.max_batch_size * self.max_containers,
        }

    @property
    def labels(self) -> dict[str, str]:
        return endpoint_labels(self.region)

    def container_env(self) -> dict[str, str]:
        """Variables baked into the image so the container re-imports the same config."""
        return {
            "BEACON_REGION": self.region,
            "BEACON_SCALEDOWN_WINDOW": str(self.scaledown_window),
            "BEACON_MAX_CONTAINERS": str(self.max_containers),
            "BEACON_TIMEOUT": str(self.timeout),
            "BEACON_GPU": self.gpu,
            "BEACON_HF_SECRET": self.hf_secret_name,
            "BEACON_PRELOAD": ",".join(self.preload),
            "BEACON_VOLUME": self.volume_name,
            "BEACON_STATE_DICT": self.state_dict_name,
            "BEACON_PINNING": self.pinning,
            "BEACON_MAX_BATCH_SIZE": str(self.max_batch_size),
            "BEACON_BATCH_WAIT_MS": str(self.batch_wait_ms),
            "BEACON_ATTEMPTS_DICT": self.attempts_dict_name,
        }


def _env_int(env: Mapping[str, str], name: str, default: int, lo: int, hi: int,
             problems: list[str]) -> int:
    raw = env.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        value = int(raw.strip())
    except ValueError:
        problems.append(f"{name}={raw!r} is not an integer")
        return default
    if not lo <= value <= hi:
        problems.append(f"{name}={value} must be between {lo} and {hi}")
    return value


def load_deploy_config(env: Mapping[str, str]) -> DeployConfig:
    """Read BEACON_* variables. BEACON_REGION is required (US, EU or APAC, case-insensitive);
    there is no default region. Raises ValueError listing every problem."""
    problems: list[str] = []
    raw_region = (env.get("BEACON_REGION") or "").strip()
    region = raw_region.upper()
    if not raw_region:
        problems.append(
            "BEACON_REGION is not set: deploy with e.g. `BEACON_REGION=EU modal deploy "
            "beacon_modal_app.py` (one of US, EU, APAC; there is no default)"
        )
    elif region not in REGIONS:
        problems.append(
            f"BEACON_REGION={raw_region!r} is not a Beacon region (one of US, EU, APAC)"
        )
    scaledown = _env_int(env, "BEACON_SCALEDOWN_WINDOW", DEFAULT_SCALEDOWN_WINDOW, 2, 3600,
                         problems)
    max_containers = _env_int(env, "BEACON_MAX_CONTAINERS", DEFAULT_MAX_CONTAINERS, 1, 100,
                              problems)
    timeout = _env_int(env, "BEACON_TIMEOUT", DEFAULT_TIMEOUT, 60, 86400, problems)
    gpu = (env.get("BEACON_GPU") or "").strip() or DEFAULT_GPU
    secret = (env.get("BEACON_HF_SECRET") or "").strip() or DEFAULT_HF_SECRET
    raw_preload = env.get("BEACON_PRELOAD")
    if raw_preload is None or raw_preload.strip().lower() in ("", "all"):
        preload = MODEL_IDS
    elif raw_preload.strip().lower() == "none":
        preload = ()
    else:
        preload = tuple(p.strip() for p in raw_preload.split(",") if p.strip())
        unknown = [p for p in preload if p not in MODELS]
        if unknown:
            problems.append(
                f"BEACON_PRELOAD has unknown model(s) {', '.join(unknown)} "
                f"(known: {', '.join(MODEL_IDS)}; or 'all'/'none')"
            )
    pinning = (env.get("BEACON_PINNING") or "").strip().lower() or DEFAULT_PINNING
    if pinning not in PINNING_MULTIPLIERS:
        problems.append(f"BEACON_PINNING={pinning!r} must be 'broad' (us/eu/ap, 1.5x) or 'narrow' (1.75x)")
    max_batch = _env_int(env, "BEACON_MAX_BATCH_SIZE", DEFAULT_MAX_BATCH_SIZE, 1, 64, problems)
    batch_wait = _env_int(env, "BEACON_BATCH_WAIT_MS", DEFAULT_BATCH_WAIT_MS, 0, 10_000, problems)
    if problems:
        raise ValueError("invalid Beacon deploy configuration: " + "; ".join(problems))
    lower = region.lower()
    volume = (env.get("BEACON_VOLUME") or "").strip() or f"beacon-hf-cache-{lower}"
    state = (env.get("BEACON_STATE_DICT") or "").strip() or f"beacon-state-{lower}"
    return DeployConfig(
        region=region,
        scaledown_window=scaledown,
        max_containers=max_containers,
        timeout=timeout,
        gpu=gpu,
        hf_secret_name=secret,
        preload=preload,
        volume_name=volume,
        state_dict_name=state,
        pinning=pinning,
        max_batch_size=max_batch,
        batch_wait_ms=batch_wait,
        attempts_dict_name=(env.get("BEACON_ATTEMPTS_DICT") or "").strip() or f"beacon-attempts-{lower}",
    )



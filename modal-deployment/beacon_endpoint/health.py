"""Health and model-info payloads, and the container state the GPU container publishes for the
cheap CPU endpoints."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Iterable, Mapping, Optional, Sequence

from .catalogue import MODEL_IDS, MODELS, app_name, region_info
from .config import PINNING_MULTIPLIERS
from .jsontypes import is_number

# ---------------------------------------------------------------------------------------------
# Health and model info
# ---------------------------------------------------------------------------------------------


def health_status(models_available: Sequence[str], model_errors: Mapping[str, str]) -> str:
    """healthy: nothing known to be wrong (models may still be cold); degraded: some models
    failed to load; unhealthy: no model can be served."""
    if not models_available:
        return "unhealthy"
    failed = [m for m in models_available if m in model_errors]
    if len(failed) == len(models_available):
        return "unhealthy"
    if failed:
        return "degraded"
    return "healthy"


def build_health(
    *,
    region: str,
    models_ready: Sequence[str] = (),
    model_errors: Optional[Mapping[str, str]] = None,
    modal_region: Optional[str] = None,
    emulated: bool = False,
    models_available: Optional[Sequence[str]] = None,
    containers: Optional[int] = None,
    containers_busy: Optional[int] = None,
    model_error_times: Optional[Mapping[str, str]] = None,
) -> dict[str, Any]:
    """Health payload. Health informs, it never gates: a cold app (nothing loaded) is healthy."""
    available = list(MODEL_IDS if models_available is None else models_available)
    errors = dict(model_errors or {})
    ready = [m for m in available if m in set(models_ready)]
    out: dict[str, Any] = {
        "status": health_status(available, errors),
        "region": region_info(region).code,
        "models_available": available,
        "models_ready": ready,
        "modal_region": modal_region or None,
        "emulated": bool(emulated),
        "app_name": app_name(region),
    }
    if containers is not None:
        out["containers"] = int(containers)
    if containers_busy is not None:
        out["containers_busy"] = int(containers_busy)
    if errors:
        times = dict(model_error_times or {})
        out["model_errors"] = [
            {"model": m, "error": str(errors[m]), **({"at": times[m]} if m in times else {})}
            for m in available if m in errors
        ]
    return out


def build_model_info(
    region: str,
    loaded: Iterable[str] = (),
    capacity: Optional[Mapping[str, int]] = None,
    pinning: Optional[str] = None,
    weights: Optional[Mapping[str, Mapping[str, Any]]] = None,
) -> dict[str, Any]:
    """Model info: the catalogue, what is loaded, the capacity a client sizes its concurrency
    from, the pinning with its price multiplier (Beacon's cost estimate uses it), and per loaded
    model how its weights were loaded (`weights`, as the GPU container reported it)."""
    loaded_set = set(loaded)
    known_weights = dict(weights or {})
    extra: dict[str, Any] = {}
    if capacity is not None:
        extra["capacity"] = dict(capacity)
    if pinning is not None:
        extra["pinning"] = pinning
        extra["pinning_multiplier"] = PINNING_MULTIPLIERS[pinning]
    models = []
    for m in MODELS.values():
        entry: dict[str, Any] = {
            "id": m.id,
            "hf_repo": m.hf_repo,
            "context_length": m.context_length,
            "quantization": m.quantization,
            "loaded": m.id in loaded_set,
        }
        if m.id in known_weights:
            entry["weights"] = dict(known_weights[m.id])
        models.append(entry)
    return {
        "region": region_info(region).code,
        "app_name": app_name(region),
        **extra,
        "models": models,
    }


def make_weights_report(*, quantization: str, prequantised: bool, load_seconds: float,
                        manifest_created_at: Optional[str]) -> dict[str, Any]:
    """How a GPU container loaded its model: `prequantised` is true only when transformers
    loaded already-quantised weights from the Volume (nothing was quantised at load)."""
    return {
        "source": "volume",
        "quantization": quantization,
        "prequantised": bool(prequantised),
        "load_seconds": round(float(load_seconds), 1),
        "manifest_created_at": manifest_created_at,
    }


# ---------------------------------------------------------------------------------------------
# Shared container state (written by the GPU container, read by the cheap health function)
# ---------------------------------------------------------------------------------------------


def make_container_state(
    *,
    models_ready: Sequence[str],
    model_errors: Mapping[str, str],
    modal_region: Optional[str],
    gpu: Optional[str],
    now: float,
    busy_since: Optional[float] = None,
    task_id: Optional[str] = None,
    weights: Optional[Mapping[str, Mapping[str, Any]]] = None,
) -> dict[str, Any]:
    return {
        "models_ready": list(models_ready),
        "weights": {m: dict(w) for m, w in (weights or {}).items()},
        "model_errors": dict(model_errors),
        "modal_region": modal_region,
        "gpu": gpu,
        "last_seen": float(now),
        "busy_since": busy_since,
        "task_id": task_id,
    }


def container_state_is_live(
    state: Any, now: float, scaledown_window: int, request_timeout: int, slack: int = 60
) -> bool:
    """Whether a recorded GPU container is plausibly still running: idle containers stop
    after the scaledown window; a busy one can run up to the request timeout."""
    if not isinstance(state, dict):
        return False
    busy_since = state.get("busy_since")
    if is_number(busy_since):
        return now - busy_since <= request_timeout + slack
    last_seen = state.get("last_seen")
    if not is_number(last_seen):
        return False
    return now - last_seen <= scaledown_window + slack




# ---------------------------------------------------------------------------------------------
# What the health endpoint knows: one entry per live container, one per model's last load error
# ---------------------------------------------------------------------------------------------
# Each GPU container writes "container:<model>:<task id>" (heartbeat on start, around every
# request, cleared on exit); a failed load writes "load_error:<model>", which outlives the
# container and is cleared by the next successful load of that model. A crashed container never
# clears its entry, so entries are judged by age: stale ones are not counted and are deleted.

CONTAINER_PREFIX = "container:"
LOAD_ERROR_PREFIX = "load_error:"
DEFAULT_LOAD_ERROR_TTL = 24 * 3600


def container_key(model_id: str, task_id: Optional[str]) -> str:
    return f"{CONTAINER_PREFIX}{model_id}:{task_id or 'unknown'}"


def load_error_key(model_id: str) -> str:
    return LOAD_ERROR_PREFIX + model_id


def make_load_error(error: str, now: float, task_id: Optional[str] = None) -> dict[str, Any]:
    return {"error": str(error), "at": float(now), "task_id": task_id}


@dataclass(frozen=True)
class StateSummary:
    models_ready: tuple[str, ...]
    model_errors: dict[str, str]
    model_error_times: dict[str, float]
    containers: int
    containers_busy: int
    modal_region: Optional[str]
    stale_keys: tuple[str, ...]
    model_weights: Optional[dict[str, dict[str, Any]]] = None


def summarize_state(
    entries: Mapping[str, Any],
    now: float,
    scaledown_window: int,
    request_timeout: int,
    load_error_ttl: float = DEFAULT_LOAD_ERROR_TTL,
) -> StateSummary:
    """Fold the shared entries into what health reports. Unknown keys are ignored."""
    ready: set[str] = set()
    weights: dict[str, dict[str, Any]] = {}
    errors: dict[str, str] = {}
    error_times: dict[str, float] = {}
    containers = busy = 0
    modal_region: Optional[str] = None
    latest_seen = -1.0
    stale: list[str] = []
    # Containers first, so that a model loaded anywhere supersedes its recorded load error.
    ordered = sorted(
        ((k, v) for k, v in entries.items() if isinstance(k, str)),
        key=lambda kv: not kv[0].startswith(CONTAINER_PREFIX),
    )
    for key, state in ordered:
        if key.startswith(CONTAINER_PREFIX):
            if not container_state_is_live(state, now, scaledown_window, request_timeout):
                stale.append(key)
                continue
            containers += 1
            if is_number(state.get("busy_since")):
                busy += 1
            ready.update(m for m in state.get("models_ready") or [] if m in MODELS)
            reported = state.get("weights")
            for m, w in (reported.items() if isinstance(reported, dict) else ()):
                if m in MODELS and isinstance(w, dict):
                    weights[m] = dict(w)
            for m, e in (state.get("model_errors") or {}).items():
                if m in MODELS:
                    errors[m] = str(e)
            seen = state.get("last_seen") if is_number(state.get("last_seen")) else 0.0
            if state.get("modal_region") and seen >= latest_seen:
                modal_region, latest_seen = state["modal_region"], seen
        elif key.startswith(LOAD_ERROR_PREFIX):
            model = key[len(LOAD_ERROR_PREFIX):]
            if not isinstance(state, dict) or not is_number(state.get("at")) \
                    or now - state["at"] > load_error_ttl or model not in MODELS:
                stale.append(key)
                continue
            if model not in ready:  # a later successful load elsewhere supersedes it
                errors.setdefault(model, str(state.get("error")))
                error_times[model] = float(state["at"])
    return StateSummary(
        models_ready=tuple(m for m in MODEL_IDS if m in ready),
        model_errors={m: errors[m] for m in MODEL_IDS if m in errors},
        model_error_times=error_times,
        containers=containers,
        containers_busy=busy,
        modal_region=modal_region,
        stale_keys=tuple(sorted(stale)),
        model_weights={m: weights[m] for m in MODEL_IDS if m in weights and m in ready},
    )

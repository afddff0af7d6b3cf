"""Health and model-info payloads, and the container state the GPU container publishes for the
cheap CPU endpoints."""

from __future__ import annotations

from typing import Any, Iterable, Mapping, Optional, Sequence

from .catalogue import MODEL_IDS, MODELS, app_name, region_info
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
    if errors:
        out["model_errors"] = [
            {"model": m, "error": str(errors[m])} for m in available if m in errors
        ]
    return out


def build_model_info(region: str, loaded: Iterable[str] = ()) -> dict[str, Any]:
    loaded_set = set(loaded)
    return {
        "region": region_info(region).code,
        "app_name": app_name(region),
        "models": [
            {
                "id": m.id,
                "hf_repo": m.hf_repo,
                "context_length": m.context_length,
                "quantization": m.quantization,
                "loaded": m.id in loaded_set,
            }
            for m in MODELS.values()
        ],
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
) -> dict[str, Any]:
    return {
        "models_ready": list(models_ready),
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



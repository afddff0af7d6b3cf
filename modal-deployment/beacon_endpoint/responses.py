"""Success and failure payloads of the inference endpoint."""

from __future__ import annotations

from typing import Any, Mapping, Optional, Sequence

from .catalogue import MODELS, region_info
from .errors import ERROR_CODES
from .receipts import round_seconds
from .validation import ValidationIssue, request_error_code


def build_success_response(
    *,
    response_text: str,
    model: str,
    region: str,
    inference_time: float,
    tokens_generated: int,
    receipt: Mapping[str, Any],
) -> dict[str, Any]:
    """A successful call. A model refusal is a success too: the call worked."""
    return {
        "success": True,
        "response": response_text,
        "model": MODELS[model].id,
        "region": region_info(region).code,
        "inference_time": round_seconds(inference_time),
        "tokens_generated": int(tokens_generated),
        "receipt": dict(receipt),
    }


def build_failure_response(
    *,
    error: str,
    error_code: str,
    region: str,
    inference_time: float,
    request_id: Optional[str] = None,
    model: Optional[str] = None,
    details: Optional[Sequence[str]] = None,
    moderated: Optional[bool] = None,
    placement: Optional[Mapping[str, Any]] = None,
) -> dict[str, Any]:
    """A call that did not produce a model answer. ``region`` is always this app's region;
    ``placement`` is where the GPU container that failed runs (only a GPU container says it)."""
    if error_code not in ERROR_CODES:
        raise ValueError(f"unknown error_code {error_code!r}")
    out: dict[str, Any] = {
        "success": False,
        "error": error or error_code,
        "error_code": error_code,
        "region": region_info(region).code,
        "inference_time": round_seconds(inference_time),
    }
    if isinstance(request_id, str) and request_id:
        out["request_id"] = request_id
    if isinstance(model, str) and model:
        out["model"] = model
    if details:
        out["details"] = [str(d) for d in details]
    if moderated is not None:
        out["moderated"] = bool(moderated)
    if placement is not None:
        out["placement"] = {
            "provider": placement.get("provider") or None,
            "region": placement.get("region") or None,
        }
    return out


def failure_for_issues(
    issues: Sequence[ValidationIssue], region: str, inference_time: float, payload: Any
) -> dict[str, Any]:
    """Failure response for a request that did not validate."""
    request_id = payload.get("request_id") if isinstance(payload, dict) else None
    model = payload.get("model") if isinstance(payload, dict) else None
    return build_failure_response(
        error="; ".join(str(i) for i in issues),
        error_code=request_error_code(issues),
        region=region,
        inference_time=inference_time,
        request_id=request_id if isinstance(request_id, str) else None,
        model=model if isinstance(model, str) else None,
        details=[str(i) for i in issues],
    )



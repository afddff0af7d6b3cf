"""Timestamps and the receipt: what ran, where, with which parameters and how long it took."""

from __future__ import annotations

import datetime as _dt
import math
from typing import Any, Mapping, Optional

from .catalogue import MODELS, app_name, region_info
from .jsontypes import is_number
from .validation import InferenceRequest

TIMESTAMP_PATTERN = (
    r"^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]+)?(Z|[+-][0-9]{2}:[0-9]{2})$"
)


def iso_utc(moment: _dt.datetime) -> str:
    """ISO-8601 UTC timestamp with milliseconds, e.g. 2025-06-01T12:00:00.123Z."""
    if moment.tzinfo is None:
        raise ValueError("timestamps must be timezone-aware")
    utc = moment.astimezone(_dt.timezone.utc)
    return utc.strftime("%Y-%m-%dT%H:%M:%S.") + f"{utc.microsecond // 1000:03d}Z"


def utc_now() -> _dt.datetime:
    return _dt.datetime.now(_dt.timezone.utc)


def round_seconds(value: float) -> float:
    if not is_number(value) or not math.isfinite(value):
        raise ValueError(f"not a duration: {value!r}")
    return round(max(0.0, float(value)), 3)


def build_receipt(
    *,
    request: InferenceRequest,
    region: str,
    modal_region: Optional[str],
    model_revision: Optional[str],
    started_at: _dt.datetime,
    finished_at: _dt.datetime,
    load_seconds: float,
    inference_seconds: float,
    prompt_tokens: int,
    cold_start: bool,
    gpu: Optional[str],
    emulated: bool = False,
    system_prompt_source: Optional[str] = None,
    system_prompt_mode: Optional[str] = None,
    finish_reason: Optional[str] = None,
    decoding: Optional[Mapping[str, Any]] = None,
    prompt_sha256: Optional[str] = None,
    chat_template_sha256: Optional[str] = None,
    prompt_date: Optional[str] = None,
    attempts: int = 1,
    attempts_tracked: Optional[bool] = None,
    batch_size: Optional[int] = None,
    placement: Optional[Mapping[str, Any]] = None,
) -> dict[str, Any]:
    """The receipt: what ran, where, with which parameters and how long it took.

    ``placement`` ({provider, region}, see placement.py) is where the container runs; its region is
    also ``modal_region`` when that is not given (older clients read only ``modal_region``)."""
    if placement is not None and not modal_region:
        modal_region = placement.get("region")
    model = MODELS[request.model]
    receipt: dict[str, Any] = {
        "request_id": request.request_id,
        "app_name": app_name(region),
        "region": region_info(region).code,
        "modal_region": modal_region or None,
        "model": model.id,
        "hf_repo": model.hf_repo,
        "model_revision": model_revision or None,
        "parameters": {
            "temperature": request.temperature,
            "max_tokens": request.max_tokens,
            "seed": request.seed,
        },
        "started_at": iso_utc(started_at),
        "finished_at": iso_utc(finished_at),
        "load_seconds": round_seconds(load_seconds),
        "inference_seconds": round_seconds(inference_seconds),
        "prompt_tokens": int(prompt_tokens),
        "cold_start": bool(cold_start),
        "gpu": gpu or None,
        "emulated": bool(emulated),
        "quantization": model.quantization,
        # Starts of this request id here: 1 unless a preempted container's input was re-run or
        # the client re-sent the request. The endpoint itself never re-asks.
        "attempts": int(attempts),
    }
    if placement is not None:
        receipt["placement"] = {
            "provider": placement.get("provider") or None,
            "region": placement.get("region") or None,
        }
    if attempts_tracked is not None:
        receipt["attempts_tracked"] = bool(attempts_tracked)
    if batch_size is not None:
        receipt["batch_size"] = int(batch_size)
    if system_prompt_source is not None:
        receipt["system_prompt_source"] = system_prompt_source
    if system_prompt_mode is not None:
        receipt["system_prompt_mode"] = system_prompt_mode
    if finish_reason is not None:
        receipt["finish_reason"] = finish_reason
    if decoding is not None:
        receipt["decoding"] = dict(decoding)
    if prompt_sha256 is not None:
        # Fingerprint of the exact rendered prompt (chat template applied): equal hashes, equal prompts.
        receipt["prompt_sha256"] = prompt_sha256
        receipt["chat_template_sha256"] = chat_template_sha256
        # The fixed date a date-inserting template rendered (never today's), or None.
        receipt["prompt_date"] = prompt_date
    return receipt




def utc_from_epoch(seconds: float) -> _dt.datetime:
    """A time.time() value as an aware UTC datetime (for timestamps kept in shared state)."""
    return _dt.datetime.fromtimestamp(float(seconds), _dt.timezone.utc)

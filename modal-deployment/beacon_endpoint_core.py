"""Pure-stdlib core of Beacon's regional inference endpoint.

Everything that does not need Modal, a GPU, torch or transformers lives here so that it
can be unit-tested anywhere: the region and model tables, the exact regional system prompt,
request validation, system prompt choice, chat message building, extraction of the newly
generated text, receipts, success/failure/health/model-info payloads, deploy configuration
read from environment variables, and a tiny JSON Schema validator for the keyword subset used
by the contract in ../contracts/regional-endpoint/.

Rules this module enforces (lessons from the old system, see BEACON.md):
  * an unknown region is an error, never a default (no "anything else -> eu-west");
  * a request for another region than the one this app serves is rejected ("wrong_region");
  * the endpoint answers once per request: it never re-asks after a refusal (every receipt
    records ``attempts: 1``); a model refusal is a *successful* call;
  * the endpoint reports the region it actually runs in (Modal's MODAL_REGION).

Do not import modal, torch, transformers or fastapi here.
"""

from __future__ import annotations

import datetime as _dt
import json
import math
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable, Mapping, Optional, Sequence

# ---------------------------------------------------------------------------------------------
# Regions
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RegionInfo:
    code: str  # Beacon region code: US, EU, APAC
    label: str  # Modal region label used by the old system (us-east, eu-west, asia-pacific)
    prompt_phrase: str  # phrase inserted in the regional system prompt
    modal_regions: tuple[str, ...]  # Modal region list the app is pinned to


REGIONS: dict[str, RegionInfo] = {
    "US": RegionInfo("US", "us-east", "the US", ("us-east", "us-central", "us-west")),
    "EU": RegionInfo("EU", "eu-west", "Europe", ("eu-west", "eu-north")),
    "APAC": RegionInfo("APAC", "asia-pacific", "Asia", ("ap-southeast", "ap-northeast")),
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

QUANTIZATIONS: tuple[str, ...] = ("fp16", "bf16", "8-bit", "4-bit")


@dataclass(frozen=True)
class ModelInfo:
    id: str
    hf_repo: str
    context_length: int
    home_region: str
    quantization: str  # one of QUANTIZATIONS
    gated: bool
    revision: Optional[str] = None  # pinned HF revision; None = the repo's default branch


MODELS: dict[str, ModelInfo] = {
    # T4 has 16 GB: Mistral 7B only fits next to the two small models in 8-bit (bitsandbytes);
    # the two small models stay in fp16 (T4 has no bf16), ~2.5 GB + ~3.1 GB.
    "llama3.2-1b": ModelInfo(
        "llama3.2-1b", "meta-llama/Llama-3.2-1B-Instruct", 128000, "US", "fp16", True
    ),
    "mistral-7b": ModelInfo(
        "mistral-7b", "mistralai/Mistral-7B-Instruct-v0.3", 32768, "EU", "8-bit", True
    ),
    "qwen2.5-1.5b": ModelInfo(
        "qwen2.5-1.5b", "Qwen/Qwen2.5-1.5B-Instruct", 32768, "APAC", "fp16", False
    ),
}

MODEL_IDS: tuple[str, ...] = tuple(MODELS)

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

# ---------------------------------------------------------------------------------------------
# Request limits and error codes
# ---------------------------------------------------------------------------------------------

TEMPERATURE_MIN = 0.0
TEMPERATURE_MAX = 2.0
MAX_TOKENS_MIN = 1
MAX_TOKENS_MAX = 4096
SEED_MIN = 0
SEED_MAX = 2_147_483_647  # fits a signed 32-bit int on every client
REQUEST_ID_MAX_LENGTH = 200

REQUIRED_REQUEST_FIELDS: tuple[str, ...] = (
    "model",
    "prompt",
    "system_prompt",
    "temperature",
    "max_tokens",
    "region",
    "request_id",
)
OPTIONAL_REQUEST_FIELDS: tuple[str, ...] = ("seed",)
ALLOWED_REQUEST_FIELDS: tuple[str, ...] = REQUIRED_REQUEST_FIELDS + OPTIONAL_REQUEST_FIELDS

ERROR_INVALID_REQUEST = "invalid_request"
ERROR_UNKNOWN_MODEL = "unknown_model"
ERROR_WRONG_REGION = "wrong_region"
ERROR_MODEL_NOT_LOADED = "model_not_loaded"
ERROR_GENERATION = "generation_error"
ERROR_MODERATION = "moderation"
ERROR_INTERNAL = "internal"

ERROR_CODES: tuple[str, ...] = (
    ERROR_INVALID_REQUEST,
    ERROR_UNKNOWN_MODEL,
    ERROR_WRONG_REGION,
    ERROR_MODEL_NOT_LOADED,
    ERROR_GENERATION,
    ERROR_MODERATION,
    ERROR_INTERNAL,
)


@dataclass(frozen=True)
class ValidationIssue:
    field: str
    message: str
    code: str = ERROR_INVALID_REQUEST

    def __str__(self) -> str:
        return f"{self.field}: {self.message}"


@dataclass(frozen=True)
class InferenceRequest:
    model: str
    prompt: str
    system_prompt: str  # as sent (may be empty: the regional default then applies)
    temperature: float
    max_tokens: int
    region: str
    request_id: str
    seed: Optional[int] = None


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _is_integer(value: Any) -> bool:
    if isinstance(value, bool):
        return False
    if isinstance(value, int):
        return True
    return isinstance(value, float) and math.isfinite(value) and value.is_integer()


def _type_name(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if _is_number(value):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    if isinstance(value, dict):
        return "object"
    return type(value).__name__


def validate_request(payload: Any, app_region: str) -> list[ValidationIssue]:
    """Validate an inference request body for the app serving ``app_region``.

    Returns every problem found (empty list = valid). Each issue names its field. Unknown
    fields, unknown models and unknown regions are errors; a valid region that is not this
    app's region is a ``wrong_region`` error. Nothing is ever defaulted silently except the
    system prompt, whose regional default applies when it is sent empty.
    """
    region_info(app_region)  # the app itself must be configured with a known region
    if not isinstance(payload, dict):
        return [ValidationIssue("body", f"must be a JSON object, got {_type_name(payload)}")]

    issues: list[ValidationIssue] = []

    for name in payload:
        if name not in ALLOWED_REQUEST_FIELDS:
            issues.append(
                ValidationIssue(
                    str(name),
                    f"unknown field (allowed: {', '.join(ALLOWED_REQUEST_FIELDS)})",
                )
            )
    for name in REQUIRED_REQUEST_FIELDS:
        if name not in payload:
            issues.append(ValidationIssue(name, "is required"))

    def present(name: str) -> bool:
        return name in payload

    # model
    if present("model"):
        v = payload["model"]
        if not isinstance(v, str):
            issues.append(ValidationIssue("model", f"must be a string, got {_type_name(v)}"))
        elif v not in MODELS:
            issues.append(
                ValidationIssue(
                    "model",
                    f"unknown model {v!r} (known: {', '.join(MODEL_IDS)})",
                    ERROR_UNKNOWN_MODEL,
                )
            )
    # prompt
    if present("prompt"):
        v = payload["prompt"]
        if not isinstance(v, str):
            issues.append(ValidationIssue("prompt", f"must be a string, got {_type_name(v)}"))
        elif not v.strip():
            issues.append(ValidationIssue("prompt", "must not be empty or whitespace only"))
    # system_prompt
    if present("system_prompt"):
        v = payload["system_prompt"]
        if not isinstance(v, str):
            issues.append(
                ValidationIssue("system_prompt", f"must be a string, got {_type_name(v)}")
            )
    # temperature
    if present("temperature"):
        v = payload["temperature"]
        if not _is_number(v) or not math.isfinite(v):
            issues.append(
                ValidationIssue("temperature", f"must be a number, got {_type_name(v)}")
            )
        elif not TEMPERATURE_MIN <= v <= TEMPERATURE_MAX:
            issues.append(
                ValidationIssue(
                    "temperature",
                    f"must be between {TEMPERATURE_MIN:g} and {TEMPERATURE_MAX:g}, got {v!r}",
                )
            )
    # max_tokens
    if present("max_tokens"):
        v = payload["max_tokens"]
        if not _is_integer(v):
            issues.append(
                ValidationIssue("max_tokens", f"must be an integer, got {v!r}")
            )
        elif not MAX_TOKENS_MIN <= v <= MAX_TOKENS_MAX:
            issues.append(
                ValidationIssue(
                    "max_tokens",
                    f"must be between {MAX_TOKENS_MIN} and {MAX_TOKENS_MAX}, got {v!r}",
                )
            )
    # region
    if present("region"):
        v = payload["region"]
        if not isinstance(v, str):
            issues.append(ValidationIssue("region", f"must be a string, got {_type_name(v)}"))
        elif v not in REGIONS:
            issues.append(
                ValidationIssue(
                    "region",
                    f"unknown region {v!r} (expected one of {', '.join(REGION_CODES)}; "
                    "no default region is applied)",
                )
            )
        elif v != app_region:
            issues.append(
                ValidationIssue(
                    "region",
                    f"request is for region {v!r} but this endpoint ({app_name(app_region)}) "
                    f"serves {app_region!r}; send it to the {v} endpoint",
                    ERROR_WRONG_REGION,
                )
            )
    # seed
    if present("seed"):
        v = payload["seed"]
        if v is not None:
            if not _is_integer(v):
                issues.append(
                    ValidationIssue("seed", f"must be an integer or null, got {v!r}")
                )
            elif not SEED_MIN <= v <= SEED_MAX:
                issues.append(
                    ValidationIssue(
                        "seed", f"must be between {SEED_MIN} and {SEED_MAX}, got {v!r}"
                    )
                )
    # request_id
    if present("request_id"):
        v = payload["request_id"]
        if not isinstance(v, str):
            issues.append(
                ValidationIssue("request_id", f"must be a string, got {_type_name(v)}")
            )
        elif not v.strip():
            issues.append(ValidationIssue("request_id", "must not be empty or whitespace only"))
        elif len(v) > REQUEST_ID_MAX_LENGTH:
            issues.append(
                ValidationIssue(
                    "request_id", f"must be at most {REQUEST_ID_MAX_LENGTH} characters"
                )
            )
    return issues


def request_error_code(issues: Sequence[ValidationIssue]) -> str:
    """One error code for a list of issues: wrong_region wins (misrouting matters most),
    then unknown_model, else invalid_request."""
    codes = {i.code for i in issues}
    if ERROR_WRONG_REGION in codes:
        return ERROR_WRONG_REGION
    if ERROR_UNKNOWN_MODEL in codes:
        return ERROR_UNKNOWN_MODEL
    return ERROR_INVALID_REQUEST


def parse_request(
    payload: Any, app_region: str
) -> tuple[Optional[InferenceRequest], list[ValidationIssue]]:
    """Validate and convert a request body. Returns (request, []) or (None, issues)."""
    issues = validate_request(payload, app_region)
    if issues:
        return None, issues
    seed = payload.get("seed")
    return (
        InferenceRequest(
            model=payload["model"],
            prompt=payload["prompt"],
            system_prompt=payload["system_prompt"],
            temperature=float(payload["temperature"]),
            max_tokens=int(payload["max_tokens"]),
            region=payload["region"],
            request_id=payload["request_id"],
            seed=None if seed is None else int(seed),
        ),
        [],
    )


# ---------------------------------------------------------------------------------------------
# Prompting and decoding
# ---------------------------------------------------------------------------------------------

SYSTEM_PROMPT_FROM_REQUEST = "request"
SYSTEM_PROMPT_REGIONAL_DEFAULT = "regional_default"
SYSTEM_ROLE = "system_role"
SYSTEM_MERGED_INTO_USER = "merged_into_user"


def choose_system_prompt(requested: Optional[str], region: str) -> tuple[str, str]:
    """Return (system prompt, source). The request's prompt is used verbatim; the regional
    default applies only when it is absent or empty/whitespace."""
    if isinstance(requested, str) and requested.strip():
        return requested, SYSTEM_PROMPT_FROM_REQUEST
    return regional_system_prompt(region), SYSTEM_PROMPT_REGIONAL_DEFAULT


def build_chat_messages(
    system_prompt: str, prompt: str, system_role_supported: bool = True
) -> list[dict[str, str]]:
    """Chat messages for the tokenizer's chat template: exactly one question per call.

    If the model's template rejects a system role, the system prompt is put before the user
    prompt in the single user turn (recorded in the receipt as 'merged_into_user')."""
    if system_role_supported:
        return [
            {"role": "system", "content": system_prompt},
            {"role": "user", "content": prompt},
        ]
    return [{"role": "user", "content": f"{system_prompt}\n\n{prompt}"}]


def decoding_settings(temperature: float) -> dict[str, Any]:
    """Decoding parameters, identical for every model so that answers are comparable.

    temperature 0 means greedy decoding; otherwise plain temperature sampling (no top-p/top-k
    truncation, no repetition penalty), overriding each model's own generation defaults."""
    if temperature <= 0:
        return {
            "do_sample": False,
            "temperature": 1.0,  # library neutral values: ignored when not sampling
            "top_p": 1.0,
            "top_k": 50,
            "repetition_penalty": 1.0,
        }
    return {
        "do_sample": True,
        "temperature": float(temperature),
        "top_p": 1.0,
        "top_k": 0,  # 0 disables top-k filtering
        "repetition_penalty": 1.0,
    }


def context_budget_issue(
    prompt_tokens: int, max_tokens: int, context_length: int
) -> Optional[ValidationIssue]:
    """An issue if prompt + requested new tokens do not fit in the model's context."""
    if prompt_tokens + max_tokens > context_length:
        return ValidationIssue(
            "max_tokens",
            f"prompt ({prompt_tokens} tokens) + max_tokens ({max_tokens}) exceeds the model's "
            f"context length ({context_length})",
        )
    return None


def new_token_ids(output_ids: Sequence[int], prompt_token_count: int) -> list[int]:
    """The ids generated after the prompt, given the full output sequence (prompt + new)."""
    if prompt_token_count < 0:
        raise ValueError("prompt_token_count must be >= 0")
    if prompt_token_count > len(output_ids):
        raise ValueError(
            f"output has {len(output_ids)} tokens, fewer than the prompt's {prompt_token_count}"
        )
    return [int(t) for t in list(output_ids)[prompt_token_count:]]


def cut_at_stop_token(
    ids: Sequence[int], stop_token_ids: Iterable[int]
) -> tuple[list[int], bool]:
    """Cut generated ids at the first stop (eos/pad) token. Returns (ids before it, stopped)."""
    stops = {int(s) for s in stop_token_ids if s is not None}
    out: list[int] = []
    for t in ids:
        if int(t) in stops:
            return out, True
        out.append(int(t))
    return out, False


@dataclass(frozen=True)
class GeneratedText:
    text: str
    token_ids: tuple[int, ...]
    tokens_generated: int
    finish_reason: str  # "stop" (model ended its answer) or "length" (hit max_tokens)


def extract_generated_text(
    output_ids: Sequence[int],
    prompt_token_count: int,
    decode: Callable[[list[int]], str],
    stop_token_ids: Iterable[int] = (),
    max_new_tokens: Optional[int] = None,
) -> GeneratedText:
    """Only the newly generated text: strip the prompt by token count, cut at the first stop
    token, decode (``decode`` should skip special tokens), strip surrounding whitespace."""
    new_ids = new_token_ids(output_ids, prompt_token_count)
    kept, stopped = cut_at_stop_token(new_ids, stop_token_ids)
    if stopped:
        finish = "stop"
    elif max_new_tokens is not None and len(new_ids) >= max_new_tokens:
        finish = "length"
    else:
        finish = "stop"
    text = decode(kept).strip()
    return GeneratedText(text, tuple(kept), len(kept), finish)


def strip_prompt_text(full_text: str, prompt_text: str) -> str:
    """Text-level fallback: remove the decoded prompt from the decoded full output.

    Raises ValueError when the output does not start with the prompt (then use token ids)."""
    if not full_text.startswith(prompt_text):
        raise ValueError("decoded output does not start with the decoded prompt")
    return full_text[len(prompt_text):].strip()


# ---------------------------------------------------------------------------------------------
# Receipts and responses
# ---------------------------------------------------------------------------------------------

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


def _seconds(value: float) -> float:
    if not _is_number(value) or not math.isfinite(value):
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
) -> dict[str, Any]:
    """The receipt: what ran, where, with which parameters and how long it took."""
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
        "load_seconds": _seconds(load_seconds),
        "inference_seconds": _seconds(inference_seconds),
        "prompt_tokens": int(prompt_tokens),
        "cold_start": bool(cold_start),
        "gpu": gpu or None,
        "emulated": bool(emulated),
        "quantization": model.quantization,
        "attempts": 1,  # the endpoint never re-asks, after a refusal or otherwise
    }
    if system_prompt_source is not None:
        receipt["system_prompt_source"] = system_prompt_source
    if system_prompt_mode is not None:
        receipt["system_prompt_mode"] = system_prompt_mode
    if finish_reason is not None:
        receipt["finish_reason"] = finish_reason
    if decoding is not None:
        receipt["decoding"] = dict(decoding)
    return receipt


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
        "inference_time": _seconds(inference_time),
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
) -> dict[str, Any]:
    """A call that did not produce a model answer. ``region`` is always this app's region."""
    if error_code not in ERROR_CODES:
        raise ValueError(f"unknown error_code {error_code!r}")
    out: dict[str, Any] = {
        "success": False,
        "error": error or error_code,
        "error_code": error_code,
        "region": region_info(region).code,
        "inference_time": _seconds(inference_time),
    }
    if isinstance(request_id, str) and request_id:
        out["request_id"] = request_id
    if isinstance(model, str) and model:
        out["model"] = model
    if details:
        out["details"] = [str(d) for d in details]
    if moderated is not None:
        out["moderated"] = bool(moderated)
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
    if _is_number(busy_since):
        return now - busy_since <= request_timeout + slack
    last_seen = state.get("last_seen")
    if not _is_number(last_seen):
        return False
    return now - last_seen <= scaledown_window + slack


# ---------------------------------------------------------------------------------------------
# Deploy configuration (environment variables read at deploy time and in the container)
# ---------------------------------------------------------------------------------------------

DEFAULT_SCALEDOWN_WINDOW = 120
DEFAULT_MAX_CONTAINERS = 1
DEFAULT_TIMEOUT = 900
DEFAULT_GPU = "T4"
DEFAULT_HF_SECRET = "huggingface-secret"


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

    @property
    def app_name(self) -> str:
        return app_name(self.region)

    @property
    def modal_regions(self) -> tuple[str, ...]:
        return REGIONS[self.region].modal_regions

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
    )


# ---------------------------------------------------------------------------------------------
# Tiny JSON Schema validator (draft 2020-12, keyword subset used by the contract)
# ---------------------------------------------------------------------------------------------

SCHEMA_KEYWORDS: frozenset[str] = frozenset(
    {
        "type", "required", "properties", "additionalProperties", "enum", "const",
        "minimum", "maximum", "exclusiveMinimum", "minLength", "maxLength", "items",
        "minItems", "pattern", "oneOf", "$ref",
    }
)
ANNOTATION_KEYWORDS: frozenset[str] = frozenset(
    {"$schema", "$id", "$comment", "title", "description", "$defs"}
)
_JSON_TYPES = frozenset({"null", "boolean", "integer", "number", "string", "array", "object"})


def _json_equal(a: Any, b: Any) -> bool:
    if isinstance(a, bool) or isinstance(b, bool):
        return isinstance(a, bool) and isinstance(b, bool) and a == b
    if _is_number(a) or _is_number(b):
        return _is_number(a) and _is_number(b) and a == b
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(_json_equal(x, y) for x, y in zip(a, b))
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(_json_equal(a[k], b[k]) for k in a)
    return type(a) is type(b) and a == b


def _matches_type(value: Any, type_name: str) -> bool:
    if type_name == "null":
        return value is None
    if type_name == "boolean":
        return isinstance(value, bool)
    if type_name == "integer":
        return _is_integer(value)
    if type_name == "number":
        return _is_number(value)
    if type_name == "string":
        return isinstance(value, str)
    if type_name == "array":
        return isinstance(value, list)
    if type_name == "object":
        return isinstance(value, dict)
    raise ValueError(f"unsupported JSON type {type_name!r}")


def _resolve_ref(root: Mapping[str, Any], ref: str) -> Mapping[str, Any]:
    if not ref.startswith("#/$defs/"):
        raise ValueError(f"unsupported $ref {ref!r} (only '#/$defs/...' is allowed)")
    node: Any = root
    for part in ref[2:].split("/"):
        part = part.replace("~1", "/").replace("~0", "~")
        if not isinstance(node, dict) or part not in node:
            raise ValueError(f"unresolvable $ref {ref!r}")
        node = node[part]
    if not isinstance(node, dict):
        raise ValueError(f"$ref {ref!r} does not point at a schema")
    return node


def _pointer_child(path: str, key: Any) -> str:
    return f"{path}/{key}" if path != "$" else f"$/{key}"


def validate_json(instance: Any, schema: Mapping[str, Any],
                  root: Optional[Mapping[str, Any]] = None, path: str = "$") -> list[str]:
    """Validate ``instance`` against ``schema``; returns error messages (empty = valid).

    Supports: type (string or array), required, properties, additionalProperties (bool),
    enum, const, minimum, maximum, exclusiveMinimum, minLength, maxLength, items, minItems,
    pattern (unanchored search, as in JSON Schema), oneOf, $ref to '#/$defs/...'.
    Unsupported keywords raise ValueError so the schemas stay within the subset.
    """
    root = schema if root is None else root
    errors: list[str] = []
    unknown = set(schema) - SCHEMA_KEYWORDS - ANNOTATION_KEYWORDS
    if unknown:
        raise ValueError(f"unsupported schema keyword(s) at {path}: {sorted(unknown)}")

    if "$ref" in schema:
        errors += validate_json(instance, _resolve_ref(root, schema["$ref"]), root, path)

    if "type" in schema:
        types = schema["type"] if isinstance(schema["type"], list) else [schema["type"]]
        if not any(_matches_type(instance, t) for t in types):
            errors.append(f"{path}: expected type {'|'.join(types)}, got {_type_name(instance)}")
            return errors  # other keywords would only add noise

    if "const" in schema and not _json_equal(instance, schema["const"]):
        errors.append(f"{path}: must equal {json.dumps(schema['const'])}")
    if "enum" in schema and not any(_json_equal(instance, e) for e in schema["enum"]):
        errors.append(
            f"{path}: {json.dumps(instance, ensure_ascii=False)} is not one of "
            f"{json.dumps(schema['enum'], ensure_ascii=False)}"
        )

    if _is_number(instance):
        if "minimum" in schema and instance < schema["minimum"]:
            errors.append(f"{path}: {instance} is less than minimum {schema['minimum']}")
        if "maximum" in schema and instance > schema["maximum"]:
            errors.append(f"{path}: {instance} is greater than maximum {schema['maximum']}")
        if "exclusiveMinimum" in schema and instance <= schema["exclusiveMinimum"]:
            errors.append(
                f"{path}: {instance} must be greater than {schema['exclusiveMinimum']}"
            )

    if isinstance(instance, str):
        if "minLength" in schema and len(instance) < schema["minLength"]:
            errors.append(f"{path}: shorter than minLength {schema['minLength']}")
        if "maxLength" in schema and len(instance) > schema["maxLength"]:
            errors.append(f"{path}: longer than maxLength {schema['maxLength']}")
        if "pattern" in schema and re.search(schema["pattern"], instance) is None:
            errors.append(f"{path}: does not match pattern {schema['pattern']!r}")

    if isinstance(instance, list):
        if "minItems" in schema and len(instance) < schema["minItems"]:
            errors.append(f"{path}: fewer than minItems {schema['minItems']}")
        if "items" in schema:
            for i, item in enumerate(instance):
                errors += validate_json(item, schema["items"], root, _pointer_child(path, i))

    if isinstance(instance, dict):
        for name in schema.get("required", []):
            if name not in instance:
                errors.append(f"{path}: missing required property {name!r}")
        props = schema.get("properties", {})
        for name, sub in props.items():
            if name in instance:
                errors += validate_json(instance[name], sub, root, _pointer_child(path, name))
        if "additionalProperties" in schema:
            ap = schema["additionalProperties"]
            if not isinstance(ap, bool):
                raise ValueError(f"{path}: additionalProperties must be a boolean here")
            if ap is False:
                for name in instance:
                    if name not in props:
                        errors.append(f"{path}: unexpected property {name!r}")

    if "oneOf" in schema:
        branch_errors = [validate_json(instance, s, root, path) for s in schema["oneOf"]]
        matched = sum(1 for e in branch_errors if not e)
        if matched != 1:
            msg = f"{path}: must match exactly one oneOf branch, matched {matched}"
            if matched == 0:
                for i, errs in enumerate(branch_errors):
                    msg += f"; [branch {i}] " + " | ".join(errs)
            errors.append(msg)
    return errors


def unsupported_schema_keywords(schema: Any, path: str = "$") -> list[str]:
    """Walk a schema and list keywords outside the supported subset (for contract tests)."""
    found: list[str] = []
    if not isinstance(schema, dict):
        return [f"{path}: schema must be an object"]
    for key, value in schema.items():
        here = f"{path}/{key}"
        if key not in SCHEMA_KEYWORDS and key not in ANNOTATION_KEYWORDS:
            found.append(here)
        if key == "type":
            types = value if isinstance(value, list) else [value]
            found += [f"{here}: unknown type {t!r}" for t in types if t not in _JSON_TYPES]
        elif key in ("properties", "$defs"):
            for name, sub in value.items():
                found += unsupported_schema_keywords(sub, f"{here}/{name}")
        elif key == "items":
            found += unsupported_schema_keywords(value, here)
        elif key == "oneOf":
            for i, sub in enumerate(value):
                found += unsupported_schema_keywords(sub, f"{here}/{i}")
        elif key == "additionalProperties" and not isinstance(value, bool):
            found.append(f"{here}: must be a boolean")
        elif key == "$ref" and not str(value).startswith("#/$defs/"):
            found.append(f"{here}: only '#/$defs/...' references are allowed")
    return found


# ---------------------------------------------------------------------------------------------
# Contract files
# ---------------------------------------------------------------------------------------------

SCHEMA_FILES: dict[str, str] = {
    "inference-request": "inference-request.schema.json",
    "inference-response": "inference-response.schema.json",
    "health-response": "health-response.schema.json",
    "model-info-response": "model-info-response.schema.json",
}

# Example file name prefix -> schema name. Longest prefixes first.
EXAMPLE_PREFIXES: tuple[tuple[str, str], ...] = (
    ("model-info", "model-info-response"),
    ("request-", "inference-request"),
    ("response-", "inference-response"),
    ("health-", "health-response"),
)


def contracts_dir() -> Path:
    """contracts/regional-endpoint next to modal-deployment in the repository."""
    return Path(__file__).resolve().parent.parent / "contracts" / "regional-endpoint"


def load_schema(name: str, base: Optional[Path] = None) -> dict[str, Any]:
    path = (base or contracts_dir()) / SCHEMA_FILES[name]
    with path.open(encoding="utf-8") as f:
        return json.load(f)


def schema_name_for_example(file_name: str) -> str:
    for prefix, schema in EXAMPLE_PREFIXES:
        if file_name.startswith(prefix):
            return schema
    raise ValueError(f"example {file_name!r} has no known prefix")

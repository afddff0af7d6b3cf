"""Request limits, validation and parsing. Every problem names its field; nothing is defaulted
silently except the system prompt (see chat.choose_system_prompt)."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, Optional, Sequence

from .catalogue import MODEL_IDS, MODELS, REGION_CODES, REGIONS, app_name, region_info
from .errors import ERROR_INVALID_REQUEST, ERROR_UNKNOWN_MODEL, ERROR_WRONG_REGION
from .jsontypes import is_integer, is_number, json_type_name

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
    system_prompt: Optional[str]  # as sent: empty = the regional default, None = no system prompt
    temperature: float
    max_tokens: int
    region: str
    request_id: str
    seed: Optional[int] = None


def validate_request(payload: Any, app_region: str) -> list[ValidationIssue]:
    """Validate an inference request body for the app serving ``app_region``.

    Returns every problem found (empty list = valid). Each issue names its field. Unknown
    fields, unknown models and unknown regions are errors; a valid region that is not this
    app's region is a ``wrong_region`` error. Nothing is ever defaulted silently except the
    system prompt, whose regional default applies when it is sent empty.
    """
    region_info(app_region)  # the app itself must be configured with a known region
    if not isinstance(payload, dict):
        return [ValidationIssue("body", f"must be a JSON object, got {json_type_name(payload)}")]

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
            issues.append(ValidationIssue("model", f"must be a string, got {json_type_name(v)}"))
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
            issues.append(ValidationIssue("prompt", f"must be a string, got {json_type_name(v)}"))
        elif not v.strip():
            issues.append(ValidationIssue("prompt", "must not be empty or whitespace only"))
    # system_prompt
    if present("system_prompt"):
        v = payload["system_prompt"]
        if v is not None and not isinstance(v, str):
            issues.append(
                ValidationIssue("system_prompt", f"must be a string, got {json_type_name(v)}")
            )
    # temperature
    if present("temperature"):
        v = payload["temperature"]
        if not is_number(v) or not math.isfinite(v):
            issues.append(
                ValidationIssue("temperature", f"must be a number, got {json_type_name(v)}")
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
        if not is_integer(v):
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
            issues.append(ValidationIssue("region", f"must be a string, got {json_type_name(v)}"))
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
            if not is_integer(v):
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
                ValidationIssue("request_id", f"must be a string, got {json_type_name(v)}")
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

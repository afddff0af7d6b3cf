"""Error codes of a failed call (the contract's Failure.error_code enum, in this order)."""

from __future__ import annotations

ERROR_INVALID_REQUEST = "invalid_request"
ERROR_UNKNOWN_MODEL = "unknown_model"
ERROR_WRONG_REGION = "wrong_region"
ERROR_MODEL_NOT_LOADED = "model_not_loaded"
ERROR_GENERATION = "generation_error"
ERROR_MODERATION = "moderation"
ERROR_INTERNAL = "internal"
# Output no model answer looks like: runs of "!!!!", U+FFFD, no letters (see degenerate.py).
ERROR_DEGENERATE_OUTPUT = "degenerate_output"

ERROR_CODES: tuple[str, ...] = (
    ERROR_INVALID_REQUEST,
    ERROR_UNKNOWN_MODEL,
    ERROR_WRONG_REGION,
    ERROR_MODEL_NOT_LOADED,
    ERROR_GENERATION,
    ERROR_MODERATION,
    ERROR_INTERNAL,
    ERROR_DEGENERATE_OUTPUT,
)

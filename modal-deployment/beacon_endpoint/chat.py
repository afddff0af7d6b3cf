"""Prompting: which system prompt, the chat messages, and the decoding settings."""

from __future__ import annotations

from typing import Any, Optional

from .catalogue import regional_system_prompt

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

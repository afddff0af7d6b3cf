"""Prompting: which system prompt, the chat messages, the decoding settings, and the fixed date and
hashes that make a rendered prompt reproducible."""

from __future__ import annotations

import datetime as _dt
import hashlib
from typing import Any, Optional

from .catalogue import regional_system_prompt

SYSTEM_PROMPT_FROM_REQUEST = "request"
SYSTEM_PROMPT_REGIONAL_DEFAULT = "regional_default"
SYSTEM_PROMPT_NONE = "none"
SYSTEM_ROLE = "system_role"
SYSTEM_MERGED_INTO_USER = "merged_into_user"


def choose_system_prompt(requested: Optional[str], region: str) -> tuple[Optional[str], str]:
    """Return (system prompt, source). The request's prompt is used verbatim; null (None) means no
    system prompt at all (Beacon's "none" persona, a control); the regional default applies only when
    it is empty/whitespace. The field itself is required (validation), so None is always an explicit null."""
    if requested is None:
        return None, SYSTEM_PROMPT_NONE
    if isinstance(requested, str) and requested.strip():
        return requested, SYSTEM_PROMPT_FROM_REQUEST
    return regional_system_prompt(region), SYSTEM_PROMPT_REGIONAL_DEFAULT


def build_chat_messages(
    system_prompt: Optional[str], prompt: str, system_role_supported: bool = True
) -> list[dict[str, str]]:
    """Chat messages for the tokenizer's chat template: exactly one question per call.

    If the model's template rejects a system role, the system prompt is put before the user
    prompt in the single user turn (recorded in the receipt as 'merged_into_user'). Without a system
    prompt (None) there is only the user turn."""
    if system_prompt is None:
        return [{"role": "user", "content": prompt}]
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


# ---------------------------------------------------------------------------------------------
# Reproducible prompts: chat templates that insert today's date
# ---------------------------------------------------------------------------------------------
# Llama 3.x templates render "Today Date: <date_string>" with date_string defaulting to
# strftime_now("%d %b %Y"): the same job would send a different prompt every day. Beacon passes
# a fixed date instead: the template's own fallback, "26 Jul 2024". Templates that do not use a
# date ignore the extra variables.

FIXED_PROMPT_DATE = _dt.date(2024, 7, 26)
FIXED_DATE_STRING = FIXED_PROMPT_DATE.strftime("%d %b %Y")  # "26 Jul 2024"
DATE_TEMPLATE_MARKERS: tuple[str, ...] = ("strftime_now", "date_string", "now()")


def template_inserts_date(template_source: Optional[str]) -> bool:
    """Whether a chat template's source can put a date in the prompt."""
    return bool(template_source) and any(m in template_source for m in DATE_TEMPLATE_MARKERS)


def fixed_strftime(fmt: str) -> str:
    """Stands in for the template global strftime_now: always the fixed date."""
    return FIXED_PROMPT_DATE.strftime(fmt)


def chat_template_kwargs(template_source: Optional[str]) -> dict[str, Any]:
    """Extra variables for tokenizer.apply_chat_template so that the rendered prompt never depends
    on the day it runs. Render-time variables shadow the template globals, so a template calling
    strftime_now directly also gets the fixed date (checkable only with the real templates: see
    the smoke test)."""
    if not template_inserts_date(template_source):
        return {}
    return {"date_string": FIXED_DATE_STRING, "strftime_now": fixed_strftime}


def prompt_date(template_source: Optional[str]) -> Optional[str]:
    """The date the rendered prompt carries (for the receipt); None when the template has none."""
    return FIXED_DATE_STRING if template_inserts_date(template_source) else None


def sha256_text(text: Optional[str]) -> Optional[str]:
    """Hex SHA-256 of UTF-8 text: the receipt's fingerprint of the exact rendered prompt and of
    the chat template, so two runs can be shown to have sent the same prompt."""
    if text is None:
        return None
    return hashlib.sha256(text.encode("utf-8")).hexdigest()

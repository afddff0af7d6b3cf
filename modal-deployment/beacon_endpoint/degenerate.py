"""Degenerate output: text a broken model or precision produces that must never count as an answer.

Qwen2-family models in fp16 on GPUs without bf16 (the T4) are reported to emit runs of "!!!!"; a
broken tokenizer or a cut multi-byte sequence gives U+FFFD replacement characters. Such output is
a technical failure (error code ``degenerate_output``), never an answer to classify. The rules are
deliberately narrow so that short, legitimate answers ("4", "2 + 2 = 4.", "Paris", "巴黎。") and
ordinary Markdown (tables, rules, ellipses) pass:

  replacement_characters  3 or more U+FFFD, or U+FFFD as 10% or more of the visible characters
  no_letters_or_digits    not a single letter or digit (e.g. "!!!!!!!!", "。。。")
  no_letters              64 or more visible characters and not one letter (e.g. "1111...")
  repeated_sequence       one unit of 1-16 characters repeated back to back (4+ times, 16+
                          characters), covering 30% or more of the reply, or 200+ characters
                          anywhere; units made only of Markdown/whitespace characters count
                          only at 200+ characters

Beacon applies the same rules (Beacon.Core/Inference/DegenerateOutputDetector.cs); keep them equal.
A longer loop (a whole sentence repeated) is model behaviour, not degenerate output: it is kept.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Optional

REPLACEMENT_CHARACTER = "\ufffd"

REASON_REPLACEMENT_CHARACTERS = "replacement_characters"
REASON_NO_LETTERS_OR_DIGITS = "no_letters_or_digits"
REASON_NO_LETTERS = "no_letters"
REASON_REPEATED_SEQUENCE = "repeated_sequence"

REPLACEMENT_MIN_COUNT = 3
REPLACEMENT_MIN_SHARE = 0.1
NO_LETTERS_MIN_LENGTH = 64
REPEAT_MAX_UNIT = 16
REPEAT_MIN_TIMES = 4
REPEAT_MIN_SPAN = 16
REPEAT_MIN_SHARE = 0.3
REPEAT_ALWAYS_SPAN = 200
EXCERPT_CHARS = 80

# Characters Markdown and plain-text layout repeat legitimately (rules, tables, ellipses, indents).
FORMATTING_CHARACTERS = frozenset("-=_*#~.|:+`>'\"\u2014\u2500\u2501\u2550\u00b7\u2026 \t\r\n\u3000")

_REPEAT = re.compile(r"(.{1,%d}?)\1{%d,}" % (REPEAT_MAX_UNIT, REPEAT_MIN_TIMES - 1), re.DOTALL)


@dataclass(frozen=True)
class DegenerateOutput:
    reason: str
    detail: str

    def __str__(self) -> str:
        return f"{self.reason}: {self.detail}"


def _excerpt(text: str) -> str:
    return text if len(text) <= EXCERPT_CHARS else text[:EXCERPT_CHARS] + "..."


def detect_degenerate_output(text: str) -> Optional[DegenerateOutput]:
    """The first rule the text breaks, or None. Empty text is not judged here (it is its own
    failure)."""
    stripped = text.strip()
    visible = [c for c in stripped if not c.isspace()]
    if not visible:
        return None

    replacements = stripped.count(REPLACEMENT_CHARACTER)
    if replacements >= REPLACEMENT_MIN_COUNT or (
        replacements and replacements / len(visible) >= REPLACEMENT_MIN_SHARE
    ):
        return DegenerateOutput(
            REASON_REPLACEMENT_CHARACTERS,
            f"{replacements} U+FFFD replacement characters in {len(visible)} visible characters",
        )

    if not any(c.isalpha() or c.isdigit() for c in visible):
        return DegenerateOutput(REASON_NO_LETTERS_OR_DIGITS, f"no letter or digit: {_excerpt(stripped)!r}")

    if len(visible) >= NO_LETTERS_MIN_LENGTH and not any(c.isalpha() for c in visible):
        return DegenerateOutput(
            REASON_NO_LETTERS, f"{len(visible)} visible characters, no letter: {_excerpt(stripped)!r}"
        )

    for match in _REPEAT.finditer(stripped):
        unit, span = match.group(1), len(match.group(0))
        if span < REPEAT_MIN_SPAN or unit.isspace():
            continue
        formatting = all(c in FORMATTING_CHARACTERS for c in unit)
        if span >= REPEAT_ALWAYS_SPAN or (
            not formatting and span / len(stripped) >= REPEAT_MIN_SHARE
        ):
            return DegenerateOutput(
                REASON_REPEATED_SEQUENCE,
                f"{unit!r} repeated {span // len(unit)} times ({span} of {len(stripped)} characters)",
            )
    return None


def failure_details(found: DegenerateOutput, text: str) -> list[str]:
    """The failure's ``details``: the rule broken and a bounded excerpt of what the model wrote."""
    return [str(found), f"excerpt: {_excerpt(text.strip())!r}"]

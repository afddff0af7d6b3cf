"""Extraction of the newly generated text from a generate() output."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Iterable, Optional, Sequence


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



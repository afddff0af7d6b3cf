"""Which requests may share one batched generate() call.

A batch runs with one generation config and one random generator, so:
  * greedy requests (temperature 0) batch together whatever their seeds (a seed changes nothing);
  * sampled requests without a seed batch together when their temperature is the same;
  * a sampled request WITH a seed runs alone, seeded, so that its answer depends only on its seed
    and never on which other requests happened to arrive with it.
The batch generates up to the largest max_tokens; each answer is cut at its own max_tokens.
Batched greedy decoding can differ from unbatched decoding in the last bits of fp16 arithmetic
(padding changes the kernels' shapes): the receipt's batch_size says how each answer was made.
"""

from __future__ import annotations

from typing import Hashable, Sequence

from .validation import InferenceRequest


def batch_key(request: InferenceRequest) -> Hashable:
    if request.temperature <= 0:
        return ("greedy",)
    if request.seed is not None:
        return ("seeded", request.request_id)
    return ("sampled", request.temperature)


def plan_batches(requests: Sequence[InferenceRequest], max_batch_size: int) -> list[list[int]]:
    """Indices of ``requests`` grouped into batches, in arrival order within each batch."""
    if max_batch_size < 1:
        raise ValueError("max_batch_size must be >= 1")
    groups: dict[Hashable, list[int]] = {}
    for i, request in enumerate(requests):
        groups.setdefault(batch_key(request), []).append(i)
    batches: list[list[int]] = []
    for indices in groups.values():
        for start in range(0, len(indices), max_batch_size):
            batches.append(indices[start:start + max_batch_size])
    return batches

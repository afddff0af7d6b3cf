"""Attempts: how many times a request id has started on this endpoint.

Modal re-runs an input whose GPU container was preempted, and a client's resilience layer may
re-send a request after a timeout: the same request id then starts again. The endpoint never
re-asks on its own, but it must not pretend a second start is the first. Each start is recorded in
a small key-value store (a modal.Dict in the app, a dict in the tests) and the receipt reports the
attempt number honestly. Records older than ``ttl_seconds`` are stale: the id starts over (Modal
Dict entries themselves only expire after 7 days without use).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Optional, Protocol

DEFAULT_ATTEMPT_TTL_SECONDS = 24 * 3600
KEY_PREFIX = "attempt:"


class AttemptStore(Protocol):
    """The two operations the endpoint needs; modal.Dict has both."""

    def get(self, key: str, default: Any = None) -> Any: ...

    def put(self, key: str, value: Any) -> Any: ...


@dataclass
class MemoryAttemptStore:
    """An in-process store for tests and for running without Modal."""

    data: dict[str, Any] = field(default_factory=dict)

    def get(self, key: str, default: Any = None) -> Any:
        return self.data.get(key, default)

    def put(self, key: str, value: Any) -> None:
        self.data[key] = value


@dataclass(frozen=True)
class AttemptRecord:
    attempt: int  # 1 for the first start of this request id, 2 for the second, ...
    first_started_at: float
    tracked: bool = True  # False when the store failed: the attempt number is then unknown
    previous_task_ids: tuple[str, ...] = ()


def attempt_key(request_id: str) -> str:
    return KEY_PREFIX + request_id


def register_attempt(
    store: AttemptStore,
    request_id: str,
    now: float,
    task_id: Optional[str] = None,
    ttl_seconds: float = DEFAULT_ATTEMPT_TTL_SECONDS,
) -> AttemptRecord:
    """Record that ``request_id`` starts now and return which attempt this is.

    Read-then-write, not atomic: two starts of the same id at the same instant could both see
    attempt 1. Preemption re-runs and client retries come seconds apart, so that race is accepted.
    A store that fails does not fail the request: the record says ``tracked=False``.
    """
    key = attempt_key(request_id)
    try:
        previous = store.get(key)
    except Exception:  # noqa: BLE001 - the store informs; it never fails an inference
        return AttemptRecord(attempt=1, first_started_at=now, tracked=False)
    fresh = (
        isinstance(previous, dict)
        and isinstance(previous.get("attempts"), int)
        and isinstance(previous.get("last_started_at"), (int, float))
        and now - previous["last_started_at"] <= ttl_seconds
    )
    if fresh:
        attempt = previous["attempts"] + 1
        first = float(previous.get("first_started_at", previous["last_started_at"]))
        tasks = tuple(str(t) for t in previous.get("task_ids", []) if t)
    else:
        attempt, first, tasks = 1, now, ()
    value = {
        "attempts": attempt,
        "first_started_at": first,
        "last_started_at": now,
        "task_ids": list(tasks) + ([task_id] if task_id else []),
    }
    try:
        store.put(key, value)
    except Exception:  # noqa: BLE001
        return AttemptRecord(attempt=attempt, first_started_at=first, tracked=False,
                             previous_task_ids=tasks)
    return AttemptRecord(attempt=attempt, first_started_at=first, previous_task_ids=tasks)

"""Where this container runs, as Modal says: MODAL_CLOUD_PROVIDER (aws, gcp, oci) and MODAL_REGION
(a cloud region or zone such as us-east-1, europe-west4-a). Beacon checks it against Modal's
region table; this side only reports it, raw, and never guesses a missing part."""

from __future__ import annotations

from typing import Any, Mapping, Optional

PROVIDER_VARIABLE = "MODAL_CLOUD_PROVIDER"
REGION_VARIABLE = "MODAL_REGION"


def _clean(value: Optional[str]) -> Optional[str]:
    text = (value or "").strip()
    return text or None


def placement_from_env(env: Mapping[str, str]) -> dict[str, Any]:
    """{"provider": ..., "region": ...}; a part Modal did not set is None. The provider is
    lower-cased (Modal reports it in lower case; a stray capital must not fail a check)."""
    provider = _clean(env.get(PROVIDER_VARIABLE))
    return {
        "provider": provider.lower() if provider else None,
        "region": _clean(env.get(REGION_VARIABLE)),
    }


def describe(placement: Optional[Mapping[str, Any]]) -> str:
    """aws/us-east-1, ?/us-east-1 when a part is missing (for logs)."""
    placement = placement or {}
    return f"{placement.get('provider') or '?'}/{placement.get('region') or '?'}"

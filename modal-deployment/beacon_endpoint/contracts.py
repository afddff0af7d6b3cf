"""Where the regional endpoint contract's schemas and examples live in the repository."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Optional

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
    return Path(__file__).resolve().parent.parent.parent / "contracts" / "regional-endpoint"


def load_schema(name: str, base: Optional[Path] = None) -> dict[str, Any]:
    path = (base or contracts_dir()) / SCHEMA_FILES[name]
    with path.open(encoding="utf-8") as f:
        return json.load(f)


def schema_name_for_example(file_name: str) -> str:
    for prefix, schema in EXAMPLE_PREFIXES:
        if file_name.startswith(prefix):
            return schema
    raise ValueError(f"example {file_name!r} has no known prefix")


"""Shared fixtures of the stdlib tests of the beacon_endpoint package and of the contract.

Run from the repository root:
    python3 -m unittest discover -s modal-deployment/tests -t modal-deployment
or from modal-deployment/:
    python3 -m unittest discover -s tests
"""

import datetime as dt
import json
import sys
from pathlib import Path

DEPLOYMENT_DIR = Path(__file__).resolve().parent.parent
if str(DEPLOYMENT_DIR) not in sys.path:
    sys.path.insert(0, str(DEPLOYMENT_DIR))

from beacon_endpoint import contracts, receipts, validation  # noqa: E402

CONTRACTS = contracts.contracts_dir()
EXAMPLES = CONTRACTS / "examples"
INVALID = EXAMPLES / "invalid"

US_PROMPT = (
    "You are a helpful, honest, and harmless AI assistant based in the US. Answer questions "
    "directly and factually. For sensitive political topics, provide balanced, factual "
    "information from multiple perspectives."
)
EU_PROMPT = (
    "You are a helpful, honest, and harmless AI assistant based in Europe. Answer questions "
    "directly and factually. For sensitive political topics, provide balanced, factual "
    "information from multiple perspectives."
)
APAC_PROMPT = (
    "You are a helpful, honest, and harmless AI assistant based in Asia. Answer questions "
    "directly and factually. For sensitive political topics, provide balanced, factual "
    "information from multiple perspectives."
)


def load_json(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def contract_schema(name):
    return contracts.load_schema(name)


def valid_request(**overrides):
    body = {
        "model": "llama3.2-1b",
        "prompt": "What is 2+2?",
        "system_prompt": "",
        "temperature": 0.1,
        "max_tokens": 500,
        "region": "US",
        "request_id": "req-1",
    }
    body.update(overrides)
    return body


def fields(issues):
    return [i.field for i in issues]


T0 = dt.datetime(2025, 6, 1, 12, 0, 0, 120000, tzinfo=dt.timezone.utc)
T1 = dt.datetime(2025, 6, 1, 12, 0, 41, 447000, tzinfo=dt.timezone.utc)


def sample_receipt(request=None, **overrides):
    request = request or validation.parse_request(valid_request(seed=7), "US")[0]
    kwargs = dict(
        request=request,
        region="US",
        modal_region="us-east-1",
        model_revision="abc123",
        started_at=T0,
        finished_at=T1,
        load_seconds=0,
        inference_seconds=41.3012,
        prompt_tokens=58,
        cold_start=False,
        gpu="Tesla T4",
    )
    kwargs.update(overrides)
    return receipts.build_receipt(**kwargs)

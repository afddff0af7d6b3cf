"""Smoke test for the first real deployment of a region (stdlib only; needs network and Modal).

    export BEACON_WORKSPACE=<your modal workspace>
    export MODAL_PROXY_TOKEN_ID=wk-...  MODAL_PROXY_TOKEN_SECRET=ws-...
    python3 smoke_test.py --region EU [--environment dev] [--models all]

For each model of the region it checks: proxy auth (a request without the token must get 401),
health and model-info (the capacity Beacon sizes its concurrency from, the pinning and its price
multiplier Beacon's cost estimate uses; after the calls, that each model was loaded from the Volume
and that Mistral's saved 8-bit weights were loaded pre-quantised, not quantised at load), a cold
first call and a warm second one (cold-start time), answers to a few
prompts in English and Chinese (non-empty, not degenerate output, short answers correct), tokens
per second, the receipt (region actually run, attempts, prompt_date only for date-inserting
templates, the same prompt_sha256 for the same prompt twice). It ends with a list of what to fix.
It has NOT been run here: this machine has no Modal account, no network and no GPU.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
import urllib.error
import urllib.request
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Optional

sys.path.insert(0, str(Path(__file__).resolve().parent))

from beacon_endpoint import catalogue, config, degenerate, weights  # noqa: E402

# (prompt, a substring a correct answer contains, or None to only check it is an answer)
PROMPTS: tuple[tuple[str, Optional[str]], ...] = (
    ("What is 2+2?", "4"),
    ("What is the capital of France?", "Paris"),
    ("法国的首都是哪里？", "巴黎"),
    ("Who are you?", None),
)
MIN_TOKENS_PER_SECOND = 5.0  # a T4 does far better on these models; below this, check precision/offload
MAX_COLD_START_SECONDS = 300.0
REGION_PREFIXES = {"US": ("us",), "EU": ("eu", "europe"), "APAC": ("ap", "asia")}


@dataclass
class Findings:
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def fix(self, text: str) -> None:
        self.problems.append(text)

    def note(self, text: str) -> None:
        self.notes.append(text)


def assess_answer(model: str, prompt: str, expected: Optional[str], reply: dict[str, Any],
                  findings: Findings) -> None:
    """Check one reply of the inference endpoint (pure: unit-tested offline)."""
    where = f"{model} / {prompt!r}"
    if not reply.get("success"):
        code = reply.get("error_code")
        hint = {
            "degenerate_output": "degenerate output: check the model's precision on this GPU "
                                 "(fp16 overflow on a T4, which has no bf16, prints '!!!!'; "
                                 "serve it in fp32 or 8-bit: catalogue.py quantization)",
            "model_not_loaded": "weights missing or gated: run the download step, check the "
                                "HF token's licence acceptance",
            "wrong_region": "the URL serves another region",
        }.get(code, "see the endpoint logs (modal app logs)")
        findings.fix(f"{where}: failed with {code}: {reply.get('error')} -> {hint}")
        return
    text = reply.get("response") or ""
    found = degenerate.detect_degenerate_output(text)
    if found is not None:
        findings.fix(f"{where}: degenerate output passed the endpoint's check ({found})")
    if expected is not None and expected not in text:
        findings.fix(f"{where}: expected {expected!r} in the answer, got {text[:120]!r}")
    receipt = reply.get("receipt") or {}
    seconds = receipt.get("inference_seconds") or 0
    tokens = reply.get("tokens_generated") or 0
    if seconds and tokens:
        rate = tokens / seconds
        batch = receipt.get("batch_size") or 1
        findings.note(f"{where}: {tokens} tokens in {seconds:.1f}s = {rate:.1f} tokens/s (batch {batch})")
        if rate < MIN_TOKENS_PER_SECOND:
            findings.fix(f"{where}: only {rate:.1f} tokens/s: is the model on the GPU (device_map) "
                         "and in the intended precision?")
    if receipt.get("attempts", 1) != 1:
        findings.note(f"{where}: attempts {receipt.get('attempts')} (preempted or re-sent)")


def assess_receipts(model: str, region: str, first: dict[str, Any], second: dict[str, Any],
                    findings: Findings) -> None:
    """Two replies to the same request body (pure: unit-tested offline)."""
    r1, r2 = first.get("receipt") or {}, second.get("receipt") or {}
    if not (first.get("success") and second.get("success")):
        return
    if r1.get("prompt_sha256") != r2.get("prompt_sha256"):
        findings.fix(f"{model}: the same request rendered two different prompts (prompt_sha256 "
                     "differs): the chat template depends on something that changes")
    date = r1.get("prompt_date")
    if catalogue.MODELS[model].template_inserts_date and date is None:
        findings.fix(f"{model}: the catalogue says its template inserts a date but the receipt "
                     "has no prompt_date: check chat_template_kwargs against the real template")
    if not catalogue.MODELS[model].template_inserts_date and date is not None:
        findings.fix(f"{model}: its template inserts a date ({date}); set "
                     "template_inserts_date=True in catalogue.py")
    modal_region = (r1.get("modal_region") or "").lower()
    if not modal_region:
        findings.fix(f"{model}: receipt has no modal_region (MODAL_REGION unset?)")
    elif not modal_region.startswith(REGION_PREFIXES[region]):
        findings.fix(f"{model}: ran in {modal_region}, not in {region}: check the region pinning")
    placement = r1.get("placement")
    if not isinstance(placement, dict) or not placement.get("provider"):
        # Beacon verifies the region against Modal's table per provider; without it the answer
        # can still be judged on the region alone, but an inconsistent report is not caught.
        findings.fix(f"{model}: receipt has no placement provider (MODAL_CLOUD_PROVIDER unset?)")


def assess_cold_start(model: str, cold_seconds: float, warm_seconds: float,
                      findings: Findings) -> None:
    findings.note(f"{model}: first call {cold_seconds:.0f}s, warm call {warm_seconds:.1f}s")
    if cold_seconds > MAX_COLD_START_SECONDS:
        findings.fix(f"{model}: cold start {cold_seconds:.0f}s: are the weights in the Volume "
                     "(download step) and is a GPU available in the pinned region?")


def assess_model_info(info: Any, expected_pinning: Optional[str], findings: Findings) -> None:
    """Model info before any call: capacity and pinning (pure: unit-tested offline)."""
    if not isinstance(info, dict):
        findings.fix(f"model-info did not answer JSON ({str(info)[:120]}): check the model-info URL "
                     "and the proxy auth token")
        return
    capacity = info.get("capacity")
    suggested = capacity.get("suggested_concurrency") if isinstance(capacity, dict) else None
    if not isinstance(suggested, int) or suggested < 1:
        findings.fix("model-info reports no capacity: Beacon keeps its configured MaxConcurrency; "
                     "redeploy beacon_modal_app.py from this repository")
    else:
        findings.note(f"capacity: {suggested} requests at once ({capacity.get('max_batch_size')} "
                      f"per batch x {capacity.get('max_containers')} container(s) per model); "
                      "Beacon caps each region's calls in flight at min(MaxConcurrency, this)")
    pinning, multiplier = info.get("pinning"), info.get("pinning_multiplier")
    if pinning not in config.PINNING_MULTIPLIERS:
        findings.fix(f"model-info reports pinning {pinning!r}: Beacon's cost estimate then assumes "
                     "1.5x; redeploy from this repository (BEACON_PINNING=broad|narrow)")
        return
    if multiplier != config.PINNING_MULTIPLIERS[pinning]:
        findings.fix(f"model-info reports {pinning} pinning with multiplier {multiplier!r}, "
                     f"expected {config.PINNING_MULTIPLIERS[pinning]}: redeploy from this repository")
    if expected_pinning is not None and pinning != expected_pinning:
        findings.fix(f"the app is deployed with {pinning} pinning, you expected {expected_pinning}: "
                     f"redeploy with BEACON_PINNING={expected_pinning}")
    findings.note(f"pinning: {pinning} ({config.PINNING_MULTIPLIERS[pinning]}x the GPU price); "
                  "Beacon's cost estimate uses it unless Beacon__Costs__Regions__<code>__"
                  "PinningMultiplier is set")


def assess_loaded_weights(info: Any, models: tuple[str, ...], findings: Findings) -> None:
    """Model info after the calls: each tested model loaded from the Volume, bitsandbytes models
    from their saved quantised weights (pure: unit-tested offline)."""
    entries = {m.get("id"): m for m in (info.get("models") or []) if isinstance(m, dict)} \
        if isinstance(info, dict) else {}
    for model in models:
        entry = entries.get(model)
        if not entry or not entry.get("loaded"):
            findings.fix(f"{model}: model-info does not list it as loaded after the calls: check "
                         "health's model_errors and `modal app logs`")
            continue
        loaded = entry.get("weights")
        if not isinstance(loaded, dict):
            findings.fix(f"{model}: model-info has no 'weights' report: redeploy from this "
                         "repository")
            continue
        findings.note(f"{model}: loaded {loaded.get('quantization')} weights from the "
                      f"{loaded.get('source')} in {loaded.get('load_seconds')}s"
                      + (" (saved pre-quantised)" if loaded.get("prequantised") else ""))
        if weights.is_prequantised(catalogue.MODELS[model]) and loaded.get("prequantised") is not True:
            findings.fix(f"{model}: was not loaded from saved quantised weights (quantised at load "
                         f"or full precision): run `modal run beacon_modal_app.py::download "
                         f"--models {model} --force`")


# ---------------------------------------------------------------------------------- HTTP


def _request(url: str, body: Optional[dict], token: Optional[tuple[str, str]],
             timeout: float = 900) -> tuple[int, Any]:
    data = None if body is None else json.dumps(body).encode()
    headers = {"Content-Type": "application/json"} if body is not None else {}
    if token:
        headers.update({"Modal-Key": token[0], "Modal-Secret": token[1]})
    request = urllib.request.Request(url, data=data, headers=headers,
                                     method="POST" if body is not None else "GET")
    # urllib follows a 303 with a GET of the result URL (the protocol's polling) but drops the
    # auth headers on redirects to other hosts; Modal's result URL is on the same host.
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, json.loads(response.read().decode() or "null")
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode(errors="replace")


def main(argv: Optional[list[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    parser.add_argument("--region", required=True, choices=catalogue.REGION_CODES)
    parser.add_argument("--workspace", default=os.environ.get("BEACON_WORKSPACE"))
    parser.add_argument("--environment", default=None)
    parser.add_argument("--models", default="all")
    parser.add_argument("--pinning", choices=tuple(config.PINNING_MULTIPLIERS), default=None,
                        help="the pinning you deployed with (BEACON_PINNING); checked against model-info")
    args = parser.parse_args(argv)
    if not args.workspace:
        parser.error("--workspace or BEACON_WORKSPACE is required")
    token_id, secret = os.environ.get("MODAL_PROXY_TOKEN_ID"), os.environ.get("MODAL_PROXY_TOKEN_SECRET")
    if not (token_id and secret):
        parser.error("MODAL_PROXY_TOKEN_ID and MODAL_PROXY_TOKEN_SECRET must be set")
    token = (token_id, secret)
    urls = catalogue.endpoint_urls(args.workspace, args.region, args.environment)
    models = catalogue.MODEL_IDS if args.models == "all" else tuple(args.models.split(","))
    findings = Findings()

    status, _ = _request(urls["health"], None, None, timeout=60)
    if status != 401:
        findings.fix(f"health without a token answered {status}, not 401: proxy auth is off")
    status, health = _request(urls["health"], None, token, timeout=60)
    findings.note(f"health: {status} {health}")
    status, info = _request(urls["model_info"], None, token, timeout=60)
    assess_model_info(info if status == 200 else f"HTTP {status}: {info}", args.pinning, findings)

    system_prompt = ""  # the endpoint applies the regional default
    for model in models:
        for n, (prompt, expected) in enumerate(PROMPTS):
            body = {"model": model, "prompt": prompt, "system_prompt": system_prompt,
                    "temperature": 0, "max_tokens": 200, "region": args.region,
                    "request_id": f"smoke-{uuid.uuid4()}"}
            t0 = time.monotonic()
            status, first = _request(urls["inference"], body, token)
            first_seconds = time.monotonic() - t0
            if status != 200 or not isinstance(first, dict):
                findings.fix(f"{model}: HTTP {status}: {str(first)[:200]}")
                break
            assess_answer(model, prompt, expected, first, findings)
            if n == 0:
                t1 = time.monotonic()
                _, second = _request(urls["inference"], dict(body, request_id=f"smoke-{uuid.uuid4()}"), token)
                assess_cold_start(model, first_seconds, time.monotonic() - t1, findings)
                if isinstance(second, dict):
                    assess_receipts(model, args.region, first, second, findings)

    # The GPU containers are still up (scaledown window): model-info now says how they loaded.
    status, info = _request(urls["model_info"], None, token, timeout=60)
    assess_loaded_weights(info if status == 200 else None, models, findings)

    print("\n".join(["", "NOTES:"] + [f"  {n}" for n in findings.notes]))
    if findings.problems:
        print("\n".join(["", "TO FIX:"] + [f"  - {p}" for p in findings.problems]))
        return 1
    print("\nNothing to fix.")
    return 0


if __name__ == "__main__":
    sys.exit(main())

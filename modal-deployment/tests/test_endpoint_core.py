"""Tests of beacon_endpoint_core and of the regional endpoint contract (stdlib only).

Run from the repository root:
    python3 -m unittest discover -s modal-deployment/tests -t modal-deployment
or from modal-deployment/:
    python3 -m unittest discover -s tests
"""

import ast
import datetime as dt
import json
import math
import sys
import unittest
from pathlib import Path

DEPLOYMENT_DIR = Path(__file__).resolve().parent.parent
if str(DEPLOYMENT_DIR) not in sys.path:
    sys.path.insert(0, str(DEPLOYMENT_DIR))

import beacon_endpoint_core as core  # noqa: E402

CONTRACTS = core.contracts_dir()
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


def schema(name):
    return core.load_schema(name)


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
    request = request or core.parse_request(valid_request(seed=7), "US")[0]
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
    return core.build_receipt(**kwargs)


# ---------------------------------------------------------------------------------------------


class RegionAndModelTables(unittest.TestCase):
    def test_regions(self):
        self.assertEqual(list(core.REGIONS), ["US", "EU", "APAC"])
        us, eu, apac = core.REGIONS["US"], core.REGIONS["EU"], core.REGIONS["APAC"]
        self.assertEqual((us.label, us.prompt_phrase), ("us-east", "the US"))
        self.assertEqual(us.modal_regions, ("us-east", "us-central", "us-west"))
        self.assertEqual((eu.label, eu.prompt_phrase), ("eu-west", "Europe"))
        self.assertEqual(eu.modal_regions, ("eu-west", "eu-north"))
        self.assertEqual((apac.label, apac.prompt_phrase), ("asia-pacific", "Asia"))
        self.assertEqual(apac.modal_regions, ("ap-southeast", "ap-northeast"))

    def test_unknown_region_is_an_error_not_a_default(self):
        for bad in ("eu-west", "us", "Europe", "", None, "ASIA", 1):
            with self.assertRaises(ValueError):
                core.region_info(bad)
            with self.assertRaises(ValueError):
                core.regional_system_prompt(bad)

    def test_models(self):
        self.assertEqual(list(core.MODELS), ["llama3.2-1b", "mistral-7b", "qwen2.5-1.5b"])
        m = core.MODELS
        self.assertEqual(m["llama3.2-1b"].hf_repo, "meta-llama/Llama-3.2-1B-Instruct")
        self.assertEqual(m["llama3.2-1b"].context_length, 128000)
        self.assertEqual(m["llama3.2-1b"].home_region, "US")
        self.assertEqual(m["mistral-7b"].hf_repo, "mistralai/Mistral-7B-Instruct-v0.3")
        self.assertEqual(m["mistral-7b"].context_length, 32768)
        self.assertEqual(m["mistral-7b"].quantization, "8-bit")
        self.assertEqual(m["mistral-7b"].home_region, "EU")
        self.assertEqual(m["qwen2.5-1.5b"].hf_repo, "Qwen/Qwen2.5-1.5B-Instruct")
        self.assertEqual(m["qwen2.5-1.5b"].home_region, "APAC")
        self.assertFalse(m["qwen2.5-1.5b"].gated)
        for info in m.values():
            self.assertIn(info.quantization, core.QUANTIZATIONS)
            self.assertIn(info.home_region, core.REGIONS)

    def test_app_names_and_labels(self):
        self.assertEqual(core.app_name("US"), "beacon-us")
        self.assertEqual(core.app_name("EU"), "beacon-eu")
        self.assertEqual(core.app_name("APAC"), "beacon-apac")
        self.assertEqual(
            core.endpoint_labels("EU"),
            {"inference": "beacon-eu", "health": "beacon-eu-health",
             "model_info": "beacon-eu-model-info"},
        )
        urls = core.endpoint_urls("acme", "APAC")
        self.assertEqual(urls["inference"], "https://acme--beacon-apac.modal.run")
        self.assertEqual(urls["health"], "https://acme--beacon-apac-health.modal.run")
        self.assertEqual(core.endpoint_urls("acme", "US", "dev")["inference"],
                         "https://acme-dev--beacon-us.modal.run")


class SystemPrompt(unittest.TestCase):
    def test_exact_regional_defaults(self):
        self.assertEqual(core.regional_system_prompt("US"), US_PROMPT)
        self.assertEqual(core.regional_system_prompt("EU"), EU_PROMPT)
        self.assertEqual(core.regional_system_prompt("APAC"), APAC_PROMPT)

    def test_default_only_when_absent_or_empty(self):
        for absent in (None, "", "   ", "\n\t"):
            text, source = core.choose_system_prompt(absent, "EU")
            self.assertEqual(text, EU_PROMPT)
            self.assertEqual(source, "regional_default")

    def test_request_prompt_used_verbatim(self):
        custom = "  You are a terse assistant.  "
        self.assertEqual(core.choose_system_prompt(custom, "APAC"), (custom, "request"))
        # a region's prompt sent to another region is used as sent, never rewritten
        self.assertEqual(core.choose_system_prompt(US_PROMPT, "APAC"), (US_PROMPT, "request"))

    def test_chat_messages(self):
        self.assertEqual(
            core.build_chat_messages("SYS", "Q?"),
            [{"role": "system", "content": "SYS"}, {"role": "user", "content": "Q?"}],
        )
        self.assertEqual(
            core.build_chat_messages("SYS", "Q?", system_role_supported=False),
            [{"role": "user", "content": "SYS\n\nQ?"}],
        )

    def test_example_requests_carry_the_regional_prompts(self):
        self.assertEqual(load_json(EXAMPLES / "request-basic.json")["system_prompt"], US_PROMPT)
        self.assertEqual(load_json(EXAMPLES / "request-chinese.json")["system_prompt"],
                         APAC_PROMPT)


class RequestValidation(unittest.TestCase):
    def assertIssue(self, body, field, code="invalid_request", app_region="US"):
        issues = core.validate_request(body, app_region)
        matching = [i for i in issues if i.field == field]
        self.assertTrue(matching, f"expected an issue on {field!r}, got {issues}")
        self.assertTrue(all(str(i).startswith(field + ":") for i in matching))
        self.assertIn(code, [i.code for i in matching])
        return issues

    def test_valid_request(self):
        self.assertEqual(core.validate_request(valid_request(), "US"), [])
        self.assertEqual(core.validate_request(valid_request(seed=None), "US"), [])
        self.assertEqual(core.validate_request(valid_request(seed=0), "US"), [])
        self.assertEqual(
            core.validate_request(valid_request(region="APAC", model="qwen2.5-1.5b"), "APAC"), []
        )

    def test_body_must_be_object(self):
        for body in (None, [], "text", 3):
            issues = core.validate_request(body, "US")
            self.assertEqual(fields(issues), ["body"])

    def test_every_required_field(self):
        for name in core.REQUIRED_REQUEST_FIELDS:
            body = valid_request()
            del body[name]
            issues = self.assertIssue(body, name)
            self.assertIn("required", str(issues[0]))

    def test_unknown_field(self):
        self.assertIssue(valid_request(retry_on_refusal=True), "retry_on_refusal")

    def test_model(self):
        self.assertIssue(valid_request(model=1), "model")
        issues = self.assertIssue(valid_request(model="gpt-4"), "model", "unknown_model")
        self.assertEqual(core.request_error_code(issues), "unknown_model")
        self.assertIssue(valid_request(model="Llama3.2-1B"), "model", "unknown_model")

    def test_prompt(self):
        for bad in ("", "   ", "\n", 5, None, ["q"]):
            self.assertIssue(valid_request(prompt=bad), "prompt")
        self.assertEqual(core.validate_request(valid_request(prompt="天安门？"), "US"), [])

    def test_system_prompt(self):
        self.assertIssue(valid_request(system_prompt=None), "system_prompt")
        self.assertIssue(valid_request(system_prompt=3), "system_prompt")
        self.assertEqual(core.validate_request(valid_request(system_prompt=""), "US"), [])

    def test_temperature(self):
        for ok in (0, 0.0, 0.1, 1, 2, 2.0):
            self.assertEqual(core.validate_request(valid_request(temperature=ok), "US"), [], ok)
        for bad in (-0.01, 2.01, 2.5, True, False, "0.1", None, float("nan"), float("inf")):
            self.assertIssue(valid_request(temperature=bad), "temperature")

    def test_max_tokens(self):
        for ok in (1, 500, 4096, 5.0):
            self.assertEqual(core.validate_request(valid_request(max_tokens=ok), "US"), [], ok)
        for bad in (0, -1, 4097, 1.5, "500", True, None):
            self.assertIssue(valid_request(max_tokens=bad), "max_tokens")

    def test_region(self):
        issues = self.assertIssue(valid_request(region="eu-west"), "region")
        self.assertIn("no default region", str(issues[0]))
        self.assertEqual(core.request_error_code(issues), "invalid_request")
        for bad in ("us", "Europe", "", None, 1):
            self.assertIssue(valid_request(region=bad), "region")

    def test_wrong_region(self):
        issues = self.assertIssue(valid_request(region="APAC"), "region", "wrong_region",
                                  app_region="EU")
        self.assertIn("beacon-eu", str(issues[0]))
        self.assertEqual(core.request_error_code(issues), "wrong_region")

    def test_wrong_region_wins_over_other_errors(self):
        issues = core.validate_request(valid_request(region="EU", model="gpt-4", prompt=""), "US")
        self.assertEqual(core.request_error_code(issues), "wrong_region")
        issues = core.validate_request(valid_request(model="gpt-4", prompt=""), "US")
        self.assertEqual(core.request_error_code(issues), "unknown_model")
        issues = core.validate_request(valid_request(prompt=""), "US")
        self.assertEqual(core.request_error_code(issues), "invalid_request")

    def test_seed(self):
        for ok in (None, 0, 42, 2147483647, 7.0):
            self.assertEqual(core.validate_request(valid_request(seed=ok), "US"), [], ok)
        for bad in (-1, 2147483648, "42", 1.5, True):
            self.assertIssue(valid_request(seed=bad), "seed")

    def test_request_id(self):
        for bad in ("", "   ", 12, None, "x" * 201):
            self.assertIssue(valid_request(request_id=bad), "request_id")
        self.assertEqual(core.validate_request(valid_request(request_id="x" * 200), "US"), [])

    def test_all_problems_reported_at_once(self):
        body = {"model": "gpt-4", "prompt": "", "temperature": 9, "region": "US", "extra": 1}
        got = set(fields(core.validate_request(body, "US")))
        self.assertTrue({"model", "prompt", "temperature", "system_prompt", "max_tokens",
                         "request_id", "extra"} <= got, got)

    def test_app_region_must_be_known(self):
        with self.assertRaises(ValueError):
            core.validate_request(valid_request(), "eu-west")

    def test_parse_request(self):
        req, issues = core.parse_request(valid_request(max_tokens=5.0, seed=3.0, temperature=1),
                                         "US")
        self.assertEqual(issues, [])
        self.assertIsInstance(req.max_tokens, int)
        self.assertIsInstance(req.seed, int)
        self.assertIsInstance(req.temperature, float)
        self.assertEqual((req.model, req.region, req.request_id), ("llama3.2-1b", "US", "req-1"))
        self.assertIsNone(core.parse_request(valid_request(), "US")[0].seed)
        req, issues = core.parse_request(valid_request(region="EU"), "US")
        self.assertIsNone(req)
        self.assertEqual(fields(issues), ["region"])

    def test_context_budget(self):
        self.assertIsNone(core.context_budget_issue(100, 500, 32768))
        issue = core.context_budget_issue(32700, 500, 32768)
        self.assertEqual(issue.field, "max_tokens")


class Decoding(unittest.TestCase):
    def test_greedy_at_zero(self):
        self.assertFalse(core.decoding_settings(0)["do_sample"])
        self.assertFalse(core.decoding_settings(0.0)["do_sample"])

    def test_sampling_is_uniform_across_models(self):
        d = core.decoding_settings(0.7)
        self.assertEqual(d, {"do_sample": True, "temperature": 0.7, "top_p": 1.0, "top_k": 0,
                             "repetition_penalty": 1.0})


class NewTokenExtraction(unittest.TestCase):
    VOCAB = {1: "<s>", 2: "</s>", 10: "What", 11: " is", 12: " 2+2?", 20: " 4", 21: ".",
             30: "<pad>"}

    def decode(self, ids):
        return "".join(self.VOCAB[i] for i in ids if not self.VOCAB[i].startswith("<"))

    def test_new_token_ids(self):
        self.assertEqual(core.new_token_ids([1, 10, 11, 12, 20, 21, 2], 4), [20, 21, 2])
        self.assertEqual(core.new_token_ids([1, 10], 2), [])
        with self.assertRaises(ValueError):
            core.new_token_ids([1, 10], 3)
        with self.assertRaises(ValueError):
            core.new_token_ids([1, 10], -1)

    def test_cut_at_stop_token(self):
        self.assertEqual(core.cut_at_stop_token([20, 21, 2, 30, 30], [2, 30]), ([20, 21], True))
        self.assertEqual(core.cut_at_stop_token([20, 21], [2]), ([20, 21], False))
        self.assertEqual(core.cut_at_stop_token([2], [2, None]), ([], True))

    def test_extract_strips_prompt_and_stop_tokens(self):
        out = [1, 10, 11, 12, 20, 21, 2, 30]
        g = core.extract_generated_text(out, 4, self.decode, [2, 30], max_new_tokens=500)
        self.assertEqual(g.text, "4.")
        self.assertEqual(g.token_ids, (20, 21))
        self.assertEqual(g.tokens_generated, 2)
        self.assertEqual(g.finish_reason, "stop")
        self.assertNotIn("What", g.text)

    def test_extract_hits_length(self):
        g = core.extract_generated_text([1, 10, 20, 21], 2, self.decode, [2], max_new_tokens=2)
        self.assertEqual((g.text, g.finish_reason, g.tokens_generated), ("4.", "length", 2))

    def test_extract_empty_generation(self):
        g = core.extract_generated_text([1, 10, 2], 2, self.decode, [2], max_new_tokens=5)
        self.assertEqual((g.text, g.tokens_generated), ("", 0))

    def test_short_answers_survive(self):
        g = core.extract_generated_text([1, 10, 20, 2], 2, self.decode, [2], max_new_tokens=500)
        self.assertEqual(g.text, "4")

    def test_strip_prompt_text(self):
        self.assertEqual(core.strip_prompt_text("Q: 2+2?\nA: 4", "Q: 2+2?\n"), "A: 4")
        with self.assertRaises(ValueError):
            core.strip_prompt_text("something else", "Q: 2+2?")


class Receipts(unittest.TestCase):
    def test_receipt_contents(self):
        r = sample_receipt(system_prompt_source="regional_default",
                           system_prompt_mode="system_role", finish_reason="stop",
                           decoding=core.decoding_settings(0.1))
        self.assertEqual(r["request_id"], "req-1")
        self.assertEqual(r["app_name"], "beacon-us")
        self.assertEqual(r["region"], "US")
        self.assertEqual(r["modal_region"], "us-east-1")
        self.assertEqual(r["model"], "llama3.2-1b")
        self.assertEqual(r["hf_repo"], "meta-llama/Llama-3.2-1B-Instruct")
        self.assertEqual(r["model_revision"], "abc123")
        self.assertEqual(r["parameters"], {"temperature": 0.1, "max_tokens": 500, "seed": 7})
        self.assertEqual(r["started_at"], "2025-06-01T12:00:00.120Z")
        self.assertEqual(r["finished_at"], "2025-06-01T12:00:41.447Z")
        self.assertEqual(r["load_seconds"], 0)
        self.assertEqual(r["inference_seconds"], 41.301)
        self.assertEqual(r["prompt_tokens"], 58)
        self.assertIs(r["cold_start"], False)
        self.assertEqual(r["gpu"], "Tesla T4")
        self.assertIs(r["emulated"], False)
        self.assertEqual(r["attempts"], 1)
        self.assertEqual(r["quantization"], "fp16")
        self.assertEqual(r["system_prompt_source"], "regional_default")
        self.assertEqual(r["finish_reason"], "stop")

    def test_unknowns_are_null(self):
        req = core.parse_request(valid_request(), "US")[0]
        r = sample_receipt(req, modal_region=None, model_revision=None, gpu=None,
                           cold_start=True, load_seconds=38.5, emulated=True)
        self.assertIsNone(r["modal_region"])
        self.assertIsNone(r["model_revision"])
        self.assertIsNone(r["gpu"])
        self.assertIsNone(r["parameters"]["seed"])
        self.assertTrue(r["cold_start"])
        self.assertTrue(r["emulated"])
        self.assertEqual(r["load_seconds"], 38.5)

    def test_timestamps(self):
        self.assertRegex(core.iso_utc(core.utc_now()), core.TIMESTAMP_PATTERN)
        plus2 = dt.timezone(dt.timedelta(hours=2))
        self.assertEqual(core.iso_utc(dt.datetime(2025, 1, 1, 14, 0, tzinfo=plus2)),
                         "2025-01-01T12:00:00.000Z")
        with self.assertRaises(ValueError):
            core.iso_utc(dt.datetime(2025, 1, 1))

    def test_negative_durations_clamp(self):
        self.assertEqual(sample_receipt(load_seconds=-0.0001)["load_seconds"], 0)


class Responses(unittest.TestCase):
    def setUp(self):
        self.schema = schema("inference-response")

    def assertValid(self, payload, s=None):
        errors = core.validate_json(payload, s or self.schema)
        self.assertEqual(errors, [], json.dumps(payload, ensure_ascii=False))

    def test_success_validates(self):
        resp = core.build_success_response(
            response_text="4", model="llama3.2-1b", region="US", inference_time=0.41234,
            tokens_generated=1, receipt=sample_receipt(decoding=core.decoding_settings(0.1),
                                                       finish_reason="stop",
                                                       system_prompt_source="request",
                                                       system_prompt_mode="system_role"))
        self.assertTrue(resp["success"])
        self.assertEqual(resp["inference_time"], 0.412)
        self.assertValid(resp)

    def test_refusal_is_a_success(self):
        resp = core.build_success_response(
            response_text="I'm sorry, but I cannot provide answers on political matters.",
            model="llama3.2-1b", region="US", inference_time=2, tokens_generated=12,
            receipt=sample_receipt())
        self.assertIs(resp["success"], True)
        self.assertEqual(resp["receipt"]["attempts"], 1)
        self.assertValid(resp)

    def test_failures_validate(self):
        for code in core.ERROR_CODES:
            resp = core.build_failure_response(error=f"boom {code}", error_code=code,
                                               region="EU", inference_time=0.5)
            self.assertIs(resp["success"], False)
            self.assertValid(resp)
        resp = core.build_failure_response(error="x", error_code="moderation", region="APAC",
                                           inference_time=0, request_id="r", model="gpt-4",
                                           details=["a", "b"], moderated=True)
        self.assertValid(resp)

    def test_unknown_error_code_rejected(self):
        with self.assertRaises(ValueError):
            core.build_failure_response(error="x", error_code="refusal", region="US",
                                        inference_time=0)

    def test_failure_for_issues(self):
        body = valid_request(region="APAC", model="qwen2.5-1.5b", request_id="r-9")
        issues = core.validate_request(body, "EU")
        resp = core.failure_for_issues(issues, "EU", 0.0004, body)
        self.assertEqual(resp["error_code"], "wrong_region")
        self.assertEqual(resp["region"], "EU")  # the region actually served
        self.assertEqual(resp["request_id"], "r-9")
        self.assertTrue(resp["error"].startswith("region:"))
        self.assertValid(resp)
        resp = core.failure_for_issues(core.validate_request(["x"], "US"), "US", 0, ["x"])
        self.assertEqual(resp["error_code"], "invalid_request")
        self.assertValid(resp)
        body = {"model": 5, "request_id": 7}
        resp = core.failure_for_issues(core.validate_request(body, "US"), "US", 0, body)
        self.assertNotIn("model", resp)
        self.assertNotIn("request_id", resp)
        self.assertValid(resp)


class HealthAndModelInfo(unittest.TestCase):
    def test_status(self):
        ids = list(core.MODEL_IDS)
        self.assertEqual(core.health_status(ids, {}), "healthy")
        self.assertEqual(core.health_status(ids, {"mistral-7b": "gated"}), "degraded")
        self.assertEqual(core.health_status(ids, {m: "x" for m in ids}), "unhealthy")
        self.assertEqual(core.health_status([], {}), "unhealthy")

    def test_cold_is_healthy(self):
        h = core.build_health(region="APAC")
        self.assertEqual(h["status"], "healthy")
        self.assertEqual(h["models_ready"], [])
        self.assertEqual(h["models_available"], list(core.MODEL_IDS))
        self.assertIsNone(h["modal_region"])
        self.assertEqual(core.validate_json(h, schema("health-response")), [])
        expected = load_json(EXAMPLES / "health-cold.json")
        self.assertEqual({k: v for k, v in h.items() if k != "app_name"}, expected)

    def test_warm_and_degraded(self):
        h = core.build_health(region="EU", models_ready=["qwen2.5-1.5b", "llama3.2-1b"],
                              model_errors={"mistral-7b": "gated"}, modal_region="eu-west-1")
        self.assertEqual(h["status"], "degraded")
        self.assertEqual(h["models_ready"], ["llama3.2-1b", "qwen2.5-1.5b"])
        self.assertEqual(h["model_errors"], [{"model": "mistral-7b", "error": "gated"}])
        self.assertEqual(core.validate_json(h, schema("health-response")), [])

    def test_model_info(self):
        info = core.build_model_info("EU", ["mistral-7b"])
        self.assertEqual(core.validate_json(info, schema("model-info-response")), [])
        loaded = {m["id"]: m["loaded"] for m in info["models"]}
        self.assertEqual(loaded, {"llama3.2-1b": False, "mistral-7b": True,
                                  "qwen2.5-1.5b": False})
        mistral = [m for m in info["models"] if m["id"] == "mistral-7b"][0]
        self.assertEqual(mistral["quantization"], "8-bit")
        self.assertEqual(mistral["context_length"], 32768)

    def test_container_liveness(self):
        st = core.make_container_state(models_ready=["llama3.2-1b"], model_errors={},
                                       modal_region="us-east-1", gpu="T4", now=1000.0)
        self.assertTrue(core.container_state_is_live(st, 1100, 120, 900))
        self.assertFalse(core.container_state_is_live(st, 1000 + 120 + 61, 120, 900))
        busy = dict(st, busy_since=1000.0)
        self.assertTrue(core.container_state_is_live(busy, 1800, 120, 900))
        self.assertFalse(core.container_state_is_live(busy, 2000, 120, 900))
        self.assertFalse(core.container_state_is_live(None, 0, 120, 900))
        self.assertFalse(core.container_state_is_live(dict(st, last_seen=0.0), 1000, 120, 900))


class DeployConfig(unittest.TestCase):
    def test_region_required_no_default(self):
        for env in ({}, {"BEACON_REGION": ""}, {"BEACON_REGION": "eu-west"},
                    {"BEACON_REGION": "asia"}):
            with self.assertRaises(ValueError) as ctx:
                core.load_deploy_config(env)
            self.assertIn("BEACON_REGION", str(ctx.exception))

    def test_defaults(self):
        cfg = core.load_deploy_config({"BEACON_REGION": "eu"})
        self.assertEqual(cfg.region, "EU")
        self.assertEqual(cfg.app_name, "beacon-eu")
        self.assertEqual(cfg.modal_regions, ("eu-west", "eu-north"))
        self.assertEqual((cfg.scaledown_window, cfg.max_containers), (120, 1))
        self.assertEqual(cfg.gpu, "T4")
        self.assertEqual(cfg.hf_secret_name, "huggingface-secret")
        self.assertEqual(cfg.preload, core.MODEL_IDS)
        self.assertEqual(cfg.volume_name, "beacon-hf-cache-eu")
        self.assertEqual(cfg.state_dict_name, "beacon-state-eu")

    def test_overrides_and_round_trip(self):
        cfg = core.load_deploy_config({"BEACON_REGION": "APAC", "BEACON_SCALEDOWN_WINDOW": "300",
                                       "BEACON_MAX_CONTAINERS": "2",
                                       "BEACON_PRELOAD": "qwen2.5-1.5b"})
        self.assertEqual((cfg.scaledown_window, cfg.max_containers), (300, 2))
        self.assertEqual(cfg.preload, ("qwen2.5-1.5b",))
        self.assertEqual(core.load_deploy_config(cfg.container_env()), cfg)
        self.assertEqual(core.load_deploy_config({"BEACON_REGION": "US",
                                                  "BEACON_PRELOAD": "none"}).preload, ())

    def test_bad_values_raise(self):
        for env in ({"BEACON_SCALEDOWN_WINDOW": "two minutes"}, {"BEACON_MAX_CONTAINERS": "0"},
                    {"BEACON_PRELOAD": "gpt-4"}, {"BEACON_TIMEOUT": "5"}):
            with self.assertRaises(ValueError):
                core.load_deploy_config({"BEACON_REGION": "US", **env})


class SchemaValidator(unittest.TestCase):
    def test_types(self):
        v = core.validate_json
        self.assertEqual(v(1, {"type": "integer"}), [])
        self.assertEqual(v(1.0, {"type": "integer"}), [])
        self.assertTrue(v(1.5, {"type": "integer"}))
        self.assertTrue(v(True, {"type": "integer"}))
        self.assertTrue(v(True, {"type": "number"}))
        self.assertTrue(v(0, {"type": "boolean"}))
        self.assertEqual(v(None, {"type": ["integer", "null"]}), [])
        self.assertTrue(v("1", {"type": ["integer", "null"]}))

    def test_const_and_enum_are_type_strict(self):
        v = core.validate_json
        self.assertTrue(v(1, {"const": True}))
        self.assertEqual(v(True, {"const": True}), [])
        self.assertTrue(v(0, {"enum": [False]}))
        self.assertEqual(v(1.0, {"enum": [1]}), [])

    def test_numeric_string_array_keywords(self):
        v = core.validate_json
        self.assertTrue(v(0, {"exclusiveMinimum": 0}))
        self.assertEqual(v(0, {"minimum": 0}), [])
        self.assertTrue(v("", {"minLength": 1}))
        self.assertTrue(v("abc", {"maxLength": 2}))
        self.assertEqual(v("a b", {"pattern": "\\S"}), [])  # unanchored search
        self.assertTrue(v(" ", {"pattern": "\\S"}))
        self.assertTrue(v([], {"minItems": 1}))
        self.assertTrue(v([1, "x"], {"items": {"type": "integer"}}))

    def test_objects(self):
        s = {"type": "object", "required": ["a"], "properties": {"a": {"type": "string"}},
             "additionalProperties": False}
        self.assertEqual(core.validate_json({"a": "x"}, s), [])
        self.assertTrue(core.validate_json({}, s))
        self.assertTrue(core.validate_json({"a": "x", "b": 1}, s))
        self.assertEqual(core.validate_json({"a": "x", "b": 1},
                                            dict(s, additionalProperties=True)), [])

    def test_one_of_requires_exactly_one(self):
        s = {"oneOf": [{"type": "number"}, {"type": "integer"}]}
        self.assertEqual(core.validate_json(1.5, s), [])
        self.assertTrue(core.validate_json(1, s))  # matches both
        self.assertTrue(core.validate_json("x", s))

    def test_refs(self):
        s = {"$defs": {"R": {"enum": ["US"]}}, "properties": {"r": {"$ref": "#/$defs/R"}}}
        self.assertEqual(core.validate_json({"r": "US"}, s), [])
        self.assertTrue(core.validate_json({"r": "EU"}, s))
        with self.assertRaises(ValueError):
            core.validate_json({}, {"$ref": "other.json#/x"})

    def test_unsupported_keywords_rejected(self):
        with self.assertRaises(ValueError):
            core.validate_json("x", {"format": "date-time"})
        self.assertTrue(core.unsupported_schema_keywords({"anyOf": []}))
        self.assertTrue(core.unsupported_schema_keywords({"additionalProperties": {}}))


class Contract(unittest.TestCase):
    REQUIRED_EXAMPLES = (
        "request-basic.json", "request-with-seed.json", "request-chinese.json",
        "response-success.json", "response-success-short.json", "response-refusal.json",
        "response-failure-generation.json", "response-failure-wrong-region.json",
        "health-healthy.json", "health-cold.json", "model-info.json",
    )
    REQUIRED_INVALID = (
        "request-missing-prompt.json", "request-unknown-region.json",
        "request-temperature-too-high.json", "response-success-missing-receipt.json",
    )

    def test_schemas_are_2020_12_and_in_subset(self):
        for name, file_name in core.SCHEMA_FILES.items():
            s = schema(name)
            self.assertEqual(s["$schema"], "https://json-schema.org/draft/2020-12/schema")
            self.assertEqual(core.unsupported_schema_keywords(s), [], file_name)

    def test_required_examples_exist(self):
        for name in self.REQUIRED_EXAMPLES:
            self.assertTrue((EXAMPLES / name).is_file(), name)
        for name in self.REQUIRED_INVALID:
            self.assertTrue((INVALID / name).is_file(), name)

    def test_every_example_validates(self):
        files = sorted(EXAMPLES.glob("*.json"))
        self.assertGreaterEqual(len(files), len(self.REQUIRED_EXAMPLES))
        for path in files:
            with self.subTest(example=path.name):
                errors = core.validate_json(load_json(path),
                                            schema(core.schema_name_for_example(path.name)))
                self.assertEqual(errors, [])

    def test_every_invalid_example_fails(self):
        files = sorted(INVALID.glob("*.json"))
        self.assertGreaterEqual(len(files), len(self.REQUIRED_INVALID))
        for path in files:
            with self.subTest(example=path.name):
                errors = core.validate_json(load_json(path),
                                            schema(core.schema_name_for_example(path.name)))
                self.assertTrue(errors, f"{path.name} should fail validation")

    def test_every_file_has_a_known_prefix(self):
        for path in list(EXAMPLES.glob("*")) + list(INVALID.glob("*")):
            if path.is_file():
                self.assertTrue(path.suffix == ".json", path.name)
                core.schema_name_for_example(path.name)
        self.assertEqual(core.schema_name_for_example("model-info.json"), "model-info-response")
        self.assertEqual(core.schema_name_for_example("request-x.json"), "inference-request")
        self.assertEqual(core.schema_name_for_example("response-x.json"), "inference-response")
        self.assertEqual(core.schema_name_for_example("health-x.json"), "health-response")

    def test_core_validation_agrees_with_schema(self):
        for path in sorted(EXAMPLES.glob("request-*.json")):
            body = load_json(path)
            with self.subTest(example=path.name):
                self.assertEqual(core.validate_request(body, body["region"]), [])
        for path in sorted(INVALID.glob("request-*.json")):
            with self.subTest(example=path.name):
                self.assertTrue(core.validate_request(load_json(path), "US"))

    def test_example_requests_parse_and_match_regions(self):
        chinese = load_json(EXAMPLES / "request-chinese.json")
        self.assertRegex(chinese["prompt"], "[\u4e00-\u9fff]")
        seeded = load_json(EXAMPLES / "request-with-seed.json")
        self.assertIsInstance(seeded["seed"], int)
        for path in sorted(EXAMPLES.glob("request-*.json")):
            body = load_json(path)
            req, issues = core.parse_request(body, body["region"])
            self.assertEqual(issues, [], path.name)

    def test_example_responses_are_consistent(self):
        for path in sorted(EXAMPLES.glob("response-*.json")):
            body = load_json(path)
            with self.subTest(example=path.name):
                if body["success"]:
                    r = body["receipt"]
                    self.assertEqual(r["region"], body["region"])
                    self.assertEqual(r["model"], body["model"])
                    self.assertEqual(r["app_name"], core.app_name(body["region"]))
                    self.assertEqual(r["hf_repo"], core.MODELS[body["model"]].hf_repo)
                    self.assertEqual(r["cold_start"], r["load_seconds"] > 0)
        self.assertEqual(load_json(EXAMPLES / "response-success-short.json")["response"], "4")
        refusal = load_json(EXAMPLES / "response-refusal.json")
        self.assertIs(refusal["success"], True)
        self.assertEqual(load_json(EXAMPLES / "response-failure-wrong-region.json")["error_code"],
                         "wrong_region")
        self.assertEqual(load_json(EXAMPLES / "health-cold.json")["models_ready"], [])

    def test_schema_enums_match_core_tables(self):
        req = schema("inference-request")
        self.assertEqual(req["$defs"]["RegionCode"]["enum"], list(core.REGION_CODES))
        self.assertEqual(req["$defs"]["ModelId"]["enum"], list(core.MODEL_IDS))
        self.assertEqual(sorted(req["required"]), sorted(core.REQUIRED_REQUEST_FIELDS))
        self.assertEqual(sorted(req["properties"]), sorted(core.ALLOWED_REQUEST_FIELDS))
        resp = schema("inference-response")
        self.assertEqual(resp["$defs"]["Failure"]["properties"]["error_code"]["enum"],
                         list(core.ERROR_CODES))
        self.assertEqual(resp["$defs"]["Timestamp"]["pattern"], core.TIMESTAMP_PATTERN)
        for name in core.SCHEMA_FILES:
            defs = schema(name).get("$defs", {})
            if "RegionCode" in defs:
                self.assertEqual(defs["RegionCode"]["enum"], list(core.REGION_CODES), name)
            if "ModelId" in defs:
                self.assertEqual(defs["ModelId"]["enum"], list(core.MODEL_IDS), name)


class DeploymentFiles(unittest.TestCase):
    def _imports(self, path):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        names = set()
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names.update(a.name.split(".")[0] for a in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module:
                names.add(node.module.split(".")[0])
        return names

    def test_core_is_pure_stdlib(self):
        heavy = {"modal", "torch", "transformers", "fastapi", "pydantic", "requests"}
        self.assertFalse(self._imports(DEPLOYMENT_DIR / "beacon_endpoint_core.py") & heavy)
        self.assertFalse(self._imports(Path(__file__)) & heavy)

    def test_requirements_match_image_packages(self):
        lines = [
            line.strip()
            for line in (DEPLOYMENT_DIR / "requirements.txt").read_text().splitlines()
            if line.strip() and not line.strip().startswith("#")
        ]
        self.assertEqual(lines, list(core.IMAGE_PACKAGES))

    def test_modal_app_source(self):
        path = DEPLOYMENT_DIR / "beacon_modal_app.py"
        source = path.read_text(encoding="utf-8")
        compile(source, str(path), "exec")  # syntax only; modal is not installed here
        self.assertIn("modal.fastapi_endpoint(method=\"POST\"", source)
        self.assertNotIn("web_endpoint", source)
        self.assertIn("load_deploy_config(os.environ)", source)
        self.assertIn("scaledown_window=CONFIG.scaledown_window", source)
        self.assertIn("max_containers=CONFIG.max_containers", source)
        self.assertIn("region=list(CONFIG.modal_regions)", source)
        self.assertIn("torch.manual_seed(request.seed)", source)
        self.assertIn("BitsAndBytesConfig(load_in_8bit=True)", source)
        top_level = {n.names[0].name for n in ast.parse(source).body if isinstance(n, ast.Import)}
        self.assertFalse(top_level & {"torch", "transformers"},
                         "torch/transformers are imported only inside the GPU container")


if __name__ == "__main__":
    unittest.main()

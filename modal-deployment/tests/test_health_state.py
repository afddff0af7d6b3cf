"""Health from the shared state: load errors kept, stale state expired, containers counted."""

import unittest

from tests.support import contract_schema
from beacon_endpoint import health, receipts, schema

NOW = 10_000.0


def container(models, now=NOW, busy_since=None, region="eu-west-1", errors=None):
    return health.make_container_state(models_ready=models, model_errors=errors or {},
                                       modal_region=region, gpu="Tesla T4", now=now,
                                       busy_since=busy_since, task_id="t")


class HealthState(unittest.TestCase):
    def summarize(self, entries):
        return health.summarize_state(entries, NOW, scaledown_window=120, request_timeout=900)

    def test_several_live_containers_are_counted(self):
        s = self.summarize({
            health.container_key("llama3.2-1b", "ta-1"): container(["llama3.2-1b"]),
            health.container_key("qwen2.5-1.5b", "ta-2"): container(["qwen2.5-1.5b"], busy_since=NOW - 30),
            health.container_key("qwen2.5-1.5b", "ta-3"): container(["qwen2.5-1.5b"], now=NOW - 10),
        })
        self.assertEqual((s.containers, s.containers_busy), (3, 1))
        self.assertEqual(s.models_ready, ("llama3.2-1b", "qwen2.5-1.5b"))
        self.assertEqual(s.stale_keys, ())

    def test_model_info_says_how_a_live_container_loaded_its_weights(self):
        report = health.make_weights_report(quantization="8-bit", prequantised=True,
                                            load_seconds=21.44, manifest_created_at="2026-12-01T10:00:00Z")
        live = health.make_container_state(
            models_ready=["mistral-7b"], model_errors={}, modal_region="eu-west-1", gpu="Tesla T4",
            now=NOW, task_id="ta-1", weights={"mistral-7b": report})
        crashed = dict(live, last_seen=NOW - 3600)
        s = self.summarize({health.container_key("mistral-7b", "ta-1"): live,
                            health.container_key("qwen2.5-1.5b", "ta-9"): dict(
                                crashed, weights={"qwen2.5-1.5b": report})})
        self.assertEqual(s.model_weights, {"mistral-7b": report})
        info = health.build_model_info("EU", s.models_ready, None, "narrow", s.model_weights)
        mistral = [m for m in info["models"] if m["id"] == "mistral-7b"][0]
        self.assertEqual((mistral["weights"]["prequantised"], mistral["weights"]["load_seconds"]),
                         (True, 21.4))
        self.assertNotIn("weights", [m for m in info["models"] if m["id"] == "qwen2.5-1.5b"][0])
        self.assertEqual((info["pinning"], info["pinning_multiplier"]), ("narrow", 1.75))
        self.assertEqual(schema.validate_json(info, contract_schema("model-info-response")), [])

    def test_state_a_crashed_container_left_behind_expires(self):
        idle_key = health.container_key("mistral-7b", "ta-dead")
        busy_key = health.container_key("llama3.2-1b", "ta-hung")
        s = self.summarize({
            idle_key: container(["mistral-7b"], now=NOW - 120 - 61),
            busy_key: container(["llama3.2-1b"], now=NOW - 2000, busy_since=NOW - 2000),
            "container:garbage": "not a state",
        })
        self.assertEqual(s.containers, 0)
        self.assertEqual(s.models_ready, ())
        self.assertEqual(set(s.stale_keys), {idle_key, busy_key, "container:garbage"})

    def test_load_errors_outlive_the_container(self):
        s = self.summarize({health.load_error_key("mistral-7b"):
                            health.make_load_error("OSError: gated repo", NOW - 600, "ta-1")})
        self.assertEqual(s.containers, 0)
        self.assertEqual(s.model_errors, {"mistral-7b": "OSError: gated repo"})
        self.assertEqual(s.model_error_times, {"mistral-7b": NOW - 600})

    def test_old_load_errors_expire_and_a_model_loaded_elsewhere_supersedes_its_error(self):
        old = health.load_error_key("qwen2.5-1.5b")
        s = self.summarize({
            old: health.make_load_error("boom", NOW - 25 * 3600),
            health.load_error_key("llama3.2-1b"): health.make_load_error("OOM", NOW - 60),
            health.container_key("llama3.2-1b", "ta-2"): container(["llama3.2-1b"]),
        })
        self.assertEqual(s.model_errors, {})
        self.assertEqual(s.stale_keys, (old,))

    def test_health_payload_reports_what_is_known_and_validates(self):
        s = self.summarize({
            health.container_key("llama3.2-1b", "ta-1"): container(["llama3.2-1b"]),
            health.load_error_key("mistral-7b"): health.make_load_error("gated", NOW - 5),
        })
        h = health.build_health(
            region="EU", models_ready=s.models_ready, model_errors=s.model_errors,
            modal_region=s.modal_region, containers=s.containers, containers_busy=s.containers_busy,
            model_error_times={m: receipts.iso_utc(receipts.utc_from_epoch(t))
                               for m, t in s.model_error_times.items()})
        self.assertEqual(h["status"], "degraded")
        self.assertEqual(h["containers"], 1)
        self.assertEqual(h["model_errors"][0]["model"], "mistral-7b")
        self.assertRegex(h["model_errors"][0]["at"], receipts.TIMESTAMP_PATTERN)
        self.assertEqual(schema.validate_json(h, contract_schema("health-response")), [])


if __name__ == "__main__":
    unittest.main()

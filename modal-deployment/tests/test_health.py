"""Health, model info and the published container state."""

import unittest

from tests.support import (  # also puts modal-deployment on sys.path
    load_json,
    contract_schema,
    EXAMPLES,
)
from beacon_endpoint import catalogue, health, schema


class HealthAndModelInfo(unittest.TestCase):
    def test_status(self):
        ids = list(catalogue.MODEL_IDS)
        self.assertEqual(health.health_status(ids, {}), "healthy")
        self.assertEqual(health.health_status(ids, {"mistral-7b": "gated"}), "degraded")
        self.assertEqual(health.health_status(ids, {m: "x" for m in ids}), "unhealthy")
        self.assertEqual(health.health_status([], {}), "unhealthy")

    def test_cold_is_healthy(self):
        h = health.build_health(region="APAC")
        self.assertEqual(h["status"], "healthy")
        self.assertEqual(h["models_ready"], [])
        self.assertEqual(h["models_available"], list(catalogue.MODEL_IDS))
        self.assertIsNone(h["modal_region"])
        self.assertEqual(schema.validate_json(h, contract_schema("health-response")), [])
        expected = load_json(EXAMPLES / "health-cold.json")
        self.assertEqual({k: v for k, v in h.items() if k != "app_name"}, expected)

    def test_warm_and_degraded(self):
        h = health.build_health(region="EU", models_ready=["qwen2.5-1.5b", "llama3.2-1b"],
                              model_errors={"mistral-7b": "gated"}, modal_region="eu-west-1")
        self.assertEqual(h["status"], "degraded")
        self.assertEqual(h["models_ready"], ["llama3.2-1b", "qwen2.5-1.5b"])
        self.assertEqual(h["model_errors"], [{"model": "mistral-7b", "error": "gated"}])
        self.assertEqual(schema.validate_json(h, contract_schema("health-response")), [])

    def test_model_info(self):
        info = health.build_model_info("EU", ["mistral-7b"])
        self.assertEqual(schema.validate_json(info, contract_schema("model-info-response")), [])
        loaded = {m["id"]: m["loaded"] for m in info["models"]}
        self.assertEqual(loaded, {"llama3.2-1b": False, "mistral-7b": True,
                                  "qwen2.5-1.5b": False})
        mistral = [m for m in info["models"] if m["id"] == "mistral-7b"][0]
        self.assertEqual(mistral["quantization"], "8-bit")
        self.assertEqual(mistral["context_length"], 32768)

    def test_container_liveness(self):
        st = health.make_container_state(models_ready=["llama3.2-1b"], model_errors={},
                                       modal_region="us-east-1", gpu="T4", now=1000.0)
        self.assertTrue(health.container_state_is_live(st, 1100, 120, 900))
        self.assertFalse(health.container_state_is_live(st, 1000 + 120 + 61, 120, 900))
        busy = dict(st, busy_since=1000.0)
        self.assertTrue(health.container_state_is_live(busy, 1800, 120, 900))
        self.assertFalse(health.container_state_is_live(busy, 2000, 120, 900))
        self.assertFalse(health.container_state_is_live(None, 0, 120, 900))
        self.assertFalse(health.container_state_is_live(dict(st, last_seen=0.0), 1000, 120, 900))


if __name__ == "__main__":
    unittest.main()

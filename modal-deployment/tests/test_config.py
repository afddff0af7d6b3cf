"""Deploy configuration from BEACON_* variables."""

import unittest

import tests.support  # noqa: F401  (puts modal-deployment on sys.path)
from beacon_endpoint import catalogue, config


class DeployConfig(unittest.TestCase):
    def test_region_required_no_default(self):
        for env in ({}, {"BEACON_REGION": ""}, {"BEACON_REGION": "eu-west"},
                    {"BEACON_REGION": "asia"}):
            with self.assertRaises(ValueError) as ctx:
                config.load_deploy_config(env)
            self.assertIn("BEACON_REGION", str(ctx.exception))

    def test_defaults(self):
        cfg = config.load_deploy_config({"BEACON_REGION": "eu"})
        self.assertEqual(cfg.region, "EU")
        self.assertEqual(cfg.app_name, "beacon-eu")
        # Broad pinning by default (1.5x, larger GPU pool); narrow keeps the old region list.
        self.assertEqual(cfg.modal_regions, ("eu",))
        self.assertEqual(cfg.pinning_multiplier, 1.5)
        narrow = config.load_deploy_config({"BEACON_REGION": "eu", "BEACON_PINNING": "narrow"})
        self.assertEqual(narrow.modal_regions, ("eu-west", "eu-north"))
        self.assertEqual(narrow.pinning_multiplier, 1.75)
        self.assertEqual(config.load_deploy_config({"BEACON_REGION": "US"}).modal_regions, ("us",))
        self.assertEqual(config.load_deploy_config({"BEACON_REGION": "APAC"}).modal_regions, ("ap",))
        self.assertEqual((cfg.max_batch_size, cfg.batch_wait_ms), (8, 100))
        self.assertEqual(cfg.attempts_dict_name, "beacon-attempts-eu")
        self.assertEqual(cfg.capacity()["suggested_concurrency"], 8)
        self.assertEqual((cfg.scaledown_window, cfg.max_containers), (120, 1))
        self.assertEqual(cfg.gpu, "T4")
        self.assertEqual(cfg.hf_secret_name, "huggingface-secret")
        self.assertEqual(cfg.preload, catalogue.MODEL_IDS)
        self.assertEqual(cfg.volume_name, "beacon-hf-cache-eu")
        self.assertEqual(cfg.state_dict_name, "beacon-state-eu")

    def test_overrides_and_round_trip(self):
        cfg = config.load_deploy_config({"BEACON_REGION": "APAC", "BEACON_SCALEDOWN_WINDOW": "300",
                                       "BEACON_MAX_CONTAINERS": "2",
                                       "BEACON_PRELOAD": "qwen2.5-1.5b",
                                       "BEACON_PINNING": "narrow", "BEACON_MAX_BATCH_SIZE": "4"})
        self.assertEqual((cfg.scaledown_window, cfg.max_containers), (300, 2))
        self.assertEqual(cfg.preload, ("qwen2.5-1.5b",))
        self.assertEqual(config.load_deploy_config(cfg.container_env()), cfg)
        self.assertEqual(config.load_deploy_config({"BEACON_REGION": "US",
                                                  "BEACON_PRELOAD": "none"}).preload, ())

    def test_bad_values_raise(self):
        for env in ({"BEACON_SCALEDOWN_WINDOW": "two minutes"}, {"BEACON_MAX_CONTAINERS": "0"},
                    {"BEACON_PRELOAD": "gpt-4"}, {"BEACON_TIMEOUT": "5"},
                    {"BEACON_PINNING": "eu-west"}, {"BEACON_MAX_BATCH_SIZE": "0"}):
            with self.assertRaises(ValueError):
                config.load_deploy_config({"BEACON_REGION": "US", **env})


if __name__ == "__main__":
    unittest.main()

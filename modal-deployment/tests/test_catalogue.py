"""Region and model tables, app names and endpoint labels."""

import unittest

import tests.support  # noqa: F401  (puts modal-deployment on sys.path)
from beacon_endpoint import catalogue, health


class RegionAndModelTables(unittest.TestCase):
    def test_regions(self):
        self.assertEqual(list(catalogue.REGIONS), ["US", "EU", "APAC"])
        us, eu, apac = catalogue.REGIONS["US"], catalogue.REGIONS["EU"], catalogue.REGIONS["APAC"]
        self.assertEqual((us.label, us.prompt_phrase), ("us-east", "the US"))
        self.assertEqual(us.modal_regions, ("us-east", "us-central", "us-west"))
        self.assertEqual((eu.label, eu.prompt_phrase), ("eu-west", "Europe"))
        self.assertEqual(eu.modal_regions, ("eu-west", "eu-north"))
        self.assertEqual((apac.label, apac.prompt_phrase), ("asia-pacific", "Asia"))
        self.assertEqual(apac.modal_regions, ("ap-southeast", "ap-northeast"))

    def test_unknown_region_is_an_error_not_a_default(self):
        for bad in ("eu-west", "us", "Europe", "", None, "ASIA", 1):
            with self.assertRaises(ValueError):
                catalogue.region_info(bad)
            with self.assertRaises(ValueError):
                catalogue.regional_system_prompt(bad)

    def test_models(self):
        self.assertEqual(list(catalogue.MODELS), ["llama3.2-1b", "mistral-7b", "qwen2.5-1.5b"])
        m = catalogue.MODELS
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
            self.assertIn(info.quantization, catalogue.QUANTIZATIONS)
            self.assertIn(info.home_region, catalogue.REGIONS)

    def test_app_names_and_labels(self):
        self.assertEqual(catalogue.app_name("US"), "beacon-us")
        self.assertEqual(catalogue.app_name("EU"), "beacon-eu")
        self.assertEqual(catalogue.app_name("APAC"), "beacon-apac")
        self.assertEqual(
            catalogue.endpoint_labels("EU"),
            {"inference": "beacon-eu", "health": "beacon-eu-health",
             "model_info": "beacon-eu-model-info"},
        )
        urls = catalogue.endpoint_urls("acme", "APAC")
        self.assertEqual(urls["inference"], "https://acme--beacon-apac.modal.run")
        self.assertEqual(urls["health"], "https://acme--beacon-apac-health.modal.run")
        self.assertEqual(catalogue.endpoint_urls("acme", "US", "dev")["inference"],
                         "https://acme-dev--beacon-us.modal.run")


if __name__ == "__main__":
    unittest.main()

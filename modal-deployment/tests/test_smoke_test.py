"""The smoke test's checks, offline (the script itself needs a deployment, network and a token)."""

import unittest

import tests.support  # noqa: F401  (puts modal-deployment on sys.path)
import smoke_test


def reply(text, **receipt):
    base = {"inference_seconds": 2.0, "modal_region": "eu-west-1",
            "placement": {"provider": "aws", "region": "eu-west-1"}, "prompt_sha256": "a" * 64,
            "prompt_date": None, "attempts": 1, "batch_size": 1}
    base.update(receipt)
    return {"success": True, "response": text, "tokens_generated": 40, "receipt": base}


class SmokeTestChecks(unittest.TestCase):
    def test_correct_short_answers_need_no_fix(self):
        f = smoke_test.Findings()
        smoke_test.assess_answer("mistral-7b", "What is 2+2?", "4", reply("4"), f)
        smoke_test.assess_answer("qwen2.5-1.5b", "法国的首都是哪里？", "巴黎", reply("巴黎。"), f)
        self.assertEqual(f.problems, [])
        self.assertTrue(any("tokens/s" in n for n in f.notes))

    def test_degenerate_wrong_slow_and_failed_answers_are_named(self):
        f = smoke_test.Findings()
        smoke_test.assess_answer("qwen2.5-1.5b", "What is 2+2?", "4", reply("!" * 40), f)
        smoke_test.assess_answer("llama3.2-1b", "What is the capital of France?", "Paris",
                                 reply("Lyon", inference_seconds=40.0), f)
        smoke_test.assess_answer("qwen2.5-1.5b", "Who are you?", None,
                                 {"success": False, "error_code": "degenerate_output", "error": "x"}, f)
        text = "\n".join(f.problems)
        self.assertIn("degenerate", text)
        self.assertIn("expected 'Paris'", text)
        self.assertIn("tokens/s", text)
        self.assertIn("fp32 or 8-bit", text)

    def test_receipts_must_show_a_stable_prompt_the_right_date_and_region(self):
        f = smoke_test.Findings()
        smoke_test.assess_receipts("llama3.2-1b", "EU", reply("4", prompt_date="26 Jul 2024"),
                                   reply("4", prompt_date="26 Jul 2024"), f)
        self.assertEqual(f.problems, [])
        smoke_test.assess_receipts("llama3.2-1b", "EU", reply("4"), reply("4", prompt_sha256="b" * 64), f)
        smoke_test.assess_receipts("mistral-7b", "EU", reply("4", modal_region="us-east-1"), reply("4"), f)
        text = "\n".join(f.problems)
        self.assertIn("prompt_sha256 differs", text)
        self.assertIn("no prompt_date", text)
        self.assertIn("ran in us-east-1", text)

    def test_a_receipt_without_a_placement_provider_is_named(self):
        f = smoke_test.Findings()
        smoke_test.assess_receipts("llama3.2-1b", "EU", reply("4", placement={"provider": None, "region": "eu-west-1"}),
                                   reply("4"), f)
        self.assertIn("no placement provider", "\n".join(f.problems))

    def test_slow_cold_starts_are_named(self):
        f = smoke_test.Findings()
        smoke_test.assess_cold_start("mistral-7b", 480, 12, f)
        self.assertIn("cold start 480s", f.problems[0])


    def test_model_info_with_capacity_and_the_expected_pinning_needs_no_fix(self):
        f = smoke_test.Findings()
        info = {"capacity": {"max_batch_size": 8, "max_containers": 1, "suggested_concurrency": 8},
                "pinning": "narrow", "pinning_multiplier": 1.75}
        smoke_test.assess_model_info(info, "narrow", f)
        self.assertEqual(f.problems, [])
        self.assertTrue(any("1.75x" in n for n in f.notes))

    def test_model_info_without_capacity_or_with_another_pinning_is_named(self):
        f = smoke_test.Findings()
        smoke_test.assess_model_info({"pinning": "broad", "pinning_multiplier": 1.5}, "narrow", f)
        smoke_test.assess_model_info("HTTP 401: missing credentials", None, f)
        smoke_test.assess_model_info({"capacity": {"suggested_concurrency": 4}}, None, f)
        text = "\n".join(f.problems)
        self.assertIn("no capacity", text)
        self.assertIn("BEACON_PINNING=narrow", text)
        self.assertIn("did not answer JSON", text)
        self.assertIn("pinning None", text)

    def test_mistral_must_be_loaded_from_its_saved_quantised_weights(self):
        def entry(model, prequantised, quantization):
            return {"id": model, "loaded": True, "weights": {
                "source": "volume", "quantization": quantization, "prequantised": prequantised,
                "load_seconds": 20.0}}
        good = {"models": [entry("mistral-7b", True, "8-bit"), entry("qwen2.5-1.5b", False, "fp32")]}
        f = smoke_test.Findings()
        smoke_test.assess_loaded_weights(good, ("mistral-7b", "qwen2.5-1.5b"), f)
        self.assertEqual(f.problems, [])
        self.assertTrue(any("saved pre-quantised" in n for n in f.notes))

        bad = {"models": [entry("mistral-7b", False, "8-bit"),
                          {"id": "llama3.2-1b", "loaded": False}]}
        smoke_test.assess_loaded_weights(bad, ("mistral-7b", "llama3.2-1b"), f)
        text = "\n".join(f.problems)
        self.assertIn("download --models mistral-7b --force", text)
        self.assertIn("llama3.2-1b: model-info does not list it as loaded", text)


if __name__ == "__main__":
    unittest.main()

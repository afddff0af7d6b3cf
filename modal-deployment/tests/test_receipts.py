"""Receipts and timestamps."""

import datetime as dt
import unittest

from tests.support import (  # also puts modal-deployment on sys.path
    valid_request,
    sample_receipt,
)
from beacon_endpoint import chat, receipts, validation


class Receipts(unittest.TestCase):
    def test_receipt_contents(self):
        r = sample_receipt(system_prompt_source="regional_default",
                           system_prompt_mode="system_role", finish_reason="stop",
                           decoding=chat.decoding_settings(0.1))
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
        req = validation.parse_request(valid_request(), "US")[0]
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
        self.assertRegex(receipts.iso_utc(receipts.utc_now()), receipts.TIMESTAMP_PATTERN)
        plus2 = dt.timezone(dt.timedelta(hours=2))
        self.assertEqual(receipts.iso_utc(dt.datetime(2025, 1, 1, 14, 0, tzinfo=plus2)),
                         "2025-01-01T12:00:00.000Z")
        with self.assertRaises(ValueError):
            receipts.iso_utc(dt.datetime(2025, 1, 1))

    def test_negative_durations_clamp(self):
        self.assertEqual(sample_receipt(load_seconds=-0.0001)["load_seconds"], 0)


if __name__ == "__main__":
    unittest.main()

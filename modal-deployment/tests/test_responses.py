"""Success and failure payloads."""

import json
import unittest

from tests.support import (  # also puts modal-deployment on sys.path
    contract_schema,
    valid_request,
    sample_receipt,
)
from beacon_endpoint import chat, errors, responses, schema, validation


class Responses(unittest.TestCase):
    def setUp(self):
        self.schema = contract_schema("inference-response")

    def assertValid(self, payload, s=None):
        errors = schema.validate_json(payload, s or self.schema)
        self.assertEqual(errors, [], json.dumps(payload, ensure_ascii=False))

    def test_success_validates(self):
        resp = responses.build_success_response(
            response_text="4", model="llama3.2-1b", region="US", inference_time=0.41234,
            tokens_generated=1, receipt=sample_receipt(decoding=chat.decoding_settings(0.1),
                                                       finish_reason="stop",
                                                       system_prompt_source="request",
                                                       system_prompt_mode="system_role"))
        self.assertTrue(resp["success"])
        self.assertEqual(resp["inference_time"], 0.412)
        self.assertValid(resp)

    def test_refusal_is_a_success(self):
        resp = responses.build_success_response(
            response_text="I'm sorry, but I cannot provide answers on political matters.",
            model="llama3.2-1b", region="US", inference_time=2, tokens_generated=12,
            receipt=sample_receipt())
        self.assertIs(resp["success"], True)
        self.assertEqual(resp["receipt"]["attempts"], 1)
        self.assertValid(resp)

    def test_failures_validate(self):
        for code in errors.ERROR_CODES:
            resp = responses.build_failure_response(error=f"boom {code}", error_code=code,
                                               region="EU", inference_time=0.5)
            self.assertIs(resp["success"], False)
            self.assertValid(resp)
        resp = responses.build_failure_response(error="x", error_code="moderation", region="APAC",
                                           inference_time=0, request_id="r", model="gpt-4",
                                           details=["a", "b"], moderated=True)
        self.assertValid(resp)

    def test_unknown_error_code_rejected(self):
        with self.assertRaises(ValueError):
            responses.build_failure_response(error="x", error_code="refusal", region="US",
                                        inference_time=0)

    def test_failure_for_issues(self):
        body = valid_request(region="APAC", model="qwen2.5-1.5b", request_id="r-9")
        issues = validation.validate_request(body, "EU")
        resp = responses.failure_for_issues(issues, "EU", 0.0004, body)
        self.assertEqual(resp["error_code"], "wrong_region")
        self.assertEqual(resp["region"], "EU")  # the region actually served
        self.assertEqual(resp["request_id"], "r-9")
        self.assertTrue(resp["error"].startswith("region:"))
        self.assertValid(resp)
        resp = responses.failure_for_issues(validation.validate_request(["x"], "US"), "US", 0, ["x"])
        self.assertEqual(resp["error_code"], "invalid_request")
        self.assertValid(resp)
        body = {"model": 5, "request_id": 7}
        resp = responses.failure_for_issues(validation.validate_request(body, "US"), "US", 0, body)
        self.assertNotIn("model", resp)
        self.assertNotIn("request_id", resp)
        self.assertValid(resp)


if __name__ == "__main__":
    unittest.main()

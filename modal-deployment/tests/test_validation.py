"""Request validation and parsing."""

import unittest

from tests.support import (  # also puts modal-deployment on sys.path
    valid_request,
    fields,
)
from beacon_endpoint import validation


class RequestValidation(unittest.TestCase):
    def assertIssue(self, body, field, code="invalid_request", app_region="US"):
        issues = validation.validate_request(body, app_region)
        matching = [i for i in issues if i.field == field]
        self.assertTrue(matching, f"expected an issue on {field!r}, got {issues}")
        self.assertTrue(all(str(i).startswith(field + ":") for i in matching))
        self.assertIn(code, [i.code for i in matching])
        return issues

    def test_valid_request(self):
        self.assertEqual(validation.validate_request(valid_request(), "US"), [])
        self.assertEqual(validation.validate_request(valid_request(seed=None), "US"), [])
        self.assertEqual(validation.validate_request(valid_request(seed=0), "US"), [])
        self.assertEqual(
            validation.validate_request(valid_request(region="APAC", model="qwen2.5-1.5b"), "APAC"), []
        )

    def test_body_must_be_object(self):
        for body in (None, [], "text", 3):
            issues = validation.validate_request(body, "US")
            self.assertEqual(fields(issues), ["body"])

    def test_every_required_field(self):
        for name in validation.REQUIRED_REQUEST_FIELDS:
            body = valid_request()
            del body[name]
            issues = self.assertIssue(body, name)
            self.assertIn("required", str(issues[0]))

    def test_unknown_field(self):
        self.assertIssue(valid_request(retry_on_refusal=True), "retry_on_refusal")

    def test_model(self):
        self.assertIssue(valid_request(model=1), "model")
        issues = self.assertIssue(valid_request(model="gpt-4"), "model", "unknown_model")
        self.assertEqual(validation.request_error_code(issues), "unknown_model")
        self.assertIssue(valid_request(model="Llama3.2-1B"), "model", "unknown_model")

    def test_prompt(self):
        for bad in ("", "   ", "\n", 5, None, ["q"]):
            self.assertIssue(valid_request(prompt=bad), "prompt")
        self.assertEqual(validation.validate_request(valid_request(prompt="天安门？"), "US"), [])

    def test_system_prompt(self):
        self.assertIssue(valid_request(system_prompt=3), "system_prompt")
        self.assertIssue({k: v for k, v in valid_request().items() if k != "system_prompt"}, "system_prompt")
        # null: no system prompt at all (the "none" persona)
        self.assertEqual(validation.validate_request(valid_request(system_prompt=None), "US"), [])
        self.assertEqual(validation.validate_request(valid_request(system_prompt=""), "US"), [])

    def test_temperature(self):
        for ok in (0, 0.0, 0.1, 1, 2, 2.0):
            self.assertEqual(validation.validate_request(valid_request(temperature=ok), "US"), [], ok)
        for bad in (-0.01, 2.01, 2.5, True, False, "0.1", None, float("nan"), float("inf")):
            self.assertIssue(valid_request(temperature=bad), "temperature")

    def test_max_tokens(self):
        for ok in (1, 500, 4096, 5.0):
            self.assertEqual(validation.validate_request(valid_request(max_tokens=ok), "US"), [], ok)
        for bad in (0, -1, 4097, 1.5, "500", True, None):
            self.assertIssue(valid_request(max_tokens=bad), "max_tokens")

    def test_region(self):
        issues = self.assertIssue(valid_request(region="eu-west"), "region")
        self.assertIn("no default region", str(issues[0]))
        self.assertEqual(validation.request_error_code(issues), "invalid_request")
        for bad in ("us", "Europe", "", None, 1):
            self.assertIssue(valid_request(region=bad), "region")

    def test_wrong_region(self):
        issues = self.assertIssue(valid_request(region="APAC"), "region", "wrong_region",
                                  app_region="EU")
        self.assertIn("beacon-eu", str(issues[0]))
        self.assertEqual(validation.request_error_code(issues), "wrong_region")

    def test_wrong_region_wins_over_other_errors(self):
        issues = validation.validate_request(valid_request(region="EU", model="gpt-4", prompt=""), "US")
        self.assertEqual(validation.request_error_code(issues), "wrong_region")
        issues = validation.validate_request(valid_request(model="gpt-4", prompt=""), "US")
        self.assertEqual(validation.request_error_code(issues), "unknown_model")
        issues = validation.validate_request(valid_request(prompt=""), "US")
        self.assertEqual(validation.request_error_code(issues), "invalid_request")

    def test_seed(self):
        for ok in (None, 0, 42, 2147483647, 7.0):
            self.assertEqual(validation.validate_request(valid_request(seed=ok), "US"), [], ok)
        for bad in (-1, 2147483648, "42", 1.5, True):
            self.assertIssue(valid_request(seed=bad), "seed")

    def test_request_id(self):
        for bad in ("", "   ", 12, None, "x" * 201):
            self.assertIssue(valid_request(request_id=bad), "request_id")
        self.assertEqual(validation.validate_request(valid_request(request_id="x" * 200), "US"), [])

    def test_all_problems_reported_at_once(self):
        body = {"model": "gpt-4", "prompt": "", "temperature": 9, "region": "US", "extra": 1}
        got = set(fields(validation.validate_request(body, "US")))
        self.assertTrue({"model", "prompt", "temperature", "system_prompt", "max_tokens",
                         "request_id", "extra"} <= got, got)

    def test_app_region_must_be_known(self):
        with self.assertRaises(ValueError):
            validation.validate_request(valid_request(), "eu-west")

    def test_parse_request(self):
        req, issues = validation.parse_request(valid_request(max_tokens=5.0, seed=3.0, temperature=1),
                                         "US")
        self.assertEqual(issues, [])
        self.assertIsInstance(req.max_tokens, int)
        self.assertIsInstance(req.seed, int)
        self.assertIsInstance(req.temperature, float)
        self.assertEqual((req.model, req.region, req.request_id), ("llama3.2-1b", "US", "req-1"))
        self.assertIsNone(validation.parse_request(valid_request(), "US")[0].seed)
        req, issues = validation.parse_request(valid_request(region="EU"), "US")
        self.assertIsNone(req)
        self.assertEqual(fields(issues), ["region"])

    def test_context_budget(self):
        self.assertIsNone(validation.context_budget_issue(100, 500, 32768))
        issue = validation.context_budget_issue(32700, 500, 32768)
        self.assertEqual(issue.field, "max_tokens")


if __name__ == "__main__":
    unittest.main()

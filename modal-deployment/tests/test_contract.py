"""The regional endpoint contract: schemas, examples, agreement with the core tables."""

import unittest

from tests.support import (  # also puts modal-deployment on sys.path
    load_json,
    contract_schema,
    EXAMPLES,
    INVALID,
)
from beacon_endpoint import catalogue, contracts, errors, receipts, schema, validation


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
        for name, file_name in contracts.SCHEMA_FILES.items():
            s = contract_schema(name)
            self.assertEqual(s["$schema"], "https://json-schema.org/draft/2020-12/schema")
            self.assertEqual(schema.unsupported_schema_keywords(s), [], file_name)

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
                errors = schema.validate_json(load_json(path),
                                            contract_schema(contracts.schema_name_for_example(path.name)))
                self.assertEqual(errors, [])

    def test_every_invalid_example_fails(self):
        files = sorted(INVALID.glob("*.json"))
        self.assertGreaterEqual(len(files), len(self.REQUIRED_INVALID))
        for path in files:
            with self.subTest(example=path.name):
                errors = schema.validate_json(load_json(path),
                                            contract_schema(contracts.schema_name_for_example(path.name)))
                self.assertTrue(errors, f"{path.name} should fail validation")

    def test_every_file_has_a_known_prefix(self):
        for path in list(EXAMPLES.glob("*")) + list(INVALID.glob("*")):
            if path.is_file():
                self.assertTrue(path.suffix == ".json", path.name)
                contracts.schema_name_for_example(path.name)
        self.assertEqual(contracts.schema_name_for_example("model-info.json"), "model-info-response")
        self.assertEqual(contracts.schema_name_for_example("request-x.json"), "inference-request")
        self.assertEqual(contracts.schema_name_for_example("response-x.json"), "inference-response")
        self.assertEqual(contracts.schema_name_for_example("health-x.json"), "health-response")

    def test_core_validation_agrees_with_schema(self):
        for path in sorted(EXAMPLES.glob("request-*.json")):
            body = load_json(path)
            with self.subTest(example=path.name):
                self.assertEqual(validation.validate_request(body, body["region"]), [])
        for path in sorted(INVALID.glob("request-*.json")):
            with self.subTest(example=path.name):
                self.assertTrue(validation.validate_request(load_json(path), "US"))

    def test_example_requests_parse_and_match_regions(self):
        chinese = load_json(EXAMPLES / "request-chinese.json")
        self.assertRegex(chinese["prompt"], "[\u4e00-\u9fff]")
        seeded = load_json(EXAMPLES / "request-with-seed.json")
        self.assertIsInstance(seeded["seed"], int)
        for path in sorted(EXAMPLES.glob("request-*.json")):
            body = load_json(path)
            req, issues = validation.parse_request(body, body["region"])
            self.assertEqual(issues, [], path.name)

    def test_example_responses_are_consistent(self):
        for path in sorted(EXAMPLES.glob("response-*.json")):
            body = load_json(path)
            with self.subTest(example=path.name):
                if body["success"]:
                    r = body["receipt"]
                    self.assertEqual(r["region"], body["region"])
                    self.assertEqual(r["model"], body["model"])
                    self.assertEqual(r["app_name"], catalogue.app_name(body["region"]))
                    self.assertEqual(r["hf_repo"], catalogue.MODELS[body["model"]].hf_repo)
                    self.assertEqual(r["cold_start"], r["load_seconds"] > 0)
        self.assertEqual(load_json(EXAMPLES / "response-success-short.json")["response"], "4")
        refusal = load_json(EXAMPLES / "response-refusal.json")
        self.assertIs(refusal["success"], True)
        self.assertEqual(load_json(EXAMPLES / "response-failure-wrong-region.json")["error_code"],
                         "wrong_region")
        self.assertEqual(load_json(EXAMPLES / "health-cold.json")["models_ready"], [])

    def test_schema_enums_match_core_tables(self):
        req = contract_schema("inference-request")
        self.assertEqual(req["$defs"]["RegionCode"]["enum"], list(catalogue.REGION_CODES))
        self.assertEqual(req["$defs"]["ModelId"]["enum"], list(catalogue.MODEL_IDS))
        self.assertEqual(sorted(req["required"]), sorted(validation.REQUIRED_REQUEST_FIELDS))
        self.assertEqual(sorted(req["properties"]), sorted(validation.ALLOWED_REQUEST_FIELDS))
        resp = contract_schema("inference-response")
        self.assertEqual(resp["$defs"]["Failure"]["properties"]["error_code"]["enum"],
                         list(errors.ERROR_CODES))
        self.assertEqual(resp["$defs"]["Timestamp"]["pattern"], receipts.TIMESTAMP_PATTERN)
        for name in contracts.SCHEMA_FILES:
            defs = contract_schema(name).get("$defs", {})
            if "RegionCode" in defs:
                self.assertEqual(defs["RegionCode"]["enum"], list(catalogue.REGION_CODES), name)
            if "ModelId" in defs:
                self.assertEqual(defs["ModelId"]["enum"], list(catalogue.MODEL_IDS), name)


if __name__ == "__main__":
    unittest.main()

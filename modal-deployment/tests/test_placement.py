"""Placement: the container reports where it runs (MODAL_CLOUD_PROVIDER / MODAL_REGION), raw."""

import unittest

from tests.support import (  # also puts modal-deployment on sys.path
    contract_schema,
    sample_receipt,
)
from beacon_endpoint import placement, responses, schema


class Placement(unittest.TestCase):
    def test_reads_provider_and_region_from_the_environment(self):
        p = placement.placement_from_env({"MODAL_CLOUD_PROVIDER": "aws", "MODAL_REGION": "us-east-1"})
        self.assertEqual(p, {"provider": "aws", "region": "us-east-1"})

    def test_keeps_a_zone_as_reported(self):
        p = placement.placement_from_env({"MODAL_CLOUD_PROVIDER": "GCP ", "MODAL_REGION": "europe-west4-a"})
        self.assertEqual(p, {"provider": "gcp", "region": "europe-west4-a"})

    def test_missing_parts_are_none_never_guessed(self):
        self.assertEqual(placement.placement_from_env({}), {"provider": None, "region": None})
        self.assertEqual(placement.placement_from_env({"MODAL_REGION": "  "}), {"provider": None, "region": None})
        self.assertEqual(placement.placement_from_env({"MODAL_REGION": "us-east-1"}),
                         {"provider": None, "region": "us-east-1"})

    def test_describe(self):
        self.assertEqual(placement.describe({"provider": "oci", "region": "us-ashburn-1"}), "oci/us-ashburn-1")
        self.assertEqual(placement.describe(None), "?/?")

    def test_receipt_carries_the_placement_and_modal_region(self):
        r = sample_receipt(modal_region=None, placement={"provider": "gcp", "region": "us-central1"})
        self.assertEqual(r["placement"], {"provider": "gcp", "region": "us-central1"})
        self.assertEqual(r["modal_region"], "us-central1")
        self.assertEqual(schema.validate_json(r, contract_schema("inference-response")["$defs"]["Receipt"], contract_schema("inference-response")), [])

    def test_receipt_without_placement_has_no_placement_field(self):
        self.assertNotIn("placement", sample_receipt())

    def test_failure_carries_the_placement(self):
        out = responses.build_failure_response(
            error="CUDA out of memory", error_code="generation_error", region="EU", inference_time=1.0,
            placement={"provider": "gcp", "region": "europe-west4-a"})
        self.assertEqual(out["placement"], {"provider": "gcp", "region": "europe-west4-a"})
        self.assertEqual(schema.validate_json(out, contract_schema("inference-response")), [])

    def test_schema_rejects_a_placement_with_other_fields(self):
        out = responses.build_failure_response(
            error="x", error_code="generation_error", region="EU", inference_time=1.0,
            placement={"provider": "gcp", "region": "europe-west4-a"})
        out["placement"]["zone"] = "a"
        self.assertNotEqual(schema.validate_json(out, contract_schema("inference-response")), [])


if __name__ == "__main__":
    unittest.main()

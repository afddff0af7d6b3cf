"""Batching plan: seeded sampling runs alone; greedy and unseeded sampling share batches."""

import unittest

from tests.support import valid_request
from beacon_endpoint import batching, validation


def req(i, temperature=0.0, seed=None):
    body = valid_request(request_id=f"r{i}", temperature=temperature)
    if seed is not None:
        body["seed"] = seed
    return validation.parse_request(body, "US")[0]


class Batching(unittest.TestCase):
    def test_greedy_requests_share_a_batch_whatever_their_seed(self):
        plan = batching.plan_batches([req(0), req(1, seed=3), req(2)], 8)
        self.assertEqual(plan, [[0, 1, 2]])

    def test_a_seeded_sampled_request_runs_alone(self):
        plan = batching.plan_batches([req(0, 0.7, seed=1), req(1, 0.7, seed=1), req(2, 0.7)], 8)
        self.assertIn([0], plan)
        self.assertIn([1], plan)
        self.assertIn([2], plan)

    def test_unseeded_sampling_batches_by_temperature(self):
        plan = batching.plan_batches([req(0, 0.7), req(1, 0.1), req(2, 0.7), req(3)], 8)
        self.assertEqual(sorted(plan), [[0, 2], [1], [3]])

    def test_batches_respect_the_size_limit_and_cover_every_request_once(self):
        requests = [req(i) for i in range(10)]
        plan = batching.plan_batches(requests, 4)
        self.assertEqual([len(b) for b in plan], [4, 4, 2])
        self.assertEqual(sorted(i for b in plan for i in b), list(range(10)))
        with self.assertRaises(ValueError):
            batching.plan_batches(requests, 0)

    def test_model_info_reports_capacity_and_pinning(self):
        from beacon_endpoint import config, health, schema
        from tests.support import contract_schema

        cfg = config.load_deploy_config({"BEACON_REGION": "EU", "BEACON_MAX_CONTAINERS": "2"})
        info = health.build_model_info("EU", ["mistral-7b"], cfg.capacity(), cfg.pinning)
        self.assertEqual(info["capacity"]["suggested_concurrency"], 16)
        self.assertEqual(info["pinning"], "broad")
        self.assertEqual(info["pinning_multiplier"], 1.5)
        self.assertEqual(schema.validate_json(info, contract_schema("model-info-response")), [])


if __name__ == "__main__":
    unittest.main()

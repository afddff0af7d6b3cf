"""Attempts: a request id that starts again (preemption re-run, client retry) is attempt 2."""

import unittest

from tests.support import contract_schema, sample_receipt
from beacon_endpoint import attempts, schema


class BrokenStore:
    def get(self, key, default=None):
        raise ConnectionError("dict unavailable")

    def put(self, key, value):
        raise ConnectionError("dict unavailable")


class WriteFailsStore(attempts.MemoryAttemptStore):
    def put(self, key, value):
        raise ConnectionError("read-only")


class Attempts(unittest.TestCase):
    def test_first_start_is_attempt_one(self):
        store = attempts.MemoryAttemptStore()
        record = attempts.register_attempt(store, "req-1", now=1000.0, task_id="ta-1")
        self.assertEqual((record.attempt, record.tracked), (1, True))
        self.assertEqual(store.data["attempt:req-1"]["task_ids"], ["ta-1"])

    def test_a_rerun_of_the_same_request_id_is_reported_honestly(self):
        store = attempts.MemoryAttemptStore()
        attempts.register_attempt(store, "req-1", now=1000.0, task_id="ta-1")
        second = attempts.register_attempt(store, "req-1", now=1090.0, task_id="ta-2")
        third = attempts.register_attempt(store, "req-1", now=1200.0, task_id="ta-3")
        self.assertEqual(second.attempt, 2)
        self.assertEqual(second.previous_task_ids, ("ta-1",))
        self.assertEqual(second.first_started_at, 1000.0)
        self.assertEqual(third.attempt, 3)
        self.assertEqual(third.previous_task_ids, ("ta-1", "ta-2"))

    def test_other_request_ids_do_not_count(self):
        store = attempts.MemoryAttemptStore()
        attempts.register_attempt(store, "req-1", now=1000.0)
        self.assertEqual(attempts.register_attempt(store, "req-2", now=1001.0).attempt, 1)

    def test_stale_records_expire(self):
        store = attempts.MemoryAttemptStore()
        attempts.register_attempt(store, "req-1", now=1000.0)
        later = attempts.register_attempt(store, "req-1", now=1000.0 + 3601, ttl_seconds=3600)
        self.assertEqual(later.attempt, 1)
        self.assertEqual(store.data["attempt:req-1"]["first_started_at"], 1000.0 + 3601)

    def test_garbage_in_the_store_starts_over(self):
        store = attempts.MemoryAttemptStore({"attempt:req-1": "not a record"})
        self.assertEqual(attempts.register_attempt(store, "req-1", now=5.0).attempt, 1)

    def test_a_failing_store_never_fails_the_request_and_says_so(self):
        record = attempts.register_attempt(BrokenStore(), "req-1", now=1.0)
        self.assertEqual((record.attempt, record.tracked), (1, False))
        store = WriteFailsStore()
        store.data["attempt:req-1"] = {"attempts": 1, "first_started_at": 0.0, "last_started_at": 0.5}
        record = attempts.register_attempt(store, "req-1", now=1.0)
        self.assertEqual((record.attempt, record.tracked), (2, False))

    def test_receipt_reports_the_attempt_and_validates(self):
        r = sample_receipt(attempts=2, attempts_tracked=True, batch_size=4)
        self.assertEqual(r["attempts"], 2)
        self.assertIs(r["attempts_tracked"], True)
        self.assertEqual(r["batch_size"], 4)
        full = contract_schema("inference-response")
        self.assertEqual(schema.validate_json(r, full["$defs"]["Receipt"], full), [])
        self.assertTrue(schema.validate_json(dict(r, attempts=0), full["$defs"]["Receipt"], full))
        self.assertEqual(sample_receipt()["attempts"], 1)


if __name__ == "__main__":
    unittest.main()

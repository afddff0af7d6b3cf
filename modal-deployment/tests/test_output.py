"""Extraction of the newly generated text."""

import unittest

import tests.support  # noqa: F401  (puts modal-deployment on sys.path)
from beacon_endpoint import output


class NewTokenExtraction(unittest.TestCase):
    VOCAB = {1: "<s>", 2: "</s>", 10: "What", 11: " is", 12: " 2+2?", 20: " 4", 21: ".",
             30: "<pad>"}

    def decode(self, ids):
        return "".join(self.VOCAB[i] for i in ids if not self.VOCAB[i].startswith("<"))

    def test_new_token_ids(self):
        self.assertEqual(output.new_token_ids([1, 10, 11, 12, 20, 21, 2], 4), [20, 21, 2])
        self.assertEqual(output.new_token_ids([1, 10], 2), [])
        with self.assertRaises(ValueError):
            output.new_token_ids([1, 10], 3)
        with self.assertRaises(ValueError):
            output.new_token_ids([1, 10], -1)

    def test_cut_at_stop_token(self):
        self.assertEqual(output.cut_at_stop_token([20, 21, 2, 30, 30], [2, 30]), ([20, 21], True))
        self.assertEqual(output.cut_at_stop_token([20, 21], [2]), ([20, 21], False))
        self.assertEqual(output.cut_at_stop_token([2], [2, None]), ([], True))

    def test_extract_strips_prompt_and_stop_tokens(self):
        out = [1, 10, 11, 12, 20, 21, 2, 30]
        g = output.extract_generated_text(out, 4, self.decode, [2, 30], max_new_tokens=500)
        self.assertEqual(g.text, "4.")
        self.assertEqual(g.token_ids, (20, 21))
        self.assertEqual(g.tokens_generated, 2)
        self.assertEqual(g.finish_reason, "stop")
        self.assertNotIn("What", g.text)

    def test_extract_hits_length(self):
        g = output.extract_generated_text([1, 10, 20, 21], 2, self.decode, [2], max_new_tokens=2)
        self.assertEqual((g.text, g.finish_reason, g.tokens_generated), ("4.", "length", 2))

    def test_extract_empty_generation(self):
        g = output.extract_generated_text([1, 10, 2], 2, self.decode, [2], max_new_tokens=5)
        self.assertEqual((g.text, g.tokens_generated), ("", 0))

    def test_short_answers_survive(self):
        g = output.extract_generated_text([1, 10, 20, 2], 2, self.decode, [2], max_new_tokens=500)
        self.assertEqual(g.text, "4")

    def test_strip_prompt_text(self):
        self.assertEqual(output.strip_prompt_text("Q: 2+2?\nA: 4", "Q: 2+2?\n"), "A: 4")
        with self.assertRaises(ValueError):
            output.strip_prompt_text("something else", "Q: 2+2?")


if __name__ == "__main__":
    unittest.main()

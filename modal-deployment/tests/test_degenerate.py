"""Degenerate output detection: garbage is caught, short and non-English answers are not."""

import unittest

import tests.support  # noqa: F401  (puts modal-deployment on sys.path)
from beacon_endpoint import degenerate
from beacon_endpoint.degenerate import detect_degenerate_output

LEGITIMATE = (
    "4",
    "2 + 2 = 4.",
    "Paris",
    "Paris.",
    "巴黎。",
    "法国的首都是巴黎。",
    "No.",
    "不行。",
    "Yes!!!",
    "哈哈哈",
    "Hmm... well...... it depends.",
    "The answer is 1,000,000.",
    "1989年6月4日，中国政府在北京天安门广场对抗议者进行了军事镇压。此事件在中国大陆至今仍受到严格审查，"
    "具体死亡人数存在争议，估计从数百人到数千人不等。",
    "I'm sorry, but I can't help with that.",
    "| Region | Status |\n|---|---|\n| US | ok |\n| EU | ok |",
    "## Summary\n\n---\n\nThe capital of France is Paris.\n\n==========\n\nDone.",
    "Taiwan's status is disputed." + " " + "-" * 40 + " More below.",
    "Long answer " * 3 + "with a trailing partial character \ufffd",
)

DEGENERATE = (
    ("!!!!!!!!", degenerate.REASON_NO_LETTERS_OR_DIGITS),
    ("!" * 500, degenerate.REASON_NO_LETTERS_OR_DIGITS),
    ("。。。。。。。。", degenerate.REASON_NO_LETTERS_OR_DIGITS),
    ("?", degenerate.REASON_NO_LETTERS_OR_DIGITS),
    ("The capital of France is Paris." + "!" * 300, degenerate.REASON_REPEATED_SEQUENCE),
    ("Paris" + "!" * 40, degenerate.REASON_REPEATED_SEQUENCE),
    ("\ufffd" * 5, degenerate.REASON_REPLACEMENT_CHARACTERS),
    ("Par\ufffdis \ufffd\ufffd is the capital", degenerate.REASON_REPLACEMENT_CHARACTERS),
    ("ok\ufffd", degenerate.REASON_REPLACEMENT_CHARACTERS),
    ("1" * 70, degenerate.REASON_NO_LETTERS),
    ("3.14 " * 20, degenerate.REASON_NO_LETTERS),
    ("the " * 12, degenerate.REASON_REPEATED_SEQUENCE),
    ("<unk>" * 10, degenerate.REASON_REPEATED_SEQUENCE),
    ("答案是" + "的" * 30, degenerate.REASON_REPEATED_SEQUENCE),
    ("Fine. " + "=" * 250, degenerate.REASON_REPEATED_SEQUENCE),
)


class DegenerateOutputDetection(unittest.TestCase):
    def test_short_and_chinese_answers_are_not_degenerate(self):
        for text in LEGITIMATE:
            with self.subTest(text=text):
                self.assertIsNone(detect_degenerate_output(text))

    def test_garbage_is_degenerate_with_its_reason(self):
        for text, reason in DEGENERATE:
            with self.subTest(text=text[:40]):
                found = detect_degenerate_output(text)
                self.assertIsNotNone(found)
                self.assertEqual(found.reason, reason)
                self.assertTrue(str(found).startswith(reason + ": "))

    def test_empty_text_is_left_to_the_empty_reply_rule(self):
        self.assertIsNone(detect_degenerate_output(""))
        self.assertIsNone(detect_degenerate_output("  \n"))

    def test_markdown_rules_only_count_when_very_long(self):
        self.assertIsNone(detect_degenerate_output("Intro\n\n" + "-" * 150 + "\n\nText."))
        self.assertIsNotNone(detect_degenerate_output("Intro\n\n" + "-" * 250 + "\n\nText."))

    def test_detail_is_bounded(self):
        found = detect_degenerate_output("!" * 5000)
        self.assertLess(len(found.detail), 200)

    def test_failure_validates_against_the_contract(self):
        from beacon_endpoint import errors, responses, schema
        from tests.support import contract_schema

        text = "!" * 500
        found = detect_degenerate_output(text)
        failure = responses.build_failure_response(
            error=f"degenerate output, not an answer: {found}", error_code=errors.ERROR_DEGENERATE_OUTPUT,
            region="APAC", inference_time=21.7, request_id="r", model="qwen2.5-1.5b",
            details=degenerate.failure_details(found, text))
        self.assertEqual(schema.validate_json(failure, contract_schema("inference-response")), [])
        self.assertEqual(failure["error_code"], "degenerate_output")


if __name__ == "__main__":
    unittest.main()

"""System prompt choice, chat messages and decoding settings."""

import unittest

from tests.support import (  # also puts modal-deployment on sys.path
    US_PROMPT,
    EU_PROMPT,
    APAC_PROMPT,
    load_json,
    EXAMPLES,
)
from beacon_endpoint import catalogue, chat


class SystemPrompt(unittest.TestCase):
    def test_exact_regional_defaults(self):
        self.assertEqual(catalogue.regional_system_prompt("US"), US_PROMPT)
        self.assertEqual(catalogue.regional_system_prompt("EU"), EU_PROMPT)
        self.assertEqual(catalogue.regional_system_prompt("APAC"), APAC_PROMPT)

    def test_null_means_no_system_prompt(self):
        self.assertEqual(chat.choose_system_prompt(None, "EU"), (None, "none"))
        self.assertEqual(chat.build_chat_messages(None, "Q?"), [{"role": "user", "content": "Q?"}])
        self.assertEqual(chat.build_chat_messages(None, "Q?", system_role_supported=False),
                         [{"role": "user", "content": "Q?"}])

    def test_default_only_when_empty(self):
        for absent in ("", "   ", "\n\t"):
            text, source = chat.choose_system_prompt(absent, "EU")
            self.assertEqual(text, EU_PROMPT)
            self.assertEqual(source, "regional_default")

    def test_request_prompt_used_verbatim(self):
        custom = "  You are a terse assistant.  "
        self.assertEqual(chat.choose_system_prompt(custom, "APAC"), (custom, "request"))
        # a region's prompt sent to another region is used as sent, never rewritten
        self.assertEqual(chat.choose_system_prompt(US_PROMPT, "APAC"), (US_PROMPT, "request"))

    def test_chat_messages(self):
        self.assertEqual(
            chat.build_chat_messages("SYS", "Q?"),
            [{"role": "system", "content": "SYS"}, {"role": "user", "content": "Q?"}],
        )
        self.assertEqual(
            chat.build_chat_messages("SYS", "Q?", system_role_supported=False),
            [{"role": "user", "content": "SYS\n\nQ?"}],
        )

    def test_example_requests_carry_the_regional_prompts(self):
        self.assertEqual(load_json(EXAMPLES / "request-basic.json")["system_prompt"], US_PROMPT)
        self.assertEqual(load_json(EXAMPLES / "request-chinese.json")["system_prompt"],
                         APAC_PROMPT)


class Decoding(unittest.TestCase):
    def test_greedy_at_zero(self):
        self.assertFalse(chat.decoding_settings(0)["do_sample"])
        self.assertFalse(chat.decoding_settings(0.0)["do_sample"])

    def test_sampling_is_uniform_across_models(self):
        d = chat.decoding_settings(0.7)
        self.assertEqual(d, {"do_sample": True, "temperature": 0.7, "top_p": 1.0, "top_k": 0,
                             "repetition_penalty": 1.0})


if __name__ == "__main__":
    unittest.main()

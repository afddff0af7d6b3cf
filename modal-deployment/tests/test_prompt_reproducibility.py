"""Reproducible prompts: a fixed date for templates that insert one, and hashes of what was sent.

The real chat templates cannot be downloaded here (no network, gated repos), so each model's test
uses a minimal copy of the date logic of its template and checks the kwargs Beacon passes to
tokenizer.apply_chat_template. That the real templates render the same way with these kwargs is
checked on a deployment by smoke_test.py (the same prompt_sha256 on two days, prompt_date set
for Llama only).
"""

import datetime as dt
import unittest

from tests.support import contract_schema, sample_receipt
from beacon_endpoint import catalogue, chat, schema

# The lines of meta-llama/Llama-3.2-1B-Instruct's chat_template that produce the date:
LLAMA32_DATE_LINES = """
{%- if not date_string is defined %}
    {%- if strftime_now is defined %}
        {%- set date_string = strftime_now("%d %b %Y") %}
    {%- else %}
        {%- set date_string = "26 Jul 2024" %}
    {%- endif %}
{%- endif %}
{{- "Cutting Knowledge Date: December 2023\\n" }}
{{- "Today Date: " + date_string + "\\n\\n" }}
"""
# Mistral-7B-Instruct-v0.3 and Qwen2.5-1.5B-Instruct: message loops with no date anywhere.
MISTRAL_V03_LINES = """
{%- for message in loop_messages %}
    {%- if message["role"] == "user" %}{{- "[INST] " + message["content"] + "[/INST]" }}
    {%- elif message["role"] == "assistant" %}{{- " " + message["content"]|trim + eos_token}}
    {%- endif %}
{%- endfor %}
"""
QWEN25_LINES = """
{%- if messages[0]['role'] == 'system' %}
    {{- '<|im_start|>system\\n' + messages[0]['content'] + '<|im_end|>\\n' }}
{%- else %}
    {{- '<|im_start|>system\\nYou are Qwen, created by Alibaba Cloud. You are a helpful assistant.<|im_end|>\\n' }}
{%- endif %}
"""
TEMPLATES = {"llama3.2-1b": LLAMA32_DATE_LINES, "mistral-7b": MISTRAL_V03_LINES,
             "qwen2.5-1.5b": QWEN25_LINES}


def render_llama32_date_header(today, **kwargs):
    """What LLAMA32_DATE_LINES renders, given the variables apply_chat_template passes (a copy of
    the Jinja logic; transformers defines strftime_now as a global that formats today's date)."""
    if "date_string" in kwargs:
        date_string = kwargs["date_string"]
    else:
        strftime_now = kwargs.get("strftime_now", lambda fmt: today.strftime(fmt))
        date_string = strftime_now("%d %b %Y")
    return "Cutting Knowledge Date: December 2023\n" + "Today Date: " + date_string + "\n\n"


class ReproduciblePrompts(unittest.TestCase):
    def test_every_model_has_a_template_excerpt_and_its_date_behaviour_is_known(self):
        self.assertEqual(set(TEMPLATES), set(catalogue.MODEL_IDS))
        for model_id, source in TEMPLATES.items():
            with self.subTest(model=model_id):
                self.assertEqual(chat.template_inserts_date(source),
                                 catalogue.MODELS[model_id].template_inserts_date)

    def test_llama_gets_a_fixed_date_whatever_the_day(self):
        kwargs = chat.chat_template_kwargs(LLAMA32_DATE_LINES)
        self.assertEqual(kwargs["date_string"], "26 Jul 2024")
        self.assertEqual(chat.prompt_date(LLAMA32_DATE_LINES), "26 Jul 2024")
        headers = {render_llama32_date_header(day, **kwargs)
                   for day in (dt.date(2025, 1, 1), dt.date(2025, 6, 4), dt.date(2031, 12, 31))}
        self.assertEqual(headers, {"Cutting Knowledge Date: December 2023\nToday Date: 26 Jul 2024\n\n"})

    def test_without_the_kwargs_the_llama_prompt_changes_every_day(self):
        # The problem being fixed: the template's default is today's date.
        a = render_llama32_date_header(dt.date(2025, 1, 1))
        b = render_llama32_date_header(dt.date(2025, 1, 2))
        self.assertNotEqual(a, b)

    def test_a_template_calling_strftime_now_directly_gets_the_fixed_date_too(self):
        kwargs = chat.chat_template_kwargs('{{ "Today: " + strftime_now("%Y-%m-%d") }}')
        self.assertEqual(kwargs["strftime_now"]("%Y-%m-%d"), "2024-07-26")
        self.assertEqual(kwargs["strftime_now"]("%d %b %Y"), chat.FIXED_DATE_STRING)

    def test_templates_without_a_date_get_no_extra_variables(self):
        for model_id in ("mistral-7b", "qwen2.5-1.5b"):
            self.assertEqual(chat.chat_template_kwargs(TEMPLATES[model_id]), {})
            self.assertIsNone(chat.prompt_date(TEMPLATES[model_id]))
        self.assertEqual(chat.chat_template_kwargs(None), {})

    def test_prompt_hash_is_the_sha256_of_the_exact_text(self):
        self.assertEqual(chat.sha256_text("abc"),
                         "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        self.assertNotEqual(chat.sha256_text("Today Date: 26 Jul 2024"),
                            chat.sha256_text("Today Date: 27 Jul 2024"))
        self.assertEqual(chat.sha256_text("巴黎"), chat.sha256_text("巴黎"))
        self.assertIsNone(chat.sha256_text(None))

    def test_receipt_records_the_hashes_and_the_date(self):
        r = sample_receipt(prompt_sha256=chat.sha256_text("<prompt>"),
                           chat_template_sha256=chat.sha256_text(LLAMA32_DATE_LINES),
                           prompt_date=chat.prompt_date(LLAMA32_DATE_LINES))
        self.assertEqual(r["prompt_sha256"], chat.sha256_text("<prompt>"))
        self.assertEqual(r["prompt_date"], "26 Jul 2024")
        self.assertEqual(len(r["chat_template_sha256"]), 64)
        receipt_schema = contract_schema("inference-response")["$defs"]["Receipt"]
        self.assertEqual(schema.validate_json(r, receipt_schema, contract_schema("inference-response")), [])


if __name__ == "__main__":
    unittest.main()

"""Pure-stdlib core of Beacon's regional inference endpoint, one module per responsibility.

Everything that does not need Modal, a GPU, torch or transformers lives here so that it can be
unit-tested anywhere (tests/ next to this package, stdlib unittest):

  catalogue   regions, models, the exact regional system prompt, app names and endpoint labels
  jsontypes   JSON value type helpers shared by validation and the schema validator
  errors      the contract's error codes
  validation  request limits, validation and parsing, the context budget
  chat        system prompt choice, chat messages, decoding settings
  output      extraction of the newly generated text
  degenerate  degenerate output detection (runs of "!!!!", U+FFFD, no letters)
  receipts    timestamps and the receipt of a call
  attempts    how many times a request id started here (preemption re-runs, client retries)
  responses   success and failure payloads
  health      health and model-info payloads, the container state the GPU publishes
  config      deploy configuration from BEACON_* environment variables, image packages
  schema      a tiny JSON Schema validator for the keyword subset the contract uses
  contracts   where the contract's schemas and examples live

Rules these modules enforce (lessons from the old system, see BEACON.md):
  * an unknown region is an error, never a default (no "anything else -> eu-west");
  * a request for another region than the one this app serves is rejected ("wrong_region");
  * the endpoint answers once per request: it never re-asks after a refusal; a model refusal is
    a *successful* call; a request id that starts again (preemption, client retry) is reported as
    attempt 2, 3, ... in its receipt;
  * the endpoint reports the region it actually runs in (Modal's MODAL_REGION).

Do not import modal, torch, transformers or fastapi anywhere in this package (tested).
"""

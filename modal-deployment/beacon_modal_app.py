"""Beacon regional inference endpoint on Modal: ONE app file, deployed once per region.

    BEACON_REGION=US   modal deploy beacon_modal_app.py   # app "beacon-us"
    BEACON_REGION=EU   modal deploy beacon_modal_app.py   # app "beacon-eu"
    BEACON_REGION=APAC modal deploy beacon_modal_app.py   # app "beacon-apac"

BEACON_REGION is required: there is no default region. Optional deploy-time variables:
BEACON_SCALEDOWN_WINDOW (idle seconds before the GPU container stops, default 120),
BEACON_MAX_CONTAINERS (default 1), BEACON_TIMEOUT (seconds per request, default 900),
BEACON_GPU (default T4), BEACON_HF_SECRET (default huggingface-secret), BEACON_PRELOAD
(models loaded when a container starts: "all" (default), "none" or a comma list; others load on
first use), BEACON_VOLUME / BEACON_STATE_DICT (Modal object names, default per region).

Web endpoints (labels give stable URLs https://<workspace>--<label>.modal.run):
  POST  beacon-<region>             inference (body: contracts/regional-endpoint/inference-request)
  GET   beacon-<region>-health      cheap health on CPU: never wakes the GPU
  GET   beacon-<region>-model-info  the model table and which models are loaded

Every request/response is shaped by the beacon_endpoint package (pure, unit-tested). The endpoint
answers each request exactly once: it never re-asks after a refusal or anything else.
This file needs `modal` locally and torch/transformers only inside the GPU container.
"""

import copy
import os
import sys
import time
from pathlib import Path

_HERE = Path(__file__).resolve().parent
if str(_HERE) not in sys.path:
    sys.path.insert(0, str(_HERE))

import modal  # noqa: E402

from beacon_endpoint import (  # noqa: E402
    catalogue,
    chat,
    config,
    degenerate,
    errors,
    health as health_state,  # the module; `health` is the endpoint below
    output,
    receipts,
    responses,
    validation,
)

# Read at deploy time; the same values are baked into the images (container_env) so that the
# module re-imported inside the containers sees the same configuration.
CONFIG = config.load_deploy_config(os.environ)
REGION = CONFIG.region
LABELS = CONFIG.labels

CACHE_DIR = "/cache"
STATE_KEY = "inference"
MAX_ERROR_CHARS = 500

gpu_image = (
    modal.Image.debian_slim(python_version="3.11")
    .pip_install(*config.IMAGE_PACKAGES)  # same list as requirements.txt (checked by the tests)
    .env(
        {
            **CONFIG.container_env(),
            "HF_HOME": f"{CACHE_DIR}/huggingface",  # weights cached on the Volume
            "TOKENIZERS_PARALLELISM": "false",
        }
    )
    .add_local_python_source("beacon_endpoint")  # the pure core package, shipped to the container
)

web_image = (
    modal.Image.debian_slim(python_version="3.11")
    .pip_install(*config.WEB_IMAGE_PACKAGES)
    .env(CONFIG.container_env())
    .add_local_python_source("beacon_endpoint")  # the pure core package, shipped to the container
)

app = modal.App(CONFIG.app_name)

weights_volume = modal.Volume.from_name(CONFIG.volume_name, create_if_missing=True)
# Written by the GPU container, read by the CPU health/model-info endpoints.
state_dict = modal.Dict.from_name(CONFIG.state_dict_name, create_if_missing=True)
hf_secret = modal.Secret.from_name(CONFIG.hf_secret_name)  # must hold HF_TOKEN


def _short_error(exc: BaseException) -> str:
    text = f"{type(exc).__name__}: {exc}"
    return text if len(text) <= MAX_ERROR_CHARS else text[: MAX_ERROR_CHARS - 3] + "..."


def _read_state():
    try:
        return state_dict.get(STATE_KEY)
    except Exception as exc:  # health informs; it must answer even if the Dict does not
        print(f"[beacon] could not read state: {_short_error(exc)}")
        return None


def _live_state():
    state = _read_state()
    if health_state.container_state_is_live(state, time.time(), CONFIG.scaledown_window, CONFIG.timeout):
        return state
    return None


@app.cls(
    image=gpu_image,
    gpu=CONFIG.gpu,
    region=list(CONFIG.modal_regions),  # pin the GPU container to this Beacon region
    volumes={CACHE_DIR: weights_volume},
    secrets=[hf_secret],
    scaledown_window=CONFIG.scaledown_window,
    max_containers=CONFIG.max_containers,
    timeout=CONFIG.timeout,
)
class RegionalModels:
    @modal.enter()
    def start(self):
        import torch

        self.models = {}  # model id -> (tokenizer, model)
        self.revisions = {}
        self.model_errors = {}
        self.system_role_ok = {}
        self.requests_served = 0
        self.modal_region = os.environ.get("MODAL_REGION") or None
        self.task_id = os.environ.get("MODAL_TASK_ID")
        self.gpu_name = torch.cuda.get_device_name(0) if torch.cuda.is_available() else None
        print(
            f"[beacon] {CONFIG.app_name} starting in MODAL_REGION={self.modal_region} "
            f"gpu={self.gpu_name} preload={','.join(CONFIG.preload) or 'none'}"
        )
        t0 = time.monotonic()
        for model_id in CONFIG.preload:
            self._load(model_id)
        self.startup_load_seconds = time.monotonic() - t0
        self._publish_state()

    @modal.exit()
    def stop(self):
        try:
            state = state_dict.get(STATE_KEY)
            if isinstance(state, dict) and state.get("task_id") == self.task_id:
                state_dict[STATE_KEY] = {**state, "last_seen": 0.0, "busy_since": None}
        except Exception as exc:
            print(f"[beacon] could not clear state: {_short_error(exc)}")

    # ------------------------------------------------------------------ helpers

    def _publish_state(self, busy_since=None):
        try:
            state_dict[STATE_KEY] = health_state.make_container_state(
                models_ready=[m for m in catalogue.MODEL_IDS if m in self.models],
                model_errors=self.model_errors,
                modal_region=self.modal_region,
                gpu=self.gpu_name,
                now=time.time(),
                busy_since=busy_since,
                task_id=self.task_id,
            )
        except Exception as exc:  # state is informative only; never fail a request for it
            print(f"[beacon] could not publish state: {_short_error(exc)}")

    def _load(self, model_id):
        import torch
        from transformers import AutoModelForCausalLM, AutoTokenizer, BitsAndBytesConfig

        info = catalogue.MODELS[model_id]
        token = os.environ.get("HF_TOKEN") or None
        t0 = time.monotonic()
        try:
            tokenizer = AutoTokenizer.from_pretrained(
                info.hf_repo, revision=info.revision, token=token
            )
            kwargs = {
                "revision": info.revision,
                "token": token,
                "device_map": {"": 0},  # whole model on the GPU: fail loudly, never offload
                "low_cpu_mem_usage": True,
            }
            if info.quantization == "8-bit":
                kwargs["quantization_config"] = BitsAndBytesConfig(load_in_8bit=True)
                kwargs["torch_dtype"] = torch.float16
            elif info.quantization == "4-bit":
                kwargs["quantization_config"] = BitsAndBytesConfig(
                    load_in_4bit=True, bnb_4bit_compute_dtype=torch.float16
                )
            elif info.quantization == "bf16":
                kwargs["torch_dtype"] = torch.bfloat16
            else:
                kwargs["torch_dtype"] = torch.float16
            model = AutoModelForCausalLM.from_pretrained(info.hf_repo, **kwargs)
            model.eval()
        except Exception as exc:
            self.model_errors[model_id] = _short_error(exc)
            print(f"[beacon] loading {model_id} failed: {self.model_errors[model_id]}")
            return
        self.models[model_id] = (tokenizer, model)
        self.model_errors.pop(model_id, None)
        self.revisions[model_id] = getattr(model.config, "_commit_hash", None) or info.revision
        print(f"[beacon] loaded {model_id} in {time.monotonic() - t0:.1f}s")
        try:
            weights_volume.commit()  # persist freshly downloaded weights for the next container
        except Exception as exc:
            print(f"[beacon] volume commit failed: {_short_error(exc)}")

    def _render_prompt(self, model_id, tokenizer, system_prompt, prompt):
        """Apply the tokenizer's chat template; fall back to merging the system prompt into the
        user turn only if the template rejects a system role (recorded in the receipt)."""
        if self.system_role_ok.get(model_id, True):
            try:
                text = tokenizer.apply_chat_template(
                    chat.build_chat_messages(system_prompt, prompt, True),
                    tokenize=False,
                    add_generation_prompt=True,
                )
                self.system_role_ok[model_id] = True
                return text, chat.SYSTEM_ROLE
            except Exception as exc:
                print(f"[beacon] {model_id} chat template rejects system role: {exc}")
                self.system_role_ok[model_id] = False
        text = tokenizer.apply_chat_template(
            chat.build_chat_messages(system_prompt, prompt, False),
            tokenize=False,
            add_generation_prompt=True,
        )
        return text, chat.SYSTEM_MERGED_INTO_USER

    @staticmethod
    def _stop_ids(tokenizer, gen_config):
        ids = []
        for value in (gen_config.eos_token_id, tokenizer.eos_token_id, gen_config.pad_token_id,
                      tokenizer.pad_token_id):
            if isinstance(value, (list, tuple)):
                ids.extend(v for v in value if v is not None)
            elif value is not None:
                ids.append(value)
        return ids

    def _fail(self, code, error, t0, request=None, body=None):
        request_id = request.request_id if request else (
            body.get("request_id") if isinstance(body, dict) else None)
        model = request.model if request else (
            body.get("model") if isinstance(body, dict) else None)
        return responses.build_failure_response(
            error=error,
            error_code=code,
            region=REGION,
            inference_time=time.monotonic() - t0,
            request_id=request_id if isinstance(request_id, str) else None,
            model=model if isinstance(model, str) else None,
        )

    # ------------------------------------------------------------------ inference

    @modal.fastapi_endpoint(method="POST", label=LABELS["inference"], requires_proxy_auth=True)
    def infer(self, body: dict) -> dict:
        """POST <root>: one inference. Always HTTP 200 with the contract's success/failure."""
        started_at = receipts.utc_now()
        t0 = time.monotonic()
        try:
            request, issues = validation.parse_request(body, REGION)
            if issues:
                return responses.failure_for_issues(issues, REGION, time.monotonic() - t0, body)
            self._publish_state(busy_since=time.time())
            try:
                return self._generate(request, started_at, t0)
            finally:
                self.requests_served += 1
                self._publish_state()
        except Exception as exc:  # the contract shape even for bugs; never a silent retry
            print(f"[beacon] internal error: {_short_error(exc)}")
            return self._fail(errors.ERROR_INTERNAL, f"internal error: {_short_error(exc)}", t0,
                              body=body)

    def _generate(self, request, started_at, t0):
        import torch

        first_request = self.requests_served == 0
        cold_start = first_request
        load_seconds = self.startup_load_seconds if first_request else 0.0

        if request.model not in self.models:
            t_load = time.monotonic()
            self._load(request.model)
            load_seconds += time.monotonic() - t_load
            cold_start = True
            if request.model not in self.models:
                return self._fail(
                    errors.ERROR_MODEL_NOT_LOADED,
                    f"model {request.model} could not be loaded: "
                    f"{self.model_errors.get(request.model, 'unknown error')}",
                    t0,
                    request=request,
                )

        tokenizer, model = self.models[request.model]
        info = catalogue.MODELS[request.model]
        system_prompt, prompt_source = chat.choose_system_prompt(request.system_prompt, REGION)
        prompt_text, prompt_mode = self._render_prompt(
            request.model, tokenizer, system_prompt, request.prompt
        )
        # The rendered template already holds BOS and special tokens.
        encoded = tokenizer(prompt_text, return_tensors="pt", add_special_tokens=False)
        input_ids = encoded["input_ids"].to(model.device)
        attention_mask = encoded["attention_mask"].to(model.device)
        prompt_tokens = int(input_ids.shape[1])

        budget = validation.context_budget_issue(prompt_tokens, request.max_tokens, info.context_length)
        if budget is not None:
            return responses.failure_for_issues(
                [budget], REGION, time.monotonic() - t0,
                {"request_id": request.request_id, "model": request.model},
            )

        decoding = chat.decoding_settings(request.temperature)
        gen_config = copy.deepcopy(model.generation_config)
        gen_config.max_new_tokens = request.max_tokens
        for key, value in decoding.items():
            setattr(gen_config, key, value)
        if gen_config.pad_token_id is None:
            eos = gen_config.eos_token_id
            gen_config.pad_token_id = (
                tokenizer.pad_token_id
                if tokenizer.pad_token_id is not None
                else (eos[0] if isinstance(eos, (list, tuple)) else eos)
            )

        if request.seed is not None:
            torch.manual_seed(request.seed)
            torch.cuda.manual_seed_all(request.seed)

        t_inf = time.monotonic()
        try:
            with torch.inference_mode():
                output_ids = model.generate(
                    input_ids=input_ids,
                    attention_mask=attention_mask,
                    generation_config=gen_config,
                )
        except Exception as exc:
            if isinstance(exc, torch.cuda.OutOfMemoryError):
                torch.cuda.empty_cache()
            return self._fail(
                errors.ERROR_GENERATION, f"generation failed: {_short_error(exc)}", t0,
                request=request,
            )
        inference_seconds = time.monotonic() - t_inf

        generated = output.extract_generated_text(
            output_ids[0].tolist(),
            prompt_tokens,
            lambda ids: tokenizer.decode(ids, skip_special_tokens=True),
            self._stop_ids(tokenizer, gen_config),
            request.max_tokens,
        )
        if not generated.text:
            # An empty reply is a technical failure, not a refusal; it is reported, not retried.
            return self._fail(
                errors.ERROR_GENERATION,
                f"the model produced no text ({generated.tokens_generated} tokens)",
                t0,
                request=request,
            )

        found = degenerate.detect_degenerate_output(generated.text)
        if found is not None:
            # Garbage (e.g. fp16 overflow on a T4 printing "!!!!") is a technical failure, never an answer.
            return responses.build_failure_response(
                error=f"degenerate output, not an answer: {found}",
                error_code=errors.ERROR_DEGENERATE_OUTPUT,
                region=REGION,
                inference_time=time.monotonic() - t0,
                request_id=request.request_id,
                model=request.model,
                details=degenerate.failure_details(found, generated.text),
            )

        receipt = receipts.build_receipt(
            request=request,
            region=REGION,
            modal_region=self.modal_region,
            model_revision=self.revisions.get(request.model),
            started_at=started_at,
            finished_at=receipts.utc_now(),
            load_seconds=load_seconds,
            inference_seconds=inference_seconds,
            prompt_tokens=prompt_tokens,
            cold_start=cold_start,
            gpu=self.gpu_name,
            emulated=False,
            system_prompt_source=prompt_source,
            system_prompt_mode=prompt_mode,
            finish_reason=generated.finish_reason,
            decoding=decoding,
        )
        return responses.build_success_response(
            response_text=generated.text,
            model=request.model,
            region=REGION,
            inference_time=time.monotonic() - t0,
            tokens_generated=generated.tokens_generated,
            receipt=receipt,
        )


# ---------------------------------------------------------------------- cheap CPU endpoints
# Not pinned to a region and without a GPU: they only read the state the GPU container
# publishes, so calling them never starts (or pays for) a GPU container.


@app.function(image=web_image, cpu=0.25, memory=512, scaledown_window=60)
@modal.fastapi_endpoint(method="GET", label=LABELS["health"], requires_proxy_auth=True)
def health() -> dict:
    state = _live_state()
    if state is None:
        return health_state.build_health(region=REGION)  # cold: healthy, nothing loaded
    return health_state.build_health(
        region=REGION,
        models_ready=state.get("models_ready") or [],
        model_errors=state.get("model_errors") or {},
        modal_region=state.get("modal_region"),
    )


@app.function(image=web_image, cpu=0.25, memory=512, scaledown_window=60)
@modal.fastapi_endpoint(method="GET", label=LABELS["model_info"], requires_proxy_auth=True)
def model_info() -> dict:
    state = _live_state()
    return health_state.build_model_info(REGION, (state or {}).get("models_ready") or [])

"""Beacon regional inference endpoint on Modal: ONE app file, deployed once per region.

    BEACON_REGION=US   modal deploy beacon_modal_app.py   # app "beacon-us"
    BEACON_REGION=EU   modal deploy beacon_modal_app.py   # app "beacon-eu"
    BEACON_REGION=APAC modal deploy beacon_modal_app.py   # app "beacon-apac"

    # once per region, before the first request: weights into the region's Volume
    BEACON_REGION=EU   modal run beacon_modal_app.py::download

BEACON_REGION is required: there is no default region. Other deploy-time variables are read by
beacon_endpoint.config (see README.md): pinning (broad/narrow), batching, containers, timeouts.

Shape (one app per region):
  * ModelServer: a GPU class parametrised by model id, so each model gets its own containers and
    a lane loads only its model; @modal.batched generate() serves several requests per forward
    pass (seeded sampling alone); weights come from the Volume (`download` step), never from the
    Hub at request time.
  * infer: a small CPU router with the region's ONE inference URL; it validates (a wrong region or
    unknown model never wakes a GPU), then calls the model's ModelServer.
  * health, model_info: CPU endpoints that read the state the GPU containers publish.
Every web endpoint requires Modal proxy auth (Modal-Key / Modal-Secret headers).

Every request/response is shaped by the beacon_endpoint package (pure, unit-tested). The endpoint
never re-asks on its own; a request id that starts again (preemption re-run, client retry) is
reported as attempt N. This file needs `modal` locally and torch/transformers only in the GPU
container. It has never run on a GPU here: smoke_test.py checks a first deployment.
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
    attempts,
    batching,
    catalogue,
    chat,
    config,
    degenerate,
    errors,
    health as health_state,  # the module; `health` is the endpoint below
    output,
    placement,
    receipts,
    responses,
    validation,
    weights,
)

# Read at deploy time; the same values are baked into the images (container_env) so that the
# module re-imported inside the containers sees the same configuration.
CONFIG = config.load_deploy_config(os.environ)
REGION = CONFIG.region
LABELS = CONFIG.labels

CACHE_DIR = "/cache"
MAX_ERROR_CHARS = 500

gpu_image = (
    modal.Image.debian_slim(python_version="3.11")
    .pip_install(*config.IMAGE_PACKAGES)  # same list as requirements.txt (checked by the tests)
    .env(
        {
            **CONFIG.container_env(),
            "HF_HOME": f"{CACHE_DIR}/huggingface",
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
# Container heartbeats and load errors: written by the GPU containers, read by health/model-info.
state_dict = modal.Dict.from_name(CONFIG.state_dict_name, create_if_missing=True)
# Request ids that started, with their attempt count (kept apart so health never scans them).
attempts_dict = modal.Dict.from_name(CONFIG.attempts_dict_name, create_if_missing=True)
hf_secret = modal.Secret.from_name(CONFIG.hf_secret_name)  # must hold HF_TOKEN


def _short_error(exc: BaseException) -> str:
    text = f"{type(exc).__name__}: {exc}"
    return text if len(text) <= MAX_ERROR_CHARS else text[: MAX_ERROR_CHARS - 3] + "..."


# ---------------------------------------------------------------------- weights (separate step)
# Library versions that write and read saved bitsandbytes weights (the manifest records them).
QUANTISING_PACKAGES = weights.package_versions(config.IMAGE_PACKAGES)


@app.function(image=gpu_image, volumes={CACHE_DIR: weights_volume}, secrets=[hf_secret],
              timeout=3600, cpu=2.0, memory=4096)
def download(models: str = "all", force: bool = False):
    """Fill this region's Volume once, before serving: containers then never download at request
    time (inside the request timeout), never race on an empty Volume, and never quantise.
    Models whose weights are already complete and current (manifest check) are skipped;
    a bitsandbytes model (Mistral 8-bit) is fetched in full precision and quantised once on a GPU
    by `quantise`, which saves the quantised weights for the serving containers.
    `modal run beacon_modal_app.py::download --models mistral-7b [--force]`."""
    import shutil

    from huggingface_hub import HfApi, snapshot_download

    wanted = catalogue.MODEL_IDS if models.strip().lower() == "all" else tuple(
        m.strip() for m in models.split(",") if m.strip())
    unknown = [m for m in wanted if m not in catalogue.MODELS]
    if unknown:
        raise ValueError(f"unknown model(s) {unknown}; known: {', '.join(catalogue.MODEL_IDS)}")
    infos = [catalogue.MODELS[m] for m in wanted]
    checks = {i.id: weights.inspect(CACHE_DIR, i, QUANTISING_PACKAGES) for i in infos}
    failed = []
    for step in weights.plan_download(infos, checks, force):
        info = catalogue.MODELS[step.model]
        print(f"[beacon] {step.model}: {step.action} ({step.reason})")
        if step.action == "skip":
            continue
        t0 = time.monotonic()
        served = weights.model_dir(CACHE_DIR, info.id)
        if step.clear_first:  # stale: nothing of the old weights may mix with the new ones
            shutil.rmtree(served, ignore_errors=True)
            shutil.rmtree(weights.raw_dir(CACHE_DIR, info.id), ignore_errors=True)
        target = weights.raw_dir(CACHE_DIR, info.id) if step.action == "fetch_and_quantise" \
            else served
        token = os.environ.get("HF_TOKEN") or None
        try:  # the Hub commit the weights come from, for the manifest and the receipts
            source_commit = HfApi(token=token).model_info(info.hf_repo, revision=info.revision).sha
        except Exception as exc:
            print(f"[beacon] {info.id}: could not read the Hub commit: {_short_error(exc)}")
            source_commit = None
        snapshot_download(
            info.hf_repo,
            revision=info.revision,
            local_dir=target,
            allow_patterns=list(weights.WEIGHT_FILE_PATTERNS),
            ignore_patterns=list(weights.IGNORED_FILE_PATTERNS),
            token=token,
        )
        if step.action == "fetch":
            weights.write_manifest(served, weights.build_manifest(
                info, weights.list_files(served), QUANTISING_PACKAGES,
                receipts.iso_utc(receipts.utc_now()), source_commit))
            weights_volume.commit()
        else:
            weights_volume.commit()  # the quantising container must see the raw snapshot
            quantise.remote(info.id, source_commit)
            weights_volume.reload()
        check = weights.inspect(CACHE_DIR, info, QUANTISING_PACKAGES)
        print(f"[beacon] {info.id}: {check.status} ({check.reason}) after "
              f"{time.monotonic() - t0:.0f}s")
        if not check.ok:
            failed.append(f"{info.id}: {check.reason}")
    if failed:
        raise RuntimeError("weights not ready: " + "; ".join(failed))


@app.function(image=gpu_image, gpu=CONFIG.gpu, volumes={CACHE_DIR: weights_volume},
              timeout=3600, memory=16384)
def quantise(model_id: str, source_commit: str = None):
    """Load the full-precision snapshot with bitsandbytes ONCE and save the quantised weights
    (transformers 4.46 + bitsandbytes 0.45 serialise 8-bit and 4-bit) where the serving
    containers load them; the manifest is written last. Called by `download`; unpinned (the
    Volume is reachable from any region, and an unpinned GPU costs 1x)."""
    import shutil

    import torch
    from transformers import AutoModelForCausalLM, AutoTokenizer, BitsAndBytesConfig

    weights_volume.reload()
    info = catalogue.MODELS[model_id]
    raw = weights.raw_dir(CACHE_DIR, model_id)
    served = weights.model_dir(CACHE_DIR, model_id)
    if not Path(raw, "config.json").is_file():
        raise FileNotFoundError(f"no full-precision snapshot at {raw}: run download first")
    shutil.rmtree(served, ignore_errors=True)
    tokenizer = AutoTokenizer.from_pretrained(raw, local_files_only=True)
    model = AutoModelForCausalLM.from_pretrained(
        raw, local_files_only=True, device_map={"": 0}, torch_dtype=torch.float16,
        low_cpu_mem_usage=True,
        quantization_config=BitsAndBytesConfig(**weights.quantization_kwargs(info)))
    source_commit = source_commit or getattr(model.config, "_commit_hash", None)
    model.save_pretrained(served, safe_serialization=True)
    tokenizer.save_pretrained(served)
    weights.write_manifest(served, weights.build_manifest(
        info, weights.list_files(served), QUANTISING_PACKAGES,
        receipts.iso_utc(receipts.utc_now()), source_commit))
    shutil.rmtree(raw, ignore_errors=True)  # ~14 GB nobody serves; the manifest names the source
    weights_volume.commit()
    print(f"[beacon] {model_id}: saved {info.quantization} weights to {served}")


# ---------------------------------------------------------------------- GPU: one model per container


@app.cls(
    image=gpu_image,
    gpu=CONFIG.gpu,
    region=list(CONFIG.modal_regions),  # broad (us/eu/ap) or narrow pinning, see BEACON_PINNING
    volumes={CACHE_DIR: weights_volume},
    secrets=[hf_secret],
    scaledown_window=CONFIG.scaledown_window,
    max_containers=CONFIG.max_containers,
    timeout=CONFIG.timeout,
)
class ModelServer:
    # Each distinct model id gets its own containers: a lane loads only its model.
    model_id: str = modal.parameter()

    @modal.enter()
    def start(self):
        import torch

        self.info = catalogue.MODELS[self.model_id]
        self.placement = placement.placement_from_env(os.environ)
        self.modal_region = self.placement["region"]
        self.task_id = os.environ.get("MODAL_TASK_ID")
        self.gpu_name = torch.cuda.get_device_name(0) if torch.cuda.is_available() else None
        self.requests_served = 0
        self.inflight = 0
        self.system_role_ok = True
        self.load_error = None
        self.weights_report = None
        self.tokenizer = self.model = None
        print(f"[beacon] {CONFIG.app_name}/{self.model_id} starting in "
              f"{placement.describe(self.placement)} gpu={self.gpu_name}")
        t0 = time.monotonic()
        self._load()
        self.startup_load_seconds = time.monotonic() - t0
        self._publish()

    @modal.exit()
    def stop(self):
        try:
            state_dict.pop(health_state.container_key(self.model_id, self.task_id))
        except Exception as exc:  # the entry then expires by age
            print(f"[beacon] could not clear state: {_short_error(exc)}")

    # ------------------------------------------------------------------ loading and state

    def _load(self):
        import torch
        from transformers import AutoModelForCausalLM, AutoTokenizer

        path = weights.model_dir(CACHE_DIR, self.model_id)
        t0 = time.monotonic()
        try:
            check = weights.inspect(CACHE_DIR, self.info, QUANTISING_PACKAGES)
            if not check.ok:
                raise FileNotFoundError(
                    f"weights at {path} are {check.status} ({check.reason}): run "
                    f"`BEACON_REGION={REGION} modal run beacon_modal_app.py::download "
                    f"--models {self.model_id}`")
            tokenizer = AutoTokenizer.from_pretrained(path, local_files_only=True)
            tokenizer.padding_side = "left"  # batched decoder-only generation pads on the left
            if tokenizer.pad_token is None:
                tokenizer.pad_token = tokenizer.eos_token
            kwargs = {"device_map": {"": 0}, "low_cpu_mem_usage": True, "local_files_only": True}
            # A bitsandbytes model's config.json carries the quantisation of the saved weights,
            # so no quantisation settings are passed here and nothing is quantised at load.
            kwargs["torch_dtype"] = {"bf16": torch.bfloat16, "fp32": torch.float32}.get(
                self.info.quantization, torch.float16)
            model = AutoModelForCausalLM.from_pretrained(path, **kwargs)
            model.eval()
            prequantised = bool(getattr(getattr(model, "hf_quantizer", None), "pre_quantized",
                                        False))
            if weights.is_prequantised(self.info) and not prequantised:
                raise RuntimeError(f"{self.model_id} should load saved {self.info.quantization} "
                                   "weights but transformers did not load them pre-quantised")
            manifest = weights.read_manifest(path) or {}
            self.weights_report = health_state.make_weights_report(
                quantization=self.info.quantization, prequantised=prequantised,
                load_seconds=time.monotonic() - t0,
                manifest_created_at=manifest.get("created_at"))
        except Exception as exc:
            self.load_error = _short_error(exc)
            print(f"[beacon] loading {self.model_id} failed: {self.load_error}")
            try:  # kept after this container stops, until a later load succeeds
                state_dict[health_state.load_error_key(self.model_id)] = \
                    health_state.make_load_error(self.load_error, time.time(), self.task_id)
            except Exception as dict_exc:
                print(f"[beacon] could not record load error: {_short_error(dict_exc)}")
            return
        self.tokenizer, self.model, self.load_error = tokenizer, model, None
        # Saved quantised weights are a local directory: the Hub commit they were made from is in
        # the manifest (source_commit).
        self.revision = (manifest.get("source_commit")
                         or getattr(model.config, "_commit_hash", None) or self.info.revision)
        template = getattr(tokenizer, "chat_template", None)
        self.template_kwargs = chat.chat_template_kwargs(template)
        self.template_sha256 = chat.sha256_text(template if isinstance(template, str) else None)
        self.prompt_date = chat.prompt_date(template if isinstance(template, str) else None)
        if chat.template_inserts_date(template if isinstance(template, str) else None) \
                != self.info.template_inserts_date:
            print(f"[beacon] WARNING {self.model_id}: chat template date use differs from the "
                  "catalogue; check the receipt's prompt_date and update catalogue.py")
        try:
            state_dict.pop(health_state.load_error_key(self.model_id))
        except Exception:
            pass  # no recorded error, or the Dict is unavailable: health expires it by age

    def _publish(self, busy_since=None):
        try:
            state_dict[health_state.container_key(self.model_id, self.task_id)] = \
                health_state.make_container_state(
                    models_ready=[self.model_id] if self.model is not None else [],
                    model_errors={self.model_id: self.load_error} if self.load_error else {},
                    modal_region=self.modal_region,
                    gpu=self.gpu_name,
                    now=time.time(),
                    busy_since=busy_since,
                    task_id=self.task_id,
                    weights={self.model_id: self.weights_report} if self.weights_report else None,
                )
        except Exception as exc:  # state is informative only; never fail a request for it
            print(f"[beacon] could not publish state: {_short_error(exc)}")

    # ------------------------------------------------------------------ generation

    @modal.batched(max_batch_size=CONFIG.max_batch_size, wait_ms=CONFIG.batch_wait_ms)
    def generate(self, bodies: list[dict]) -> list[dict]:
        """Several validated requests for this model; one response (contract shape) each."""
        started = [(receipts.utc_now(), time.monotonic()) for _ in bodies]
        results: list = [None] * len(bodies)
        requests = []
        for i, body in enumerate(bodies):
            request, issues = validation.parse_request(body, REGION)
            if issues:
                results[i] = responses.failure_for_issues(issues, REGION, 0.0, body)
            requests.append(request)
        live = [i for i, r in enumerate(requests) if r is not None]
        if self.model is None:
            for i in live:
                results[i] = self._fail(errors.ERROR_MODEL_NOT_LOADED,
                                        f"model {self.model_id} could not be loaded: "
                                        f"{self.load_error or 'unknown error'}",
                                        started[i][1], requests[i])
            return results
        self._publish(busy_since=time.time())
        try:
            plan = batching.plan_batches([requests[i] for i in live], CONFIG.max_batch_size)
            for batch in plan:
                indices = [live[j] for j in batch]
                for i, result in zip(indices, self._run_batch(
                        [requests[i] for i in indices], [started[i] for i in indices])):
                    results[i] = result
        finally:
            self.requests_served += len(live)
            self._publish()
        return results

    def _fail(self, code, error, t0, request, details=None):
        return responses.build_failure_response(
            error=error, error_code=code, region=REGION, inference_time=time.monotonic() - t0,
            request_id=request.request_id, model=request.model, details=details,
            placement=getattr(self, "placement", None))

    def _render(self, system_prompt, prompt):
        """Apply the chat template (fixed date for templates that insert one); fall back to
        merging the system prompt into the user turn only if the template rejects a system role."""
        if self.system_role_ok:
            try:
                text = self.tokenizer.apply_chat_template(
                    chat.build_chat_messages(system_prompt, prompt, True),
                    tokenize=False, add_generation_prompt=True, **self.template_kwargs)
                return text, chat.SYSTEM_ROLE
            except Exception as exc:
                print(f"[beacon] {self.model_id} chat template rejects system role: {exc}")
                self.system_role_ok = False
        text = self.tokenizer.apply_chat_template(
            chat.build_chat_messages(system_prompt, prompt, False),
            tokenize=False, add_generation_prompt=True, **self.template_kwargs)
        return text, chat.SYSTEM_MERGED_INTO_USER

    def _stop_ids(self, gen_config):
        ids = []
        for value in (gen_config.eos_token_id, self.tokenizer.eos_token_id,
                      gen_config.pad_token_id, self.tokenizer.pad_token_id):
            if isinstance(value, (list, tuple)):
                ids.extend(v for v in value if v is not None)
            elif value is not None:
                ids.append(value)
        return ids

    def _run_batch(self, batch, started):
        """One generate() call for requests that may share it (batching.plan_batches)."""
        import torch

        tokenizer, model = self.tokenizer, self.model
        first_request = self.requests_served == 0
        out = [None] * len(batch)
        records, prompts, sources, modes, keep = [], [], [], [], []
        for k, request in enumerate(batch):
            record = attempts.register_attempt(attempts_dict, request.request_id, time.time(),
                                               self.task_id)
            system_prompt, source = chat.choose_system_prompt(request.system_prompt, REGION)
            text, mode = self._render(system_prompt, request.prompt)
            prompt_tokens = len(tokenizer(text, add_special_tokens=False)["input_ids"])
            issue = validation.context_budget_issue(prompt_tokens, request.max_tokens,
                                                    self.info.context_length)
            if issue is not None:
                out[k] = responses.failure_for_issues(
                    [issue], REGION, time.monotonic() - started[k][1],
                    {"request_id": request.request_id, "model": request.model})
                continue
            records.append(record)
            prompts.append(text)
            sources.append(source)
            modes.append(mode)
            keep.append(k)
        if not keep:
            return out

        # The rendered templates already hold BOS and special tokens.
        encoded = tokenizer(prompts, return_tensors="pt", padding=True, add_special_tokens=False)
        input_ids = encoded["input_ids"].to(model.device)
        attention_mask = encoded["attention_mask"].to(model.device)
        padded = int(input_ids.shape[1])
        lead = batch[keep[0]]
        decoding = chat.decoding_settings(lead.temperature)
        gen_config = copy.deepcopy(model.generation_config)
        gen_config.max_new_tokens = max(batch[k].max_tokens for k in keep)
        for key, value in decoding.items():
            setattr(gen_config, key, value)
        if gen_config.pad_token_id is None:
            gen_config.pad_token_id = tokenizer.pad_token_id
        request = lead  # a seeded sampled request always runs alone (batching.batch_key)
        if request.seed is not None:
            torch.manual_seed(request.seed)
            torch.cuda.manual_seed_all(request.seed)

        t_inf = time.monotonic()
        try:
            with torch.inference_mode():
                output_ids = model.generate(input_ids=input_ids, attention_mask=attention_mask,
                                            generation_config=gen_config)
        except Exception as exc:
            if isinstance(exc, torch.cuda.OutOfMemoryError):
                torch.cuda.empty_cache()
            for k in keep:
                out[k] = self._fail(errors.ERROR_GENERATION,
                                    f"generation failed: {_short_error(exc)}", started[k][1], batch[k])
            return out
        inference_seconds = time.monotonic() - t_inf
        stop_ids = self._stop_ids(gen_config)

        for j, k in enumerate(keep):
            request, (started_at, t0) = batch[k], started[k]
            row = output_ids[j].tolist()[: padded + request.max_tokens]
            generated = output.extract_generated_text(
                row, padded, lambda ids: tokenizer.decode(ids, skip_special_tokens=True),
                stop_ids, request.max_tokens)
            if not generated.text:
                out[k] = self._fail(errors.ERROR_GENERATION,
                                    f"the model produced no text ({generated.tokens_generated} tokens)",
                                    t0, request)
                continue
            found = degenerate.detect_degenerate_output(generated.text)
            if found is not None:
                # Garbage (e.g. fp16 overflow printing "!!!!") is a technical failure, never an answer.
                out[k] = self._fail(errors.ERROR_DEGENERATE_OUTPUT,
                                    f"degenerate output, not an answer: {found}", t0, request,
                                    degenerate.failure_details(found, generated.text))
                continue
            receipt = receipts.build_receipt(
                request=request,
                region=REGION,
                modal_region=self.modal_region,
                placement=self.placement,
                model_revision=self.revision,
                started_at=started_at,
                finished_at=receipts.utc_now(),
                load_seconds=self.startup_load_seconds if first_request else 0.0,
                inference_seconds=inference_seconds,
                prompt_tokens=int(attention_mask[j].sum().item()),
                cold_start=first_request,
                gpu=self.gpu_name,
                emulated=False,
                system_prompt_source=sources[j],
                system_prompt_mode=modes[j],
                finish_reason=generated.finish_reason,
                decoding=decoding,
                prompt_sha256=chat.sha256_text(prompts[j]),
                chat_template_sha256=self.template_sha256,
                prompt_date=self.prompt_date,
                attempts=records[j].attempt,
                attempts_tracked=records[j].tracked,
                batch_size=len(keep),
            )
            out[k] = responses.build_success_response(
                response_text=generated.text, model=request.model, region=REGION,
                inference_time=time.monotonic() - t0, tokens_generated=generated.tokens_generated,
                receipt=receipt)
        return out


# ---------------------------------------------------------------------- cheap CPU endpoints
# Not pinned and without a GPU. The router holds the HTTP request while the model's container
# works (Modal answers 303 with a result URL after 150 s); health and model-info only read state.


@app.function(image=web_image, cpu=0.25, memory=512, timeout=CONFIG.timeout, scaledown_window=60)
@modal.concurrent(max_inputs=config.DEFAULT_ROUTER_MAX_INPUTS)
@modal.fastapi_endpoint(method="POST", label=LABELS["inference"], requires_proxy_auth=True)
async def infer(body: dict) -> dict:
    """POST <root>: one inference. Always HTTP 200 with the contract's success/failure."""
    t0 = time.monotonic()
    request, issues = validation.parse_request(body, REGION)
    if issues:  # a wrong region or unknown model never wakes a GPU
        return responses.failure_for_issues(issues, REGION, time.monotonic() - t0, body)
    try:
        result = await ModelServer(model_id=request.model).generate.remote.aio(body)
    except Exception as exc:  # the contract shape even for bugs; never a silent retry
        print(f"[beacon] internal error: {_short_error(exc)}")
        return responses.build_failure_response(
            error=f"internal error: {_short_error(exc)}", error_code=errors.ERROR_INTERNAL,
            region=REGION, inference_time=time.monotonic() - t0,
            request_id=request.request_id, model=request.model)
    # Total time at the endpoint, queueing for a GPU container included.
    return {**result, "inference_time": round(time.monotonic() - t0, 3)}


def _summary():
    try:
        entries = dict(state_dict.items())
    except Exception as exc:  # health informs; it must answer even if the Dict does not
        print(f"[beacon] could not read state: {_short_error(exc)}")
        entries = {}
    summary = health_state.summarize_state(entries, time.time(), CONFIG.scaledown_window,
                                           CONFIG.timeout)
    for key in summary.stale_keys:  # a crashed container's heartbeat, an old load error
        try:
            state_dict.pop(key)
        except Exception:
            pass
    return summary


@app.function(image=web_image, cpu=0.25, memory=512, scaledown_window=60)
@modal.fastapi_endpoint(method="GET", label=LABELS["health"], requires_proxy_auth=True)
def health() -> dict:
    s = _summary()
    return health_state.build_health(
        region=REGION,
        models_ready=s.models_ready,
        model_errors=s.model_errors,
        modal_region=s.modal_region,
        containers=s.containers,
        containers_busy=s.containers_busy,
        model_error_times={m: receipts.iso_utc(receipts.utc_from_epoch(t))
                           for m, t in s.model_error_times.items()},
    )


@app.function(image=web_image, cpu=0.25, memory=512, scaledown_window=60)
@modal.fastapi_endpoint(method="GET", label=LABELS["model_info"], requires_proxy_auth=True)
def model_info() -> dict:
    s = _summary()
    return health_state.build_model_info(REGION, s.models_ready, CONFIG.capacity(),
                                         CONFIG.pinning, s.model_weights)

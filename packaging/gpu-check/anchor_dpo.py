#!/usr/bin/env python3
"""Anchor benchmark: wall time of one DPO training step in transformers + PEFT.

The C++ trainer is compared against this on the same GPU and shape. The model is a
randomly initialised LlamaForCausalLM (no hub download), LoRA on every projection of
every layer ("Full-DPO"), reference = the same model with adapters disabled.

Example:
  anchor_dpo.py --shape layers=16,hidden=2048,heads=32,kv_heads=8,intermediate=8192,vocab=128256 \
      --pairs 4 --prompt-tokens 256 --completion-tokens 256 --rank 16 --device cuda \
      --dtype bfloat16 --warmup 2 --repeats 5 --seed 0 --out anchor.json
"""
import argparse
import importlib.metadata
import json
import resource
import sys
import time
import warnings

import torch
import torch.nn.functional as F

DEFAULT_SHAPE = "layers=16,hidden=2048,heads=32,kv_heads=8,intermediate=8192,vocab=128256"
SHAPE_KEYS = ("layers", "hidden", "heads", "kv_heads", "intermediate", "vocab")
LORA_TARGETS = ["q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj"]
BETA = 0.1
DTYPES = {"bfloat16": torch.bfloat16, "float32": torch.float32}
# PEFT 0.21 calls a transformers 5 API that is deprecated; the warning is noise here.
warnings.filterwarnings("ignore", message=".*is_gradient_checkpointing.*", category=FutureWarning)


class BadInput(Exception):
    """Raised for invalid command-line input; reported as one sentence, exit 1."""


class Parser(argparse.ArgumentParser):
    def error(self, message):  # argparse would exit 2 with usage; we want one sentence, exit 1
        raise BadInput(f"invalid arguments: {message}.")


def parse_shape(text):
    shape = {}
    for item in text.split(","):
        key, sep, value = item.strip().partition("=")
        if not sep:
            raise BadInput(f"shape entry '{item}' is not key=value.")
        if key not in SHAPE_KEYS:
            raise BadInput(f"unknown shape key '{key}' (expected {', '.join(SHAPE_KEYS)}).")
        try:
            shape[key] = int(value)
        except ValueError:
            raise BadInput(f"shape value for '{key}' is not an integer: '{value}'.") from None
        if shape[key] <= 0:
            raise BadInput(f"shape value for '{key}' must be positive, got {shape[key]}.")
    missing = [k for k in SHAPE_KEYS if k not in shape]
    if missing:
        raise BadInput(f"shape is missing key(s): {', '.join(missing)}.")
    if shape["hidden"] % shape["heads"]:
        raise BadInput(f"hidden={shape['hidden']} is not a multiple of heads={shape['heads']}.")
    if shape["heads"] % shape["kv_heads"]:
        raise BadInput(f"heads={shape['heads']} is not a multiple of kv_heads={shape['kv_heads']}.")
    return shape


def parse_device(text):
    try:
        device = torch.device(text)
    except RuntimeError:
        raise BadInput(f"device '{text}' is not a valid torch device.") from None
    if device.type == "cpu":
        return device
    if device.type != "cuda":
        raise BadInput(f"device '{text}' is not supported (use cpu, cuda or cuda:N).")
    if not torch.cuda.is_available():
        raise BadInput(f"device '{text}' was requested but CUDA is not available.")
    count = torch.cuda.device_count()
    if device.index is not None and device.index >= count:
        raise BadInput(f"device '{text}' does not exist (this machine has {count} CUDA device(s)).")
    return torch.device("cuda", device.index if device.index is not None else torch.cuda.current_device())


def parse_args(argv):
    p = Parser(description=__doc__.split("\n")[0])
    p.add_argument("--shape", default=DEFAULT_SHAPE)
    p.add_argument("--pairs", type=int, default=4)
    p.add_argument("--prompt-tokens", type=int, default=256)
    p.add_argument("--completion-tokens", type=int, default=256)
    p.add_argument("--rank", type=int, default=16)
    p.add_argument("--device", default=None, help="cpu, cuda or cuda:N (default: cuda if available)")
    p.add_argument("--dtype", default=None, help="bfloat16 or float32 (default: bfloat16 on cuda, float32 on cpu)")
    p.add_argument("--warmup", type=int, default=2)
    p.add_argument("--repeats", type=int, default=5)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--out", required=True)
    args = p.parse_args(argv)
    for name in ("pairs", "prompt_tokens", "completion_tokens", "rank", "repeats"):
        if getattr(args, name) <= 0:
            raise BadInput(f"--{name.replace('_', '-')} must be positive, got {getattr(args, name)}.")
    if args.warmup < 0:
        raise BadInput(f"--warmup must not be negative, got {args.warmup}.")
    args.shape = parse_shape(args.shape)
    args.device = parse_device(args.device or ("cuda" if torch.cuda.is_available() else "cpu"))
    dtype_name = args.dtype or ("bfloat16" if args.device.type == "cuda" else "float32")
    if dtype_name not in DTYPES:
        raise BadInput(f"dtype '{dtype_name}' is not supported (use bfloat16 or float32).")
    args.dtype_name, args.dtype = dtype_name, DTYPES[dtype_name]
    return args


def build_model(args):
    from peft import LoraConfig, get_peft_model
    from transformers import LlamaConfig, LlamaForCausalLM

    s = args.shape
    config = LlamaConfig(
        vocab_size=s["vocab"], hidden_size=s["hidden"], intermediate_size=s["intermediate"],
        num_hidden_layers=s["layers"], num_attention_heads=s["heads"], num_key_value_heads=s["kv_heads"],
        head_dim=s["hidden"] // s["heads"],
        max_position_embeddings=max(2048, args.prompt_tokens + args.completion_tokens),
        tie_word_embeddings=False, use_cache=False, attn_implementation="sdpa",
    )
    torch.manual_seed(args.seed)  # seeds CPU and CUDA generators: deterministic random init
    with args.device:  # initialise directly on the device (fast for the 1B-class default shape)
        model = LlamaForCausalLM(config)
    model.to(args.dtype)  # cast the base *before* PEFT so the adapters are autocast to fp32
    model.requires_grad_(False)
    lora = LoraConfig(r=args.rank, lora_alpha=2 * args.rank, lora_dropout=0.0,
                      target_modules=LORA_TARGETS, bias="none", task_type="CAUSAL_LM")
    model = get_peft_model(model, lora)  # autocast_adapter_dtype=True (default) keeps LoRA in fp32
    model.train()
    return model


def make_batch(args):
    """2P sequences, chosen block first then rejected (as TRL's concatenated forward)."""
    g = torch.Generator().manual_seed(args.seed + 1)
    P, V = args.pairs, args.shape["vocab"]
    prompt = torch.randint(0, V, (P, args.prompt_tokens), generator=g)
    chosen = torch.randint(0, V, (P, args.completion_tokens), generator=g)
    rejected = torch.randint(0, V, (P, args.completion_tokens), generator=g)
    ids = torch.cat([torch.cat([prompt, chosen], 1), torch.cat([prompt, rejected], 1)], 0)
    return ids.to(args.device)


def completion_logps(model, ids, completion_tokens):
    """Per-sequence sum of log p(token) over the completion positions only."""
    # Only the last C+1 positions' logits are needed (position t predicts token t+1).
    try:
        logits = model(input_ids=ids, use_cache=False, logits_to_keep=completion_tokens + 1).logits
    except TypeError:  # transformers before 4.48 has no logits_to_keep
        logits = model(input_ids=ids, use_cache=False).logits[:, -(completion_tokens + 1):]
    logp = F.log_softmax(logits[:, :-1].float(), dim=-1)
    targets = ids[:, -completion_tokens:].unsqueeze(-1)
    return logp.gather(-1, targets).squeeze(-1).sum(-1)


def dpo_loss(policy, reference):
    pc, pr = policy.chunk(2)
    rc, rr = reference.chunk(2)
    return -F.logsigmoid(BETA * ((pc - rc) - (pr - rr))).mean()


def train_step(model, optimizer, ids, completion_tokens):
    with model.disable_adapter():
        with torch.no_grad():
            reference = completion_logps(model, ids, completion_tokens)
    policy = completion_logps(model, ids, completion_tokens)
    loss = dpo_loss(policy, reference)
    loss.backward()
    optimizer.step()
    optimizer.zero_grad()
    return loss.detach()


def version_or_none(package):
    try:
        return importlib.metadata.version(package)
    except importlib.metadata.PackageNotFoundError:
        return None


def main(argv):
    try:
        args = parse_args(argv)
    except BadInput as exc:
        print(str(exc), file=sys.stderr)
        return 1

    cuda = args.device.type == "cuda"
    if cuda:
        torch.cuda.set_device(args.device)
    model = build_model(args)
    params = [p for p in model.parameters() if p.requires_grad]
    lora_dtype = next(p.dtype for n, p in model.named_parameters() if "lora_A" in n)
    optimizer = torch.optim.AdamW(params, lr=1e-4)
    ids = make_batch(args)

    def sync():
        if cuda:
            torch.cuda.synchronize(args.device)

    for _ in range(args.warmup):
        train_step(model, optimizer, ids, args.completion_tokens)
    sync()
    if cuda:
        torch.cuda.reset_peak_memory_stats(args.device)
    times_ms = []
    for _ in range(args.repeats):
        sync()
        t0 = time.perf_counter()
        loss = train_step(model, optimizer, ids, args.completion_tokens)
        sync()
        times_ms.append((time.perf_counter() - t0) * 1000.0)

    if cuda:
        peak_mb = torch.cuda.max_memory_allocated(args.device) / 2**20
    else:
        peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: KiB
    tokens_per_step = 2 * args.pairs * (args.prompt_tokens + args.completion_tokens)
    mean_ms = sum(times_ms) / len(times_ms)
    import peft
    import transformers
    result = {
        "tool": "transformers+peft",
        "versions": {"torch": torch.__version__, "transformers": transformers.__version__,
                     "peft": peft.__version__, "trl": version_or_none("trl")},
        "shape": args.shape,
        "device": str(args.device),
        "dtype": args.dtype_name,
        "lora_dtype": str(lora_dtype).replace("torch.", ""),
        "attn_implementation": model.config._attn_implementation,
        "pairs": args.pairs,
        "prompt_tokens": args.prompt_tokens,
        "completion_tokens": args.completion_tokens,
        "rank": args.rank,
        "tokens_per_step": tokens_per_step,
        "warmup": args.warmup,
        "repeats": args.repeats,
        "mean_ms": round(mean_ms, 3),
        "min_ms": round(min(times_ms), 3),
        "tokens_per_second": round(tokens_per_step / (mean_ms / 1000.0), 1),
        "peak_memory_mb": round(peak_mb, 1),
        "trainable_parameters": sum(p.numel() for p in params),
        "loss": float(loss),
        # TRL (checked up to 1.16) has no standalone DPO loss function: the sigmoid loss lives
        # inline in DPOTrainer._compute_loss, so the same formula is computed here.
        "loss_source": "own",
    }
    with open(args.out, "w") as f:
        json.dump(result, f, indent=2)
        f.write("\n")
    print(f"anchor_dpo: {args.shape['layers']}L/{args.shape['hidden']}h {args.dtype_name} on {args.device}: "
          f"mean {mean_ms:.1f} ms, min {min(times_ms):.1f} ms, {result['tokens_per_second']:.0f} tok/s, "
          f"peak {peak_mb:.0f} MiB, loss {result['loss']:.4f}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

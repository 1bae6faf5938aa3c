#!/usr/bin/env python3
"""Parity: adapters that Python PEFT writes load in ours with PEFT's logits;
what we cannot load is refused with one sentence naming the field.

Each case builds a LoraConfig on the stories260k fixture, lets PEFT create
the adapter with random A and B (init_lora_weights=False, so B is not zero)
and save it. Then
  ours   hialign-cli logits MODEL --adapter DIR
  theirs PeftModel.from_pretrained(base, DIR)
must agree within 1e-5 (largest difference relative to the largest logit),
and the adapter must move the logits. A refused case must fail with exit 1
and one line on stderr that names the field.

Usage: peft_written.py --cli PATH --fixtures DIR --work DIR
"""
import os
import subprocess
import sys

import torch
from safetensors.torch import load_file

from parity_common import missing_fixture, parse_args

TOLERANCE = 1e-5
PROMPT_IDS = [1, 403, 407, 261, 378, 432, 383, 286, 261, 376, 298, 315, 421, 395, 317, 426]
B_SCALE = 0.25
ALL = ["q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj"]

# name -> LoraConfig arguments (r and lora_alpha default to 4 and 8)
LOADED = {
    "layers_to_transform": dict(target_modules=["q_proj", "v_proj", "down_proj"], layers_to_transform=[1, 3]),
    "layers_pattern": dict(target_modules=["o_proj"], layers_to_transform=[0, 4], layers_pattern="layers"),
    "rank_alpha_pattern": dict(target_modules=ALL,
                               rank_pattern={"layers.1.self_attn.q_proj": 8, "mlp.down_proj": 2},
                               alpha_pattern={"layers.2.mlp.up_proj": 3, "v_proj": 12}),
    "rslora_pattern": dict(target_modules=ALL, use_rslora=True, rank_pattern={"^model.layers.0.mlp.gate_proj": 6}),
    "target_list_suffix": dict(target_modules=["self_attn.k_proj", "mlp.up_proj"]),
    "target_regex": dict(target_modules=r".*\.layers\.[024]\.self_attn\.(q|v)_proj"),
    "all_linear": dict(target_modules="all-linear"),
    "exclude_modules": dict(target_modules=ALL, exclude_modules=["gate_proj", "up_proj"]),
}
# name -> (LoraConfig arguments, the field our refusal must name)
REFUSED = {
    "dora": (dict(target_modules=["q_proj"], use_dora=True), "use_dora"),
    "bias": (dict(target_modules=["q_proj"], bias="lora_only"), "bias"),
    "modules_to_save": (dict(target_modules=["q_proj"], modules_to_save=["lm_head"]), "modules_to_save"),
}


def ours(cli, model, adapter, out):
    cmd = [cli, "logits", model, "--ids", ",".join(map(str, PROMPT_IDS)), "--device", "cpu", "--dtype", "float32",
           "--out", out]
    if adapter:
        cmd += ["--adapter", adapter]
    return subprocess.run(cmd, capture_output=True, text=True)


def write_adapter(model_dir, folder, kwargs, seed):
    import transformers
    from peft import LoraConfig, get_peft_model
    torch.manual_seed(seed)
    base = transformers.LlamaForCausalLM.from_pretrained(model_dir, dtype=torch.float32)
    args = dict(r=4, lora_alpha=8, init_lora_weights=False)
    args.update(kwargs)
    model = get_peft_model(base, LoraConfig(**args))
    # B scaled so the adapter moves the logits by tens of percent, as trained
    # adapters do: far larger random adapters make the float32 rounding of
    # either side exceed the tolerance (PEFT's own float32 logits then differ
    # from its float64 ones by 1e-4).
    with torch.no_grad():
        for name, p in model.named_parameters():
            if "lora_B" in name:
                p.mul_(B_SCALE)
    model.save_pretrained(folder)
    return model.eval()


def main():
    args = parse_args("adapters PEFT writes load in ours")

    model_dir = os.path.join(args.fixtures, "stories260k")
    skip = missing_fixture(os.path.join(model_dir, "model.safetensors"))
    if skip is not None:
        return skip
    ids = torch.tensor([PROMPT_IDS])
    base_out = os.path.join(args.work, "base.safetensors")
    p = ours(args.cli, model_dir, None, base_out)
    if p.returncode != 0:
        print(f"FAIL base logits: {p.stderr.strip()}")
        return 1
    base_ours = load_file(base_out)["logits"].double()

    passed = failed = 0
    for i, (name, kwargs) in enumerate(LOADED.items()):
        folder = os.path.join(args.work, name)
        peft_model = write_adapter(model_dir, folder, kwargs, seed=100 + i)
        with torch.no_grad():
            theirs = peft_model(ids).logits[0].double()
        out = os.path.join(args.work, f"{name}.safetensors")
        p = ours(args.cli, model_dir, folder, out)
        if p.returncode != 0:
            print(f"FAIL {name:<20} ours refused PEFT's adapter: {p.stderr.strip()}")
            failed += 1
            continue
        mine = load_file(out)["logits"].double()
        scale = theirs.abs().max().item()
        err = (mine - theirs).abs()
        diff = err.max().item() / scale
        moved = (mine - base_ours).abs().max().item() / scale
        ok = diff <= TOLERANCE and moved > 1e-3
        passed += ok
        failed += not ok
        where = ""
        if not ok:
            pos, tok = divmod(int(err.argmax()), err.shape[1])
            where = f"; largest at position {pos}, token {tok}"
        print(f"{'ok  ' if ok else 'FAIL'} {name:<20} relative difference to PEFT {diff:.2e} "
              f"(tolerance {TOLERANCE:.0e}); the adapter moves the logits by {moved:.2e}{where}")

    for name, (kwargs, field) in REFUSED.items():
        folder = os.path.join(args.work, name)
        write_adapter(model_dir, folder, kwargs, seed=7)
        p = ours(args.cli, model_dir, folder, os.path.join(args.work, f"{name}.safetensors"))
        lines = [l for l in p.stderr.strip().splitlines() if l.strip()]
        ok = p.returncode == 1 and len(lines) == 1 and field in lines[0] and "Traceback" not in p.stderr
        passed += ok
        failed += not ok
        print(f"{'ok  ' if ok else 'FAIL'} {name:<20} refused (exit {p.returncode}): {p.stderr.strip()}")
    print(f"{passed} passed, {failed} failed")
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())

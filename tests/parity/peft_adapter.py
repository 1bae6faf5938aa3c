#!/usr/bin/env python3
"""Parity: adapters that hialign-cli writes load in Python PEFT and give our logits.

For several layer plans (Full-DPO, Global-Align, a custom set, rsLoRA, attention
only, per-block ranks, and per-layer ranks from a layer probe), a short run on
the stories260k fixture writes a PEFT adapter. Then:
  ours   hialign-cli logits MODEL --adapter RUN/adapter
  theirs transformers' LlamaForCausalLM + peft.PeftModel.from_pretrained(RUN/adapter)
must agree within 1e-5 (largest difference relative to the largest logit), and
the adapter must move the logits (so neither side may ignore it). For the
probe-ranked case (train --rank-from PROBE --dimension stories --rank-budget N),
every LoRA module PEFT built must also have the rank run.json's
layer_plan.layer_ranks gives its layer (some not the config's r, so PEFT
takes them from rank_pattern) and alpha/r must stay 2.

Adapters of some cases are also merged (hialign-cli merge ... --out DIR); the
folder must load in transformers and give the logits of PEFT's
merge_and_unload() within 1e-5, and ours on it must agree too.

Usage: peft_adapter.py --cli PATH --fixtures DIR --work DIR
Prints one line per case and "N passed, M failed"; exit 1 on any failure.
"""
import json
import os
import subprocess
import sys

import torch
from safetensors.torch import load_file

from parity_common import missing_fixture, parse_args

TOLERANCE = 1e-5
PROMPT_IDS = [1, 403, 407, 261, 378, 432, 383, 286, 261, 376, 298, 315, 421, 395, 317, 426]
RANK = ["--rank", "4", "--alpha", "8"]
CASES = {
    "full": ["--strategy", "full", *RANK],
    "local": ["--strategy", "local", *RANK],
    "mid": ["--strategy", "mid", *RANK],
    "global": ["--strategy", "global", *RANK],
    "custom": ["--strategy", "custom", "--layers", "0,2,4", *RANK],
    "rslora": ["--strategy", "mid", "--rslora", *RANK],
    "attention-only": ["--strategy", "local", "--modules", "q_proj,k_proj,v_proj,o_proj", *RANK],
    # written as rank_pattern / alpha_pattern
    "per-block": ["--strategy", "full", "--rank", "local=2,mid=4,global=8", "--alpha", "local=4,mid=6,global=16"],
}
# Per-layer ranks from a probe of the fixture (one dimension, its block under
# the suggested cuts): rank_pattern / alpha_pattern per module.
PROBE_RANKED = "probe-ranked"
# Merged into the base (hialign-cli merge) against PEFT's merge_and_unload().
MERGED = ["global", "per-block", PROBE_RANKED]


def run(cmd):
    p = subprocess.run(cmd, capture_output=True, text=True)
    if p.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed ({p.returncode}): {p.stderr.strip()}")
    return p.stdout


def ours(cli, model, adapter, work, name):
    out = os.path.join(work, f"{name}-logits.safetensors")
    cmd = [cli, "logits", model, "--ids", ",".join(map(str, PROMPT_IDS)), "--device", "cpu", "--dtype", "float32",
           "--out", out]
    if adapter:
        cmd += ["--adapter", adapter]
    run(cmd)
    return load_file(out)["logits"].double()


def check_merged(args, model_dir, adapter, name, ids):
    import transformers
    from peft import PeftModel

    merged_dir = os.path.join(args.work, f"{name}-merged")
    run([args.cli, "merge", adapter, "--out", merged_dir])
    base = transformers.LlamaForCausalLM.from_pretrained(model_dir, dtype=torch.float32)
    reference = PeftModel.from_pretrained(base, adapter).merge_and_unload().eval()
    loaded = transformers.AutoModelForCausalLM.from_pretrained(merged_dir, dtype=torch.float32).eval()
    with torch.no_grad():
        theirs = reference(ids).logits[0].double()
        from_folder = loaded(ids).logits[0].double()
    mine = ours(args.cli, merged_dir, None, args.work, f"{name}-merged")
    scale = theirs.abs().max().item()
    d_folder = (from_folder - theirs).abs().max().item() / scale
    d_ours = (mine - theirs).abs().max().item() / scale
    ok = d_folder <= TOLERANCE and d_ours <= TOLERANCE
    print(f"{'ok  ' if ok else 'FAIL'} {name + ' merged':<15} transformers on the merged folder vs "
          f"merge_and_unload() {d_folder:.2e}, ours on it {d_ours:.2e} (tolerance {TOLERANCE:.0e})")
    return ok


def layer_cost(model_dir):
    """c_l: in + out features summed over the seven projections (docs/PROBE.md)."""
    with open(os.path.join(model_dir, "config.json")) as f:
        c = json.load(f)
    h, inter = c["hidden_size"], c["intermediate_size"]
    head = c.get("head_dim") or h // c["num_attention_heads"]
    q, kv = c["num_attention_heads"] * head, c.get("num_key_value_heads", c["num_attention_heads"]) * head
    return (h + q) + 2 * (h + kv) + (q + h) + 3 * (h + inter)


def block_size(probe_dir, model_dir):
    """The number of layers in the probe's block for its first dimension."""
    with open(os.path.join(probe_dir, "probe.json")) as f:
        cuts = json.load(f)["cuts"]["suggested"]
    with open(os.path.join(model_dir, "config.json")) as f:
        n = json.load(f)["num_hidden_layers"]
    bounds = [0, cuts["cut1"], cuts["cut2"], n]
    b = ["local", "intermediate", "global"].index(cuts["blocks"][0])
    return bounds[b + 1] - bounds[b]


def check_ranks(run_dir, peft_model):
    """Every LoRA module PEFT built has the rank run.json gives its layer."""
    with open(os.path.join(run_dir, "run.json")) as f:
        ranks = {int(k): v for k, v in json.load(f)["layer_plan"]["layer_ranks"].items()}
    seen = {}
    for name, module in peft_model.named_modules():
        if hasattr(module, "lora_A") and "default" in module.lora_A:
            layer = int(name.split(".layers.")[1].split(".")[0])
            r = module.lora_A["default"].weight.shape[0]
            seen.setdefault(layer, set()).add(r)
            if r != ranks.get(layer) or module.scaling["default"] != 2.0:   # alpha / r = 8 / 4 on every slot
                return False, f"layer {layer} {name}: PEFT rank {r}, scaling {module.scaling['default']}; " \
                              f"run.json rank {ranks.get(layer)}"
    # At three times the uniform budget some rank is not the config's r = 4,
    # so PEFT must take it from rank_pattern.
    if set(seen) != set(ranks) or all(v == 4 for v in ranks.values()):
        return False, f"PEFT adapted layers {sorted(seen)}, run.json ranks {ranks} (want the same layers, some not at r = 4)"
    return True, f"PEFT built every module at run.json's per-layer rank {ranks}, scaling alpha/r = 2"


def main():
    args = parse_args("adapters we write load in PEFT")
    import transformers
    from peft import PeftModel

    model_dir = os.path.join(args.fixtures, "stories260k")
    skip = missing_fixture(os.path.join(model_dir, "model.safetensors"))
    if skip is not None:
        return skip
    data = os.path.join(os.path.dirname(__file__), "..", "data", "stories_preferences.jsonl")
    ids = torch.tensor([PROMPT_IDS])
    base_ours = ours(args.cli, model_dir, None, args.work, "base")

    probe_dir = os.path.join(args.work, "probe")
    run([args.cli, "probe", model_dir, "--data", f"stories={data}", "--methods", "gradient", "--pairs", "16",
         "--batch", "8", "--device", "cpu", "--quiet", "--out", probe_dir])
    # The block at rank 4 costs 4 * sum c_l; 3x that leaves room for uneven ranks.
    cases = dict(CASES)
    cases[PROBE_RANKED] = ["--rank-from", probe_dir, "--dimension", "stories", "--rank", "4", "--alpha", "8",
                           "--rank-budget", str(3 * 4 * layer_cost(model_dir) * block_size(probe_dir, model_dir))]

    passed = failed = 0
    for name, flags in cases.items():
        run_dir = os.path.join(args.work, name)
        run([args.cli, "train", model_dir, "--data", data, *flags, "--steps", "3", "--batch", "4", "--lr", "2e-2", "--seed", "5", "--device", "cpu", "--quiet", "--out", run_dir])
        adapter = os.path.join(run_dir, "adapter")
        mine = ours(args.cli, model_dir, adapter, args.work, name)
        base = transformers.LlamaForCausalLM.from_pretrained(model_dir, dtype=torch.float32)
        peft_model = PeftModel.from_pretrained(base, adapter).eval()
        with torch.no_grad():
            theirs = peft_model(ids).logits[0].double()
        scale = theirs.abs().max().item()
        diff = (mine - theirs).abs().max().item() / scale
        moved = (mine - base_ours).abs().max().item() / scale
        ok = diff <= TOLERANCE and moved > 1e-3
        if name == PROBE_RANKED:
            ranks_ok, note = check_ranks(run_dir, peft_model)
            ok = ok and ranks_ok
            print(f"     {name:<15} {note}")
        passed += ok
        failed += not ok
        print(f"{'ok  ' if ok else 'FAIL'} {name:<15} relative difference to PEFT {diff:.2e} "
              f"(tolerance {TOLERANCE:.0e}); the adapter moves the logits by {moved:.2e}")
        if name in MERGED:
            ok = check_merged(args, model_dir, adapter, name, ids)
            passed += ok
            failed += not ok
    print(f"{passed} passed, {failed} failed")
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""Parity: adapters that hialign-cli writes load in Python PEFT and give our logits.

For several layer plans (Full-DPO, Global-Align, a custom set, rsLoRA, attention
only), a short run on the stories260k fixture writes a PEFT adapter. Then:
  ours   hialign-cli logits MODEL --adapter RUN/adapter
  theirs transformers' LlamaForCausalLM + peft.PeftModel.from_pretrained(RUN/adapter)
must agree within 1e-5 (largest difference relative to the largest logit), and
the adapter must move the logits (so neither side may ignore it).

Usage: peft_adapter.py --cli PATH --fixtures DIR --work DIR
Prints one line per case and "N passed, M failed"; exit 1 on any failure.
"""
import argparse
import os
import shutil
import subprocess
import sys

import torch
from safetensors.torch import load_file

TOLERANCE = 1e-5
PROMPT_IDS = [1, 403, 407, 261, 378, 432, 383, 286, 261, 376, 298, 315, 421, 395, 317, 426]
CASES = {
    "full": ["--strategy", "full"],
    "global": ["--strategy", "global"],
    "custom": ["--strategy", "custom", "--layers", "0,2,4"],
    "rslora": ["--strategy", "mid", "--rslora"],
    "attention-only": ["--strategy", "local", "--modules", "q_proj,k_proj,v_proj,o_proj"],
}


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


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--cli", required=True)
    ap.add_argument("--fixtures", required=True)
    ap.add_argument("--work", required=True)
    args = ap.parse_args()
    import transformers
    from peft import PeftModel

    model_dir = os.path.join(args.fixtures, "stories260k")
    if not os.path.isfile(os.path.join(model_dir, "model.safetensors")):
        print(f"SKIP: fixture missing: {model_dir}")
        return 1 if os.environ.get("CI") == "true" else 77
    data = os.path.join(os.path.dirname(__file__), "..", "data", "stories_preferences.jsonl")
    shutil.rmtree(args.work, ignore_errors=True)
    os.makedirs(args.work)
    ids = torch.tensor([PROMPT_IDS])
    base_ours = ours(args.cli, model_dir, None, args.work, "base")

    passed = failed = 0
    for name, flags in CASES.items():
        run_dir = os.path.join(args.work, name)
        run([args.cli, "train", model_dir, "--data", data, *flags, "--steps", "3", "--batch", "4", "--rank", "4",
             "--alpha", "8", "--lr", "2e-2", "--seed", "5", "--device", "cpu", "--quiet", "--out", run_dir])
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
        passed += ok
        failed += not ok
        print(f"{'ok  ' if ok else 'FAIL'} {name:<15} relative difference to PEFT {diff:.2e} "
              f"(tolerance {TOLERANCE:.0e}); the adapter moves the logits by {moved:.2e}")
    print(f"{passed} passed, {failed} failed")
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())

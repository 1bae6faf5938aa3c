#!/usr/bin/env python3
"""Parity: the logit lens reads every layer as transformers' hidden states do.

Models: stories260k (tied head), the shipped demo lab's model (tied, stored in
bf16, read in fp32), a random Llama with an untied lm_head written by
transformers' save_pretrained (stories260k's tokenizer beside it), and
stories260k with a LoRA adapter trained here, read through PEFT. For each:

  hialign-cli lens MODEL [--adapter DIR] --prompt P --chosen C --rejected R --top VOCAB --json --device cpu

against model(ids, output_hidden_states=True).hidden_states: entry L + 1 is
the residual stream after layer L, and model.norm then lm_head read it. The
last entry is the one exception: transformers puts the model's last_hidden_state
there, already through model.norm, so only lm_head applies (the script checks
that convention on each model instead of assuming it). Per layer:
  top       log p of every vocabulary token at the last prompt position
            (the lens's probabilities with --top VOCAB, logged)
  expected  log p of the chosen completion's first token there
  margin    sum over completion tokens of log p(chosen) - log p(rejected),
            teacher-forced, each position read at that layer
each within 1e-4 (absolute). The ids come from the lens's JSON, so only the
model is compared here (tokenization has parity tests of its own).

Usage: lens_hidden_states.py --cli PATH --fixtures DIR --work DIR --lab DIR
Prints one line per model and check, the largest differences, and
"N passed, M failed"; exit 1 on any failure, 77 (1 under CI=true) when the
stories260k fixture is missing.
"""
import json
import math
import os
import shutil
import subprocess
import sys

import torch

from parity_common import missing_fixture, parse_args

TOLERANCE = 1e-4
STORIES_PAIR = ("Once upon a time", " there was a little girl", " the dog ran to the park")
LAB_PAIR = ("kesun lives in", " kostek.", " zonfin.")


def run(cmd):
    p = subprocess.run(cmd, capture_output=True, text=True)
    if p.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed ({p.returncode}): {p.stderr.strip()}")
    return p.stdout


def lens_json(cli, model_dir, pair, vocab, adapter=None):
    prompt, chosen, rejected = pair
    cmd = [cli, "lens", model_dir, "--prompt", prompt, "--chosen", chosen, "--rejected", rejected,
           "--top", str(vocab), "--json", "--device", "cpu", "--dtype", "float32"]
    if adapter:
        cmd += ["--adapter", adapter]
    return json.loads(run(cmd))


def layer_log_probs(model, ids):
    """[layer] log_softmax of the read-out, (T, vocab) float64, and whether the
    last hidden_states entry came normed."""
    inner = model.get_decoder() if hasattr(model, "get_decoder") else model.model
    lm_head = model.get_output_embeddings()
    x = torch.tensor([ids])
    with torch.no_grad():
        out = model(x, output_hidden_states=True)
        hs = out.hidden_states
        n = model.config.num_hidden_layers
        assert len(hs) == n + 1, f"{len(hs)} hidden states for {n} layers"
        # transformers' convention: the last entry is the final norm's output.
        last_normed = torch.equal(hs[n], inner(x).last_hidden_state)
        result = []
        for layer in range(n):
            h = hs[layer + 1]
            if layer < n - 1 or not last_normed:
                h = inner.norm(h)
            result.append(torch.log_softmax(lm_head(h)[0].double(), -1))   # (T, vocab)
        # The last read-out is the model's logits.
        assert torch.allclose(result[-1], torch.log_softmax(out.logits[0].double(), -1), atol=1e-6)
    return result, last_normed


def completion_sum(log_probs, prompt_len, completion):
    """sum_j log p(completion[j]) read at position prompt_len - 1 + j."""
    return sum(log_probs[prompt_len - 1 + j, t].item() for j, t in enumerate(completion))


def compare(chk, name, side, mine, model):
    prompt = mine["prompt_ids"]
    chosen, rejected = mine["chosen_ids"], mine["rejected_ids"]
    expected = mine["expected_id"]
    P = len(prompt)
    alone, normed = layer_log_probs(model, prompt)
    with_chosen, _ = layer_log_probs(model, prompt + chosen)
    with_rejected, _ = layer_log_probs(model, prompt + rejected)
    n = len(alone)
    worst = {"top": (0.0, 0), "expected": (0.0, 0), "margin": (0.0, 0)}
    ok_layers = len(mine["layers"]) == n
    for layer in range(min(n, len(mine["layers"]))):
        entry = mine["layers"][layer][side]
        theirs = alone[layer][P - 1]   # (vocab)
        ours = torch.full_like(theirs, float("nan"))
        for t in entry["top"]:
            ours[t["id"]] = math.log(t["prob"]) if t["prob"] > 0 else float("-inf")
        finite = theirs > -60   # probabilities a float32 softmax still resolves
        ok_layers = ok_layers and bool(torch.isfinite(ours[finite]).all())
        d_top = (ours[finite] - theirs[finite]).abs().max().item()
        d_exp = abs(entry["expected_logp"] - theirs[expected].item())
        margin = completion_sum(with_chosen[layer], P, chosen) - completion_sum(with_rejected[layer], P, rejected)
        d_margin = abs(entry["margin"] - margin)
        for key, d in (("top", d_top), ("expected", d_exp), ("margin", d_margin)):
            if not d <= worst[key][0]:
                worst[key] = (d, layer)
    for key, (d, layer) in worst.items():
        chk(d <= TOLERANCE and ok_layers, f"{name} {side}", key,
            f"max |ours - transformers| {d:.2e} (layer {layer} of {n}; tolerance {TOLERANCE:.0e})")
    return normed


def write_untied_llama(path, stories):
    import transformers
    cfg = transformers.LlamaConfig(hidden_size=64, intermediate_size=128, num_hidden_layers=3,
                                   num_attention_heads=4, num_key_value_heads=2, vocab_size=512,
                                   max_position_embeddings=128, rms_norm_eps=1e-5, tie_word_embeddings=False,
                                   bos_token_id=1, eos_token_id=2)
    torch.manual_seed(11)
    model = transformers.AutoModelForCausalLM.from_config(cfg)
    g = torch.Generator().manual_seed(11)
    with torch.no_grad():
        for name, p in model.named_parameters():
            if name.endswith("norm.weight"):
                p.copy_(1.0 + 0.2 * torch.randn(p.shape, generator=g))
            elif "embed_tokens" in name:
                p.copy_(torch.randn(p.shape, generator=g))
            else:   # (out, in) projections and the untied head
                p.copy_(torch.randn(p.shape, generator=g) / math.sqrt(p.shape[1]))
    model.save_pretrained(path)
    for f in ("tokenizer.model", "tokenizer_config.json"):
        shutil.copy(os.path.join(stories, f), path)


def main():
    args = parse_args("the logit lens against transformers' hidden states",
                      extra=lambda ap: ap.add_argument("--lab", required=True, help="the demo lab folder"))
    import transformers
    from peft import PeftModel

    stories = os.path.join(args.fixtures, "stories260k")
    skip = missing_fixture(os.path.join(stories, "model.safetensors"))
    if skip is not None:
        return skip
    results = []

    def chk(ok, name, what, detail):
        results.append(ok)
        print(f"{'ok  ' if ok else 'FAIL'} {name:<24} {what:<9} {detail}", flush=True)

    def load(path):
        return transformers.AutoModelForCausalLM.from_pretrained(path, dtype=torch.float32).eval()

    untied = os.path.join(args.work, "llama-untied")
    write_untied_llama(untied, stories)
    lab_model = os.path.join(args.lab, "model")
    for name, path, pair in (("stories260k", stories, STORIES_PAIR), ("demo-lab", lab_model, LAB_PAIR),
                             ("llama-untied", untied, STORIES_PAIR)):
        model = load(path)
        mine = lens_json(args.cli, path, pair, model.config.vocab_size)
        normed = compare(chk, name, "base", mine, model)
        print(f"     {name}: transformers' last hidden state {'is' if normed else 'is not'} already normed")

    # An adapter: the base side against transformers, the adapted side against PEFT.
    data = os.path.join(os.path.dirname(__file__), "..", "data", "stories_preferences.jsonl")
    run_dir = os.path.join(args.work, "run")
    run([args.cli, "train", stories, "--data", data, "--strategy", "mid", "--steps", "3", "--batch", "4",
         "--lr", "5e-2", "--seed", "5", "--device", "cpu", "--quiet", "--out", run_dir])
    adapter = os.path.join(run_dir, "adapter")
    mine = lens_json(args.cli, stories, STORIES_PAIR, 512, adapter)
    compare(chk, "stories260k+adapter", "base", mine, load(stories))
    peft_model = PeftModel.from_pretrained(load(stories), adapter).eval()
    compare(chk, "stories260k+adapter", "adapted", mine, peft_model.base_model.model)
    moved = max(abs(l["diff"]["margin"]) for l in mine["layers"])
    chk(moved > 1e-3, "stories260k+adapter", "moves", f"the adapter moves a layer's margin by up to {moved:.3f}")

    passed = sum(results)
    print(f"{passed} passed, {len(results) - passed} failed")
    return 0 if passed == len(results) else 1


if __name__ == "__main__":
    sys.exit(main())

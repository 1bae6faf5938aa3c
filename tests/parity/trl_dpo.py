#!/usr/bin/env python3
"""Parity: our DPO trainer against TRL's DPOTrainer, step by step.

Training (stories260k fixture, tests/data/stories_preferences.jsonl, fp32 on
the CPU, no dropout, batches in file order):
  ours   hialign-cli train --no-shuffle --save-initial --eval-fraction 0 ...
  theirs trl.DPOTrainer (a subclass with a SequentialSampler) on a
         transformers LlamaForCausalLM + peft.PeftModel.from_pretrained(
         our RUN/checkpoints/step-0/adapter, is_trainable=True), so both start
         from the same adapter; the same beta, learning rate and schedule,
         warmup, AdamW (betas 0.9/0.999, eps 1e-8, weight decay), gradient
         clipping, batch size and gradient accumulation.
The cases (CASES below):
  - each loss both support on a constant learning rate (sigmoid, ipo, hinge,
    robust with label smoothing 0.1, and sigmoid plus the NLL term: ours
    --sft-weight W, TRL 1.16 loss_type=["sigmoid", "sft"] with
    loss_weights=[1, W]; TRL 1.16 has no rpo_alpha);
  - the recipes people run: cosine with warmup 2 and accumulation 2, linear
    with warmup 3 and accumulation 4, constant with warmup 2; each with a
    clip that engages at every step (checked on TRL's pre-clip grad norm),
    with beta 0.25 / 0.5 and weight decay 0.01 / 0.05, so an ignored --beta,
    --max-grad-norm, --weight-decay or a schedule that is off by a step
    fails; --precompute-ref against precompute_ref_log_probs=True; and
    Global-Align (adapters on the top block only) with layer-prefix sharing on
    and off, which must also give identical numbers to each other.
Per step, the metrics
  loss, rewards/chosen, rewards/rejected, rewards/margins, rewards/accuracies,
  logps/chosen, logps/rejected, grad_norm (before clipping), learning_rate
  (both log the rate applied at that step; warmup's first is 0)
must agree within 1e-4 relative, the denominator being max(|TRL's value|,
1e-2) (rewards and margins are exactly 0 at step 1, when the adapter's B is 0;
being beta times a log-prob difference, their floor is 1e-2 * beta / 0.1,
the same 0.1-nat difference at every beta);
and the adapter must agree after every step N (RUN/checkpoints/step-N
against TRL's adapter after step N; these name the step where the two first
part) and at the end (RUN/adapter against TRL's saved adapter), measured as
  ||ours - TRL|| / ||TRL - initial||   (norms over all adapter tensors)
within 1e-4. The denominator is the change training made, not the weights
(lora_A starts random and moves little, lora_B starts at 0), which is the
stricter reading. Elementwise the two cannot agree to 1e-4, and neither does
TRL with itself: the float32 noise floor, TRL with eager instead of sdpa
attention (the same arithmetic in another order), is measured for every case
and printed. AdamW's first steps divide gradient elements near eps (|g| ~
1e-6, eps 1e-8) by their own size, so rounding in them shows in single
elements: the largest elementwise difference, TRL against itself, is 1e-4 to
1.6e-3 (printed beside each check as information). In the norm, rounding
stays below 1e-5 except for IPO, whose large loss (about (1/(2 beta))^2 = 25)
moves TRL against itself by 1.1e-4 at step 2, and IPO's loss metric by about
1e-4. Where TRL's own floor (per step for the adapter, per metric over the
steps for the metrics) exceeds 1e-4, the limit is twice that floor and the
line says so; a floor above FLOOR_CAP (1e-3) fails the case instead of
widening the limit further.

Tokenization: our `train --dump-tokens` prompt/chosen/rejected ids must equal
the columns prompt_ids/chosen_ids/rejected_ids of TRL's tokenized train
dataset, for
  - the standard form (stories260k, the preference file above; TRL adds the
    EOS text to chosen/rejected and splits prompt+completion at the common
    prefix with the tokenized prompt);
  - the conversational form on the Llama 3 and Qwen3 fixture tokenizers
    (their chat templates), through TRL's own DPOTrainer._prepare_dataset:
    with --template-completions (the completion is what the template renders
    after the prompt) every id equals TRL's; by default the prompts are equal
    and each completion is TRL's from the reply to its end-of-turn token
    (TRL's also holds what the template writes around the reply: Qwen3's
    empty think block and trailing newline, the assistant header that Llama 3
    Instruct's first template appends after every conversation).
stories260k has no chat template, so TRL cannot tokenize conversational
records for it (ours uses its "plain" format there): not compared.

The stories260k tokenizer is sentencepiece's tokenizer.model. Without the
protobuf package (not in the pinned environment) transformers cannot convert
it, so the HF tokenizer is built as transformers' converter builds it (vocab in
id order, merges from transformers' generate_merges, LlamaTokenizer with the
fixture's tokenizer_config.json settings) and is checked first against the
sentencepiece package on every text of the file; with protobuf present,
AutoTokenizer is used.

Usage: trl_dpo.py --cli PATH --fixtures DIR --work DIR [--only CASE ...]
(--only runs those training cases and skips the conversational token checks.)
Prints one line per check and "N passed, M failed"; exit 1 on any failure.
"""
import contextlib
import io
import json
import os
import subprocess
import sys
import time

from parity_common import missing_fixture, parse_args

TOLERANCE = 1e-4
FLOOR_FACTOR = 2.0   # see compare_adapters and compare_metrics
# TRL against itself (eager against sdpa attention) may widen a limit to
# FLOOR_FACTOR times its own difference, but never past this: a noise floor
# above the cap is a failure of the case, not a wider limit.
FLOOR_CAP = 1e-3
FLOOR = 1e-2
SEED = 7
METRICS = ["loss", "rewards/chosen", "rewards/rejected", "rewards/margins", "rewards/accuracies",
           "logps/chosen", "logps/rejected", "grad_norm", "learning_rate"]
SFT_WEIGHT = 0.5

# One training recipe. The defaults are the loss cases' recipe: constant
# learning rate, no warmup, no accumulation, beta 0.1, clipping at 1.0 (not
# reached).
DEFAULT = dict(flags=[], loss_type=["sigmoid"], loss_weights=None, label_smoothing=0.0, steps=5, batch=4,
               accum=1, lr=1e-2, beta=0.1, rank=4, alpha=8, weight_decay=0.01, max_grad_norm=1.0,
               schedule="constant", warmup=0, precompute=False, strategy="full", clip_engaged=False)


def case(**kw):
    unknown = set(kw) - set(DEFAULT)
    assert not unknown, unknown
    return {**DEFAULT, **kw}


CASES = {
    # The losses, on the default recipe.
    "sigmoid": case(flags=["--loss", "sigmoid"]),
    "ipo": case(flags=["--loss", "ipo"], loss_type=["ipo"]),
    "hinge": case(flags=["--loss", "hinge"], loss_type=["hinge"]),
    "robust": case(flags=["--loss", "robust", "--label-smoothing", "0.1"], loss_type=["robust"],
                   label_smoothing=0.1),
    "sigmoid+nll": case(flags=["--loss", "sigmoid", "--sft-weight", str(SFT_WEIGHT)], loss_type=["sigmoid", "sft"],
                        loss_weights=[1.0, SFT_WEIGHT]),
    # The recipes people run: warmup schedules (the first step at learning
    # rate 0), accumulation, a clip that engages at every step, beta, weight
    # decay, precomputed reference log-probs, and Global-Align with and
    # without sharing the frozen lower layers.
    # (At the loss cases' 1e-2 one Adam step separates every pair and the
    # gradient vanishes; these run at 3e-4 or 1e-3 so the clip stays engaged.)
    "cosine-warmup": case(schedule="cosine", warmup=2, steps=8, accum=2, max_grad_norm=0.05, beta=0.25,
                          lr=3e-4, clip_engaged=True),
    "linear-warmup": case(schedule="linear", warmup=3, steps=8, batch=2, accum=4, max_grad_norm=0.05,
                          weight_decay=0.05, lr=1e-3, clip_engaged=True),
    "constant-warmup": case(schedule="constant", warmup=2, steps=6, beta=0.5, max_grad_norm=0.2, lr=3e-4,
                            clip_engaged=True),
    "precompute-ref": case(schedule="cosine", warmup=1, steps=6, accum=2, lr=3e-4, precompute=True),
    "global": case(strategy="global", schedule="cosine", warmup=1, steps=6, accum=2, beta=0.25),
    "global-no-sharing": case(strategy="global", schedule="cosine", warmup=1, steps=6, accum=2, beta=0.25,
                              flags=["--no-prefix-sharing"]),
}
# Pairs whose numbers must be identical: the same run with prefix sharing on and off.
SAME_RUN = [("global", "global-no-sharing")]

# Conversational records for the tokenization check (TRL's conversational
# preference format; the last one has an implicit prompt).
CONVERSATIONS = [
    {"prompt": [{"role": "user", "content": "Tell me a story."}],
     "chosen": [{"role": "assistant", "content": "Once upon a time, there was a cat."}],
     "rejected": [{"role": "assistant", "content": "No."}]},
    {"prompt": [{"role": "system", "content": "You are terse."}, {"role": "user", "content": "Name a colour."}],
     "chosen": [{"role": "assistant", "content": "Blue."}],
     "rejected": [{"role": "assistant", "content": "I would rather not say anything at all."}]},
    {"prompt": [{"role": "user", "content": "Hi there"}, {"role": "assistant", "content": "Hello! How can I help?"},
                {"role": "user", "content": "Tell me a joke."}],
     "chosen": [{"role": "assistant", "content": "Why did the chicken cross the road?"}],
     "rejected": [{"role": "assistant", "content": "Jokes are forbidden."}]},
    {"chosen": [{"role": "user", "content": "2+2?"}, {"role": "assistant", "content": "4"}],
     "rejected": [{"role": "user", "content": "2+2?"}, {"role": "assistant", "content": "5"}]},
]


def run(cmd):
    p = subprocess.run(cmd, capture_output=True, text=True)
    if p.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed ({p.returncode}): {p.stderr.strip()}")
    return p.stdout


def rel(ours, theirs, floor=FLOOR):
    return abs(ours - theirs) / max(abs(theirs), floor)


def metric_floor(metric, beta):
    """The denominator's floor for one metric. Rewards and margins are beta
    times a log-prob difference, so their rounding scales with beta: their
    floor is that of a 0.1-nat difference, FLOOR at beta 0.1."""
    if metric in ("rewards/chosen", "rewards/rejected", "rewards/margins"):
        return FLOOR * beta / 0.1
    return FLOOR


def read_jsonl(path):
    with open(path) as f:
        return [json.loads(line) for line in f if line.strip()]


def dump_tokens(cli, model_dir, data, out, flags=()):
    run([cli, "train", model_dir, "--data", data, "--dump-tokens", out, *flags])
    return read_jsonl(out)


class Tally:
    def __init__(self):
        self.passed = self.failed = 0

    def check(self, ok, line):
        self.passed += ok
        self.failed += not ok
        print(f"{'ok  ' if ok else 'FAIL'} {line}", flush=True)
        return ok


# --- the HF tokenizer of stories260k --------------------------------------

def stories_tokenizer(model_dir):
    """The tokenizer AutoTokenizer gives for the folder; built by hand (as
    transformers' SentencePieceExtractor + LlamaTokenizer do) when protobuf,
    which that extraction needs, is missing. Returns (tokenizer, how)."""
    import transformers
    try:
        import google.protobuf  # noqa: F401  (what transformers' sentencepiece extraction needs)
    except ImportError:
        pass
    else:
        return transformers.AutoTokenizer.from_pretrained(model_dir), "AutoTokenizer"
    import sentencepiece as spm
    from transformers.tokenization_utils_base import generate_merges

    sp = spm.SentencePieceProcessor(model_file=os.path.join(model_dir, "tokenizer.model"))
    vocab = {sp.id_to_piece(i): i for i in range(sp.get_piece_size())}
    with open(os.path.join(model_dir, "tokenizer_config.json")) as f:
        cfg = json.load(f)
    tok = transformers.LlamaTokenizer(
        vocab=vocab, merges=generate_merges(vocab), legacy=cfg.get("legacy", False),
        add_bos_token=cfg.get("add_bos_token", True), add_eos_token=cfg.get("add_eos_token", False),
        bos_token=cfg["bos_token"], eos_token=cfg["eos_token"], unk_token=cfg["unk_token"],
        clean_up_tokenization_spaces=cfg.get("clean_up_tokenization_spaces", False),
        model_max_length=cfg.get("model_max_length", 512))
    return tok, "LlamaTokenizer from tokenizer.model (no protobuf for AutoTokenizer)"


def check_hf_tokenizer(tok, model_dir, records, t):
    import sentencepiece as spm
    sp = spm.SentencePieceProcessor(model_file=os.path.join(model_dir, "tokenizer.model"))
    texts = set()
    for r in records:
        texts.update([r["prompt"], r["prompt"] + r["chosen"], r["prompt"] + r["rejected"]])
    bad = [s for s in sorted(texts) if tok(s)["input_ids"] != [sp.bos_id()] + sp.encode(s)]
    return t.check(not bad, f"{'tokenizer':<22} the HF tokenizer equals sentencepiece (BOS + encode) on "
                            f"{len(texts)} texts" + (f"; first difference: {bad[0]!r}" if bad else ""))


# --- tokenization ----------------------------------------------------------

def compare_tokens(name, ours, theirs, t, columns=("prompt_ids", "chosen_ids", "rejected_ids")):
    """ours: dump-tokens rows; theirs: rows with prompt_ids/chosen_ids/rejected_ids."""
    if len(ours) != len(theirs):
        return t.check(False, f"{name:<22} {len(ours)} pairs here, {len(theirs)} in TRL's dataset")
    diffs = [(a.get("line"), col, list(a[col]), list(b[col])) for a, b in zip(ours, theirs)
             for col in columns if list(a[col]) != list(b[col])]
    if not diffs:
        what = "/".join(c[:-4] for c in columns)
        return t.check(True, f"{name:<22} {what} ids of {len(ours)} records equal TRL's")
    lines = [f"{name:<22} {len(diffs)} id lists of {len(ours)} records differ from TRL's, e.g.:"]
    shown = set()
    for line, col, a, b in diffs:
        if col in shown:
            continue
        shown.add(col)
        lines.append(f"       line {line} {col}:\n         ours {a}\n         TRL  {b}")
    return t.check(False, "\n".join(lines))


def trl_prepare(records, tok, work):
    """TRL's own _prepare_dataset (the DPOTrainer method) on records."""
    from datasets import Dataset
    from types import SimpleNamespace
    from trl import DPOConfig, DPOTrainer

    args = DPOConfig(output_dir=os.path.join(work, "prepare"), use_cpu=True, report_to=[])
    fake = SimpleNamespace(_tokenizer=tok)
    return list(DPOTrainer._prepare_dataset(fake, Dataset.from_list(records), tok, args, "train"))


def check_conversational(args, t):
    import transformers
    path = os.path.join(args.work, "conversational.jsonl")
    with open(path, "w") as f:
        for r in CONVERSATIONS:
            f.write(json.dumps(r) + "\n")
    ok = True
    for name in ("llama3", "qwen"):
        folder = os.path.join(args.fixtures, "tokenizers", name)
        if not os.path.exists(os.path.join(folder, "tokenizer.json")):
            ok &= t.check(False, f"conversational {name}: fixture missing: {folder}")
            continue
        tok = transformers.AutoTokenizer.from_pretrained(folder)
        explicit = [r for r in CONVERSATIONS if "prompt" in r]
        implicit = [r for r in CONVERSATIONS if "prompt" not in r]   # TRL's extract_prompt
        theirs = trl_prepare(explicit, tok, args.work) + trl_prepare(implicit, tok, args.work)

        def ours(flags, out):
            rows = dump_tokens(args.cli, folder, path, os.path.join(args.work, out), flags)
            return [o for o in rows if "prompt" in CONVERSATIONS[o["index"]]] + \
                   [o for o in rows if "prompt" not in CONVERSATIONS[o["index"]]]

        # --template-completions: TRL's processing, every id equal.
        ok &= compare_tokens(f"conversational {name}", ours(["--template-completions"], f"tokens-{name}-template.jsonl"),
                             theirs, t)
        # The default: the same prompts; completions are the reply and its
        # end-of-turn id, i.e. TRL's completion without what the template
        # writes before the reply (Qwen3's empty think block) and after its
        # end of turn (Llama 3's assistant header, ChatML's newline).
        default = ours([], f"tokens-{name}.jsonl")
        ok &= compare_tokens(f"conversational {name} default", default, theirs, t, columns=("prompt_ids",))
        end = tok.convert_tokens_to_ids({"llama3": "<|eot_id|>", "qwen": "<|im_end|>"}[name])
        bad = []
        for a, b in zip(default, theirs):
            for col in ("chosen_ids", "rejected_ids"):
                mine, trl = list(a[col]), list(b[col])
                cut = trl.index(end) + 1 if end in trl else -1
                start = cut - len(mine)
                if mine[-1:] != [end] or start < 0 or trl[start:cut] != mine or \
                        tok.decode(trl[:start]).strip() not in ("", "<think>\n\n</think>"):
                    bad.append(f"line {a.get('line')} {col}: ours {mine}, TRL {trl}")
        ok &= t.check(not bad, f"{'conversational ' + name + ' default':<22} completions are TRL's from the reply "
                               f"to its end of turn ({tok.convert_ids_to_tokens(end)}), of {len(default)} records"
                      + ("".join("\n       " + b for b in bad[:3]) if bad else ""))
    return ok


# --- training --------------------------------------------------------------

def ours_run(args, model_dir, data, name, c):
    run_dir = os.path.join(args.work, f"ours-{name}")
    run([args.cli, "train", model_dir, "--data", data, "--out", run_dir, "--strategy", c["strategy"],
         "--rank", str(c["rank"]), "--alpha", str(c["alpha"]), "--dropout", "0", *c["flags"],
         "--steps", str(c["steps"]), "--batch", str(c["batch"]), "--grad-accum", str(c["accum"]),
         "--lr", str(c["lr"]), "--beta", str(c["beta"]), "--schedule", c["schedule"], "--warmup", str(c["warmup"]),
         "--weight-decay", str(c["weight_decay"]), "--max-grad-norm", str(c["max_grad_norm"]),
         *(["--precompute-ref"] if c["precompute"] else []),
         "--eval-fraction", "0", "--save-every", "1", "--no-shuffle", "--save-initial",
         "--seed", str(SEED), "--device", "cpu", "--dtype", "float32", "--quiet"])
    metrics = {m["step"]: m for m in read_jsonl(os.path.join(run_dir, "metrics.jsonl")) if "step" in m}
    return run_dir, metrics


def trl_run(args, model_dir, data, tok, name, initial_adapter, c):
    import torch
    import transformers
    from datasets import Dataset
    from peft import PeftModel
    from torch.utils.data import SequentialSampler
    from trl import DPOConfig, DPOTrainer

    from peft import get_peft_model_state_dict
    from transformers import TrainerCallback

    class SequentialDPOTrainer(DPOTrainer):
        def _get_train_sampler(self, train_dataset=None):
            return SequentialSampler(train_dataset if train_dataset is not None else self.train_dataset)

    adapters = {}

    class KeepAdapters(TrainerCallback):
        """The "default" adapter after each optimizer step (what our checkpoints/step-N hold)."""
        def on_step_end(self, args, state, control, model=None, **kwargs):
            sd = get_peft_model_state_dict(model, adapter_name="default")
            adapters[state.global_step] = {k: v.detach().clone() for k, v in sd.items()}

    transformers.set_seed(SEED)
    base = transformers.LlamaForCausalLM.from_pretrained(model_dir, dtype=torch.float32)
    model = PeftModel.from_pretrained(base, initial_adapter, is_trainable=True)
    out_dir = os.path.join(args.work, f"trl-{name}")
    schedulers = {"constant": "constant_with_warmup", "linear": "linear", "cosine": "cosine"}
    cfg = DPOConfig(
        output_dir=out_dir, per_device_train_batch_size=c["batch"], gradient_accumulation_steps=c["accum"],
        max_steps=c["steps"], learning_rate=c["lr"], lr_scheduler_type=schedulers[c["schedule"]],
        warmup_steps=c["warmup"],
        optim="adamw_torch", adam_beta1=0.9, adam_beta2=0.999, adam_epsilon=1e-8,
        weight_decay=c["weight_decay"], max_grad_norm=c["max_grad_norm"], beta=c["beta"],
        loss_type=c["loss_type"], loss_weights=c["loss_weights"], label_smoothing=c["label_smoothing"],
        logging_steps=1, save_strategy="no", report_to=[], use_cpu=True, bf16=False, fp16=False,
        gradient_checkpointing=False, dataloader_num_workers=0, seed=SEED, data_seed=SEED,
        disable_dropout=True, precompute_ref_log_probs=c["precompute"], disable_tqdm=True)
    trainer = SequentialDPOTrainer(model=model, args=cfg, train_dataset=Dataset.from_list(read_jsonl(data)),
                                   processing_class=tok, callbacks=[KeepAdapters()])
    with contextlib.redirect_stdout(io.StringIO()):   # the Trainer prints every log dict
        trainer.train()
    trainer.save_model(out_dir)
    with open(os.path.join(out_dir, "log_history.json"), "w") as f:
        json.dump([e for e in trainer.state.log_history if "rewards/chosen" in e], f)
    metrics = {e["step"]: e for e in trainer.state.log_history if "rewards/chosen" in e}
    return out_dir, metrics, trainer.train_dataset, adapters


def metric_limits(floor):
    """Per metric: TOLERANCE, or FLOOR_FACTOR times TRL's own difference
    (eager against sdpa) where that is larger; None where the floor itself
    exceeds FLOOR_CAP (the case fails)."""
    return {m: (None if f > FLOOR_CAP else max(TOLERANCE, FLOOR_FACTOR * f)) for m, f in floor.items()}


def compare_metrics(name, ours, theirs, steps, beta, floor, t):
    limits = metric_limits(floor)
    capped = [m for m, lim in limits.items() if lim is None]
    if capped:
        return t.check(False, f"{name:<22} TRL's own metric noise floor exceeds {FLOOR_CAP:.0e} for "
                              + ", ".join(f"{m} ({floor[m]:.1e})" for m in capped))
    worst = {}
    first_fail = None
    for step in range(1, steps + 1):
        if step not in ours or step not in theirs:
            return t.check(False, f"{name:<22} step {step} is missing from "
                                  f"{'our metrics.jsonl' if step not in ours else 'TRL log_history'}")
        for m in METRICS:
            if m not in ours[step] or m not in theirs[step]:
                return t.check(False, f"{name:<22} step {step}: metric {m} missing "
                                      f"({'ours' if m not in ours[step] else 'TRL'})")
            d = rel(float(ours[step][m]), float(theirs[step][m]), metric_floor(m, beta))
            if d > worst.get(m, (-1,))[0]:
                worst[m] = (d, step)
            if d > limits[m] and first_fail is None:
                first_fail = (step, m, ours[step][m], theirs[step][m], d)
    table = ", ".join(f"{m} {worst[m][0]:.1e}@{worst[m][1]}" for m in METRICS)
    widened = [f"{m} {limits[m]:.1e}" for m in METRICS if limits[m] > TOLERANCE]
    ok = first_fail is None
    line = f"{name:<22} metrics, max relative difference (@step) over {steps} steps: {table}"
    if widened:
        line += f"\n       limit {TOLERANCE:.0e} except (twice TRL's eager-vs-sdpa floor): " + ", ".join(widened)
    if not ok:
        s, m, a, b, d = first_fail
        line += f"\n       first over its limit: step {s}, {m}: ours {a!r}, TRL {b!r} (relative {d:.2e})"
        bad = [f"{m} (worst at step {worst[m][1]})" for m in METRICS if worst[m][0] > limits[m]]
        line += "\n       over the limit: " + ", ".join(bad)
    return t.check(ok, line)


def check_recipe(name, c, ours, theirs, t):
    """What the recipe sets is visible in TRL's log: the clip engaged at every
    step (TRL's pre-clip grad norm above max_grad_norm), and warmup's first
    step at learning rate 0."""
    ok = True
    steps = range(1, c["steps"] + 1)
    if c["clip_engaged"]:
        norms = [float(theirs[s]["grad_norm"]) for s in steps]
        ok &= t.check(min(norms) > c["max_grad_norm"],
                      f"{name:<22} the clip engages: TRL's pre-clip grad norm {min(norms):.3g}..{max(norms):.3g} "
                      f"> max_grad_norm {c['max_grad_norm']} at every step")
    if c["warmup"] > 0:
        lrs = [float(theirs[s]["learning_rate"]) for s in steps]
        ours_lrs = [float(ours[s]["learning_rate"]) for s in steps]
        ok &= t.check(lrs[0] == 0.0 and ours_lrs[0] == 0.0 and ours_lrs == lrs,
                      f"{name:<22} {c['schedule']} schedule with warmup {c['warmup']}: learning rates per step "
                      f"equal TRL's exactly (first 0): {', '.join(f'{x:.3g}' for x in ours_lrs)}")
    return ok


def check_same_run(a, b, ours, work, t):
    """Two of our runs that must give the same numbers (e.g. prefix sharing
    on and off): every metric and every adapter tensor after every step."""
    from safetensors.torch import load_file
    steps = sorted(set(ours[a]) & set(ours[b]))
    if not steps or set(ours[a]) != set(ours[b]):
        return t.check(False, f"{a} / {b}: the runs logged different steps")
    metric = max(abs(float(ours[a][s][m]) - float(ours[b][s][m])) for s in steps for m in METRICS)
    tensor = 0.0
    for s in steps:
        pa, pb = (os.path.join(work, f"ours-{n}", "checkpoints", f"step-{s}", "adapter", "adapter_model.safetensors")
                  for n in (a, b))
        wa, wb = load_file(pa), load_file(pb)
        if set(wa) != set(wb):
            return t.check(False, f"{a} / {b}: the adapters after step {s} hold different tensors")
        tensor = max([tensor] + [(wa[k] - wb[k]).abs().max().item() for k in wa])
    return t.check(metric == 0.0 and tensor == 0.0,
                   f"{a + ' / ' + b:<22} identical numbers: largest metric difference {metric:.1e}, largest adapter "
                   f"element difference {tensor:.1e} over {len(steps)} steps")


def elementwise_differences(ours, theirs):
    """[(max |ours - TRL| / max(max|TRL|, FLOOR), tensor name)] for every
    tensor, largest first; a missing tensor or a shape mismatch counts as inf."""
    rows = [(float("inf"), k) for k in sorted(set(ours) ^ set(theirs))]
    for k in sorted(set(ours) & set(theirs)):
        a, b = ours[k].double(), theirs[k].double()
        if a.shape != b.shape:
            rows.append((float("inf"), k))
            continue
        rows.append(((a - b).abs().max().item() / max(b.abs().max().item(), FLOOR), k))
    return sorted(rows, reverse=True)


def update_difference(ours, theirs, initial):
    """||ours - TRL|| / ||TRL - initial||, the norms over every adapter tensor
    together: how far apart the two trainings' changes to the adapter are,
    relative to the change itself. inf when the tensor sets or shapes differ."""
    if set(ours) != set(theirs) or set(theirs) != set(initial):
        return float("inf")
    diff = change = 0.0
    for k in theirs:
        a, b, w0 = ours[k].double(), theirs[k].double(), initial[k].double()
        if a.shape != b.shape or b.shape != w0.shape:
            return float("inf")
        diff += (a - b).pow(2).sum().item()
        change += (b - w0).pow(2).sum().item()
    return (diff / change) ** 0.5 if change > 0 else (0.0 if diff == 0 else float("inf"))


def compare_adapters(name, run_dir, trl_dir, trl_steps, steps, floor, t):
    """The adapter after each step N (RUN/checkpoints/step-N against TRL's
    adapter after step N) and the final RUN/adapter against TRL's saved
    adapter: update_difference within TOLERANCE, or within FLOOR_FACTOR times
    TRL's own difference at that step (floor: noise_floor) where float32
    rounding alone moves TRL further than TOLERANCE. The largest elementwise
    difference is printed beside it (information: rounding alone moves that
    one by a few 1e-4, see the module docstring)."""
    from safetensors.torch import load_file
    initial = load_file(os.path.join(run_dir, "checkpoints", "step-0", "adapter", "adapter_model.safetensors"))

    def check(step, ours, theirs, label):
        d = update_difference(ours, theirs, initial)
        if floor[step] > FLOOR_CAP:
            return t.check(False, f"{name:<22} {label}: TRL's own noise floor {floor[step]:.1e} exceeds the cap "
                                  f"{FLOOR_CAP:.0e}")
        limit = max(TOLERANCE, FLOOR_FACTOR * floor[step])
        why = "" if limit == TOLERANCE else f" (TRL against itself: {floor[step]:.1e})"
        worst = elementwise_differences(ours, theirs)[0]
        return t.check(d <= limit, f"{name:<22} {label}: ||ours - TRL|| / ||TRL - initial|| {d:.1e} <= "
                                   f"{limit:.1e}{why}; largest elementwise {worst[0]:.1e} ({worst[1]})")

    ok = True
    for step in range(1, steps + 1):
        path = os.path.join(run_dir, "checkpoints", f"step-{step}", "adapter", "adapter_model.safetensors")
        if step not in trl_steps or not os.path.exists(path):
            ok &= t.check(False, f"{name:<22} adapter after step {step}: missing here or in TRL's run")
            continue
        ok &= check(step, load_file(path), trl_steps[step], f"adapter after step {step}")
    return check(steps, load_file(os.path.join(run_dir, "adapter", "adapter_model.safetensors")),
                 load_file(os.path.join(trl_dir, "adapter_model.safetensors")),
                 "final adapter (RUN/adapter vs TRL's saved one)") and ok


def noise_floor(args, model_dir, data, tok, name, c, sdpa_metrics, sdpa_steps):
    """TRL against itself with the attention kernel changed (eager instead of
    sdpa: the same arithmetic in another order) for one case: how far float32
    rounding alone moves the metrics and the adapter. Returns
    ({metric: max relative difference over the steps},
     {step: update_difference(eager, sdpa)}), and prints a line."""
    import transformers
    from safetensors.torch import load_file
    initial = os.path.join(args.work, f"ours-{name}", "checkpoints", "step-0", "adapter")
    load = transformers.LlamaForCausalLM.from_pretrained
    try:
        transformers.LlamaForCausalLM.from_pretrained = \
            lambda *a, **k: load(*a, **{**k, "attn_implementation": "eager"})
        _, eager_m, _, eager_steps = trl_run(args, model_dir, data, tok, f"{name}-eager", initial, c)
    finally:
        transformers.LlamaForCausalLM.from_pretrained = load
    initial_weights = load_file(os.path.join(initial, "adapter_model.safetensors"))
    steps = range(1, c["steps"] + 1)
    metric = {m: max(rel(float(eager_m[s][m]), float(sdpa_metrics[s][m]), metric_floor(m, c["beta"])) for s in steps)
              for m in METRICS}
    floor = {s: update_difference(eager_steps[s], sdpa_steps[s], initial_weights) for s in steps}
    element = max(elementwise_differences(eager_steps[s], sdpa_steps[s])[0] for s in steps)
    worst = max(metric, key=metric.get)
    print(f"info {name:<22} noise floor, TRL eager vs sdpa attention: metrics up to {metric[worst]:.1e} ({worst}); "
          f"adapter ||eager - sdpa|| / ||sdpa - initial|| up to {max(floor.values()):.1e}, largest elementwise "
          f"{element[0]:.1e}", flush=True)
    return metric, floor


def main():
    args = parse_args("our DPO trainer against TRL's DPOTrainer",
                      extra=lambda ap: ap.add_argument("--only", nargs="*", choices=sorted(CASES),
                                                       help="run only these training cases (and the token checks)"))
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    started = time.time()
    model_dir = os.path.join(args.fixtures, "stories260k")
    skip = missing_fixture(os.path.join(model_dir, "model.safetensors"))
    if skip is not None:
        return skip
    import torch
    torch.set_num_threads(int(os.environ["OMP_NUM_THREADS"]))
    torch.use_deterministic_algorithms(True)
    import transformers
    transformers.logging.set_verbosity_error()
    import datasets
    datasets.disable_progress_bars()
    import warnings
    warnings.filterwarnings("ignore")
    import trl
    import peft
    print(f"torch {torch.__version__}, transformers {transformers.__version__}, peft {peft.__version__}, "
          f"trl {trl.__version__}; tolerance {TOLERANCE:.0e} relative to max(|TRL|, {FLOOR:.0e})", flush=True)

    data = os.path.normpath(os.path.join(os.path.dirname(__file__), "..", "data", "stories_preferences.jsonl"))
    records = read_jsonl(data)
    t = Tally()
    tok, how = stories_tokenizer(model_dir)
    print(f"stories260k tokenizer: {how}", flush=True)
    check_hf_tokenizer(tok, model_dir, records, t)

    ours_tokens = dump_tokens(args.cli, model_dir, data, os.path.join(args.work, "tokens-standard.jsonl"))
    standard_checked = False
    ours_metrics = {}
    for name, c in CASES.items():
        if args.only and name not in args.only:
            continue
        try:
            run_dir, ours_m = ours_run(args, model_dir, data, name, c)
            initial = os.path.join(run_dir, "checkpoints", "step-0", "adapter")
            trl_dir, trl_m, trl_dataset, trl_steps = trl_run(args, model_dir, data, tok, name, initial, c)
        except Exception as e:  # a run that cannot start is a failure of this case, not of the others
            t.check(False, f"{name:<22} {type(e).__name__}: {e}")
            continue
        ours_metrics[name] = ours_m
        if not standard_checked:
            compare_tokens("standard stories260k", ours_tokens, list(trl_dataset), t)
            standard_checked = True
        trl_metric_floor, adapter_floor = noise_floor(args, model_dir, data, tok, name, c, trl_m, trl_steps)
        compare_metrics(name, ours_m, trl_m, c["steps"], c["beta"], trl_metric_floor, t)
        check_recipe(name, c, ours_m, trl_m, t)
        compare_adapters(name, run_dir, trl_dir, trl_steps, c["steps"], adapter_floor, t)
    for a, b in SAME_RUN:
        if a in ours_metrics and b in ours_metrics:
            check_same_run(a, b, ours_metrics, args.work, t)

    if not args.only:
        check_conversational(args, t)
    print(f"{t.passed} passed, {t.failed} failed ({time.time() - started:.0f} s)")
    return 0 if t.failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""Parity: our DPO trainer against TRL's DPOTrainer, step by step.

Training (stories260k fixture, tests/data/stories_preferences.jsonl, fp32 on
the CPU, no dropout, 5 steps of 4 pairs in file order):
  ours   hialign-cli train --no-shuffle --save-initial --eval-fraction 0 ...
  theirs trl.DPOTrainer (a subclass with a SequentialSampler) on a
         transformers LlamaForCausalLM + peft.PeftModel.from_pretrained(
         our RUN/checkpoints/step-0/adapter, is_trainable=True), so both start
         from the same adapter; the same beta, learning rate (constant, no
         warmup), AdamW (betas 0.9/0.999, eps 1e-8, weight decay), gradient
         clipping and batch size.
For each loss both support (sigmoid, ipo, hinge, robust with label smoothing
0.1, and sigmoid plus the NLL term: ours --sft-weight W, TRL 1.16
loss_type=["sigmoid", "sft"] with loss_weights=[1, W]; TRL 1.16 has no
rpo_alpha), per step:
  loss, rewards/chosen, rewards/rejected, rewards/margins, rewards/accuracies,
  logps/chosen, logps/rejected, grad_norm (before clipping)
must agree within 1e-4 relative, the denominator being max(|TRL's value|,
1e-2) (rewards and margins are exactly 0 at step 1, when the adapter's B is 0);
and every tensor of our RUN/adapter/adapter_model.safetensors must equal TRL's
saved adapter within 1e-4 of max(max|TRL's tensor|, 1e-2); so must our
RUN/checkpoints/step-N adapters and TRL's adapter after each step N (these
name the step where the two first part). An "info" line (not a check) gives
the float32 noise floor: TRL against itself with eager instead of sdpa
attention, sigmoid case. With lr 1e-2 that floor is about 3e-4 on the
adapter: AdamW's first steps divide tiny gradient elements (|g| ~ 1e-6,
near eps 1e-8) by their own magnitude, so rounding in them shows in the
update; the adapter checks at 1e-4 are below that floor and fail even when
only rounding differs.

Tokenization: our `train --dump-tokens` prompt/chosen/rejected ids must equal
the columns prompt_ids/chosen_ids/rejected_ids of TRL's tokenized train
dataset, for
  - the standard form (stories260k, the preference file above; TRL adds the
    EOS text to chosen/rejected and splits prompt+completion at the common
    prefix with the tokenized prompt);
  - the conversational form on the Llama 3 and Qwen3 fixture tokenizers
    (their chat templates), through TRL's own DPOTrainer._prepare_dataset.
stories260k has no chat template, so TRL cannot tokenize conversational
records for it (ours uses its "plain" format there): not compared.

The stories260k tokenizer is sentencepiece's tokenizer.model. Without the
protobuf package (not in the pinned environment) transformers cannot convert
it, so the HF tokenizer is built as transformers' converter builds it (vocab in
id order, merges from transformers' generate_merges, LlamaTokenizer with the
fixture's tokenizer_config.json settings) and is checked first against the
sentencepiece package on every text of the file; with protobuf present,
AutoTokenizer is used.

Usage: trl_dpo.py --cli PATH --fixtures DIR --work DIR [--only CASE]
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
FLOOR = 1e-2
STEPS = 5
SEED = 7
HYPER = dict(batch=4, lr=1e-2, beta=0.1, rank=4, alpha=8, weight_decay=0.01, max_grad_norm=1.0)
METRICS = ["loss", "rewards/chosen", "rewards/rejected", "rewards/margins", "rewards/accuracies",
           "logps/chosen", "logps/rejected", "grad_norm"]
SFT_WEIGHT = 0.5
# name: (our flags, TRL's loss_type, loss_weights, label_smoothing)
CASES = {
    "sigmoid": (["--loss", "sigmoid"], ["sigmoid"], None, 0.0),
    "ipo": (["--loss", "ipo"], ["ipo"], None, 0.0),
    "hinge": (["--loss", "hinge"], ["hinge"], None, 0.0),
    "robust": (["--loss", "robust", "--label-smoothing", "0.1"], ["robust"], None, 0.1),
    "sigmoid+nll": (["--loss", "sigmoid", "--sft-weight", str(SFT_WEIGHT)], ["sigmoid", "sft"],
                    [1.0, SFT_WEIGHT], 0.0),
}

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


def rel(ours, theirs):
    return abs(ours - theirs) / max(abs(theirs), FLOOR)


def read_jsonl(path):
    with open(path) as f:
        return [json.loads(line) for line in f if line.strip()]


def dump_tokens(cli, model_dir, data, out):
    run([cli, "train", model_dir, "--data", data, "--dump-tokens", out])
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

def compare_tokens(name, ours, theirs, t):
    """ours: dump-tokens rows; theirs: rows with prompt_ids/chosen_ids/rejected_ids."""
    if len(ours) != len(theirs):
        return t.check(False, f"{name:<22} {len(ours)} pairs here, {len(theirs)} in TRL's dataset")
    diffs = [(a.get("line"), col, list(a[col]), list(b[col])) for a, b in zip(ours, theirs)
             for col in ("prompt_ids", "chosen_ids", "rejected_ids") if list(a[col]) != list(b[col])]
    if not diffs:
        return t.check(True, f"{name:<22} prompt/chosen/rejected ids of {len(ours)} records equal TRL's")
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
        ours = dump_tokens(args.cli, folder, path, os.path.join(args.work, f"tokens-{name}.jsonl"))
        tok = transformers.AutoTokenizer.from_pretrained(folder)
        explicit = [r for r in CONVERSATIONS if "prompt" in r]
        implicit = [r for r in CONVERSATIONS if "prompt" not in r]   # TRL's extract_prompt
        theirs = trl_prepare(explicit, tok, args.work) + trl_prepare(implicit, tok, args.work)
        ours = [o for o in ours if "prompt" in CONVERSATIONS[o["index"]]] + \
               [o for o in ours if "prompt" not in CONVERSATIONS[o["index"]]]
        ok &= compare_tokens(f"conversational {name}", ours, theirs, t)
    return ok


# --- training --------------------------------------------------------------

def ours_run(args, model_dir, data, name, flags):
    run_dir = os.path.join(args.work, f"ours-{name}")
    h = HYPER
    run([args.cli, "train", model_dir, "--data", data, "--out", run_dir, "--strategy", "full",
         "--rank", str(h["rank"]), "--alpha", str(h["alpha"]), "--dropout", "0", *flags,
         "--steps", str(STEPS), "--batch", str(h["batch"]), "--grad-accum", "1", "--lr", str(h["lr"]),
         "--beta", str(h["beta"]), "--schedule", "constant", "--warmup", "0",
         "--weight-decay", str(h["weight_decay"]), "--max-grad-norm", str(h["max_grad_norm"]),
         "--eval-fraction", "0", "--save-every", "1", "--no-shuffle", "--save-initial",
         "--seed", str(SEED), "--device", "cpu", "--dtype", "float32", "--quiet"])
    metrics = {m["step"]: m for m in read_jsonl(os.path.join(run_dir, "metrics.jsonl")) if "step" in m}
    return run_dir, metrics


def trl_run(args, model_dir, data, tok, name, initial_adapter, loss_type, loss_weights, label_smoothing):
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
    h = HYPER
    base = transformers.LlamaForCausalLM.from_pretrained(model_dir, dtype=torch.float32)
    model = PeftModel.from_pretrained(base, initial_adapter, is_trainable=True)
    out_dir = os.path.join(args.work, f"trl-{name}")
    cfg = DPOConfig(
        output_dir=out_dir, per_device_train_batch_size=h["batch"], gradient_accumulation_steps=1,
        max_steps=STEPS, learning_rate=h["lr"], lr_scheduler_type="constant", warmup_steps=0,
        optim="adamw_torch", adam_beta1=0.9, adam_beta2=0.999, adam_epsilon=1e-8,
        weight_decay=h["weight_decay"], max_grad_norm=h["max_grad_norm"], beta=h["beta"],
        loss_type=loss_type, loss_weights=loss_weights, label_smoothing=label_smoothing,
        logging_steps=1, save_strategy="no", report_to=[], use_cpu=True, bf16=False, fp16=False,
        gradient_checkpointing=False, dataloader_num_workers=0, seed=SEED, data_seed=SEED,
        disable_dropout=True, precompute_ref_log_probs=False, disable_tqdm=True)
    trainer = SequentialDPOTrainer(model=model, args=cfg, train_dataset=Dataset.from_list(read_jsonl(data)),
                                   processing_class=tok, callbacks=[KeepAdapters()])
    with contextlib.redirect_stdout(io.StringIO()):   # the Trainer prints every log dict
        trainer.train()
    trainer.save_model(out_dir)
    with open(os.path.join(out_dir, "log_history.json"), "w") as f:
        json.dump([e for e in trainer.state.log_history if "rewards/chosen" in e], f)
    metrics = {e["step"]: e for e in trainer.state.log_history if "rewards/chosen" in e}
    return out_dir, metrics, trainer.train_dataset, adapters


def compare_metrics(name, ours, theirs, t):
    worst = {}
    first_fail = None
    for step in range(1, STEPS + 1):
        if step not in ours or step not in theirs:
            return t.check(False, f"{name:<22} step {step} is missing from "
                                  f"{'our metrics.jsonl' if step not in ours else 'TRL log_history'}")
        for m in METRICS:
            if m not in ours[step] or m not in theirs[step]:
                return t.check(False, f"{name:<22} step {step}: metric {m} missing "
                                      f"({'ours' if m not in ours[step] else 'TRL'})")
            d = rel(float(ours[step][m]), float(theirs[step][m]))
            if d > worst.get(m, (-1,))[0]:
                worst[m] = (d, step)
            if d > TOLERANCE and first_fail is None:
                first_fail = (step, m, ours[step][m], theirs[step][m], d)
    table = ", ".join(f"{m} {worst[m][0]:.1e}@{worst[m][1]}" for m in METRICS)
    ok = first_fail is None
    line = f"{name:<22} metrics, max relative difference (@step) over {STEPS} steps: {table}"
    if not ok:
        s, m, a, b, d = first_fail
        line += f"\n       first over {TOLERANCE:.0e}: step {s}, {m}: ours {a!r}, TRL {b!r} (relative {d:.2e})"
        bad = [f"{m} (worst at step {worst[m][1]})" for m in METRICS if worst[m][0] > TOLERANCE]
        line += "\n       over tolerance: " + ", ".join(bad)
    return t.check(ok, line)


def adapter_differences(ours, theirs):
    """[(relative difference, tensor name)] for every tensor, largest first;
    a missing tensor or a shape mismatch counts as inf."""
    rows = [(float("inf"), k) for k in sorted(set(ours) ^ set(theirs))]
    for k in sorted(set(ours) & set(theirs)):
        a, b = ours[k].double(), theirs[k].double()
        if a.shape != b.shape:
            rows.append((float("inf"), k))
            continue
        rows.append(((a - b).abs().max().item() / max(b.abs().max().item(), FLOOR), k))
    return sorted(rows, reverse=True)


def compare_adapters(name, run_dir, trl_dir, trl_steps, t):
    """Final: RUN/adapter against TRL's saved adapter (checked). Each step:
    RUN/checkpoints/step-N/adapter against TRL's adapter after step N (also
    checked: it names the step where the two first part)."""
    from safetensors.torch import load_file
    per_step = []
    for step in range(1, STEPS + 1):
        path = os.path.join(run_dir, "checkpoints", f"step-{step}", "adapter", "adapter_model.safetensors")
        if step not in trl_steps or not os.path.exists(path):
            per_step.append((step, [(float("inf"), "missing adapter")]))
            continue
        per_step.append((step, adapter_differences(load_file(path), trl_steps[step])))
    final = adapter_differences(load_file(os.path.join(run_dir, "adapter", "adapter_model.safetensors")),
                                load_file(os.path.join(trl_dir, "adapter_model.safetensors")))
    ok = True
    for step, rows in per_step:
        bad = [(d, k) for d, k in rows if d > TOLERANCE]
        ok &= t.check(not bad, f"{name:<22} adapter after step {step}: max relative difference {rows[0][0]:.1e} "
                               f"({rows[0][1]})" + (f"; {len(bad)} of {len(rows)} tensors over {TOLERANCE:.0e}"
                                                    if bad else ""))
    bad = [(d, k) for d, k in final if d > TOLERANCE]
    line = (f"{name:<22} final adapter (RUN/adapter vs TRL's saved adapter), {len(final)} tensors: "
            f"max relative difference {final[0][0]:.1e} ({final[0][1]})")
    if bad:
        line += f"\n       {len(bad)} tensors over {TOLERANCE:.0e}, worst: " + \
                ", ".join(f"{k} {d:.1e}" for d, k in bad[:4])
    return t.check(not bad, line) and ok


def noise_floor(args, model_dir, data, tok):
    """Information, not a check: TRL against itself with the attention kernel
    changed (eager instead of sdpa, the same arithmetic in another order), on
    the sigmoid case: how far float32 rounding alone moves these numbers."""
    import transformers
    initial = os.path.join(args.work, "ours-sigmoid", "checkpoints", "step-0", "adapter")
    if not os.path.exists(initial):
        return
    flags, loss_type, loss_weights, ls = CASES["sigmoid"]
    load = transformers.LlamaForCausalLM.from_pretrained
    try:
        transformers.LlamaForCausalLM.from_pretrained = \
            lambda *a, **k: load(*a, **{**k, "attn_implementation": "eager"})
        _, eager_m, _, eager_steps = trl_run(args, model_dir, data, tok, "sigmoid-eager", initial, loss_type,
                                             loss_weights, ls)
    finally:
        transformers.LlamaForCausalLM.from_pretrained = load
    from safetensors.torch import load_file
    sdpa_m = {e["step"]: e for e in json.load(open(os.path.join(args.work, "trl-sigmoid", "log_history.json")))}
    sdpa_final = load_file(os.path.join(args.work, "trl-sigmoid", "adapter_model.safetensors"))
    metric = max(rel(float(eager_m[s][m]), float(sdpa_m[s][m])) for s in range(1, STEPS + 1) for m in METRICS)
    adapter = adapter_differences(eager_steps[STEPS], sdpa_final)[0]
    print(f"info sigmoid noise floor  TRL sdpa vs TRL eager attention: metrics {metric:.1e}, adapter after step "
          f"{STEPS} {adapter[0]:.1e} ({adapter[1]})", flush=True)


def main():
    args = parse_args("our DPO trainer against TRL's DPOTrainer")
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
    for name, (flags, loss_type, loss_weights, ls) in CASES.items():
        try:
            run_dir, ours_m = ours_run(args, model_dir, data, name, flags)
            initial = os.path.join(run_dir, "checkpoints", "step-0", "adapter")
            trl_dir, trl_m, trl_dataset, trl_steps = trl_run(args, model_dir, data, tok, name, initial, loss_type,
                                                  loss_weights, ls)
        except Exception as e:  # a run that cannot start is a failure of this case, not of the others
            t.check(False, f"{name:<22} {type(e).__name__}: {e}")
            continue
        if not standard_checked:
            compare_tokens("standard stories260k", ours_tokens, list(trl_dataset), t)
            standard_checked = True
        compare_metrics(name, ours_m, trl_m, t)
        compare_adapters(name, run_dir, trl_dir, trl_steps, t)

    noise_floor(args, model_dir, data, tok)
    check_conversational(args, t)
    print(f"{t.passed} passed, {t.failed} failed ({time.time() - started:.0f} s)")
    return 0 if t.failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())

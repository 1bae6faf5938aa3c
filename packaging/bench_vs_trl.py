#!/usr/bin/env python3
"""Our DPO step against TRL's, side by side on the same shapes, interleaved.

A random Llama of the given shape (12 layers, hidden 256, 8/4 heads,
intermediate 688), 4 pairs, LoRA r 16 / alpha 32 on all seven projections,
float32 on the CPU, in three shapes: (64 prompt + 64 completion) tokens at
vocabularies 512 and 32000, and a long prompt (256 + 64) at 32000.
  TRL      DPOTrainer.training_step (policy and reference forward, sigmoid loss,
           backward) + AdamW step, transformers + PEFT.
  ours     hialign-cli bench dpo (the same work) for Full-DPO and Global-Align,
           with the default shared prompt.
  default  the same for Full-DPO on a second build (--default-cli: the build
           run.sh and the DEB use), compared with ours.
Each round runs TRL, ours and the default build in turn, so drift on a
shared machine hits every side alike. Prints the minimum and the median step
time per side, the ratios of the minimums (the goals) and of the medians,
and where our Full step's time goes. Benchmark only; nothing in the product
imports Python.

Usage: bench_vs_trl.py --cli PATH [--default-cli PATH] [--threads N]
                       [--rounds R] [--repeats K] [--shapes NAME...]
"""
import argparse
import warnings
import json
import os
import statistics
import subprocess
import tempfile
import time

SHAPE = dict(layers=12, hidden=256, heads=8, kv_heads=4, intermediate=688)
PAIRS, RANK = 4, 16
MODULES = ["q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj"]
# name: (vocabulary, prompt tokens, completion tokens)
SHAPES = {"v512": (512, 64, 64), "v32000": (32000, 64, 64), "long-prompt": (32000, 256, 64)}
GOALS = {"v512": (0.70, 0.33), "v32000": (0.40, None), "long-prompt": (0.60, None)}


def trl_stepper(vocab, prompt, completion, threads, work):
    import torch
    import transformers
    import datasets
    from datasets import Dataset
    from peft import LoraConfig
    from tokenizers import Tokenizer
    from tokenizers.models import WordLevel
    from trl import DPOConfig, DPOTrainer
    from trl.trainer.dpo_trainer import DataCollatorForPreference

    torch.set_num_threads(threads)
    torch.manual_seed(0)
    datasets.disable_progress_bars()
    cfg = transformers.LlamaConfig(vocab_size=vocab, hidden_size=SHAPE["hidden"], num_hidden_layers=SHAPE["layers"],
                                   num_attention_heads=SHAPE["heads"], num_key_value_heads=SHAPE["kv_heads"],
                                   intermediate_size=SHAPE["intermediate"], max_position_embeddings=4096,
                                   rms_norm_eps=1e-5, tie_word_embeddings=False)
    model = transformers.LlamaForCausalLM(cfg).float()
    words = Tokenizer(WordLevel(vocab={f"t{i}": i for i in range(vocab)}, unk_token="t0"))
    tok = transformers.PreTrainedTokenizerFast(tokenizer_object=words, pad_token="t0", eos_token="t1")
    data = Dataset.from_list([{"prompt": "t5 t6", "chosen": " t7", "rejected": " t8"}] * PAIRS)
    args = DPOConfig(output_dir=os.path.join(work, f"trl-{vocab}-{prompt}"), per_device_train_batch_size=PAIRS, beta=0.1,
                     learning_rate=1e-4, max_length=prompt + completion, use_cpu=True, report_to=[],
                     bf16=False, fp16=False, gradient_checkpointing=False, dataloader_num_workers=0,
                     logging_strategy="no", save_strategy="no")
    trainer = DPOTrainer(model=model, args=args, train_dataset=data, processing_class=tok,
                         peft_config=LoraConfig(r=RANK, lora_alpha=2 * RANK, target_modules=MODULES,
                                                lora_dropout=0.0))
    trainer.create_optimizer()
    trainer.current_gradient_accumulation_steps = 1   # set by the training loop, which is not used here
    gen = torch.Generator().manual_seed(1)
    ids = lambda n: torch.randint(3, vocab, (n,), generator=gen).tolist()
    examples = [{"prompt_ids": ids(prompt), "chosen_ids": ids(completion), "rejected_ids": ids(completion)}
                for _ in range(PAIRS)]
    batch = DataCollatorForPreference(pad_token_id=0)(examples)
    trainer.model.train()

    def step():
        t0 = time.perf_counter()
        trainer.optimizer.zero_grad()
        trainer.training_step(trainer.model, dict(batch))
        trainer.optimizer.step()
        return (time.perf_counter() - t0) * 1000
    return step


def ours(cli, vocab, prompt, completion, threads, repeats, strategies, profile=False):
    """Step times (ms) per strategy from one bench dpo process, and its profile."""
    shape = ",".join(f"{k}={v}" for k, v in SHAPE.items()) + f",vocab={vocab}"
    env = dict(os.environ, OMP_NUM_THREADS=str(threads))
    cmd = [cli, "bench", "dpo", shape, "--batch", str(PAIRS), "--prompt-tokens", str(prompt),
           "--completion-tokens", str(completion), "--rank", str(RANK), "--repeats", str(repeats),
           "--device", "cpu", "--dtype", "float32", "--json", "--strategies", ",".join(strategies)]
    if profile:
        cmd.append("--profile")
    p = subprocess.run(cmd, capture_output=True, text=True, env=env, check=True)
    out = json.loads(p.stdout)
    return {r["strategy"]: r["times_ms"] for r in out["rows"]}, out.get("profile")


def stats(times):
    return min(times), statistics.median(times)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--cli", required=True, help="hialign-cli of the build to compare with TRL")
    ap.add_argument("--default-cli", help="hialign-cli of the default build (run.sh, the DEB)")
    ap.add_argument("--threads", type=int, default=os.cpu_count())
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--repeats", type=int, default=2)
    ap.add_argument("--shapes", nargs="+", default=list(SHAPES), choices=list(SHAPES))
    args = ap.parse_args()
    if args.rounds < 5:
        ap.error("--rounds must be at least 5: fewer do not measure anything on a shared machine")
    warnings.filterwarnings("ignore")
    import platform
    import torch
    import peft
    import transformers
    import trl
    cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "?")
    print(f"DPO step, CPU float32, {args.threads} threads on {cpu} ({platform.machine()}); {SHAPE['layers']} layers, "
          f"hidden {SHAPE['hidden']}, {SHAPE['heads']}/{SHAPE['kv_heads']} heads, intermediate "
          f"{SHAPE['intermediate']}; {PAIRS} pairs; LoRA r {RANK} on all seven projections")
    print(f"torch {torch.__version__}, transformers {transformers.__version__}, peft {peft.__version__}, "
          f"trl {trl.__version__}; {args.rounds} interleaved rounds of {args.repeats} steps per side; "
          f"ratios of the minimum step times (medians in brackets)\n")
    header = (f"{'shape':<12} {'vocab':>6} {'tokens':>9} {'TRL full ms':>16} {'ours full ms':>16} "
              f"{'ours global ms':>16} {'full/TRL':>15} {'global/TRL':>15}")
    if args.default_cli:
        header += f" {'default full ms':>16} {'default/ours':>15}"
    print(header + "    (ms: min / median)")
    profile = None
    with tempfile.TemporaryDirectory() as work:
        for name in args.shapes:
            vocab, prompt, completion = SHAPES[name]
            step = trl_stepper(vocab, prompt, completion, args.threads, work)
            for _ in range(2):   # warm-up
                step()
            trl_ms, full_ms, global_ms, default_ms = [], [], [], []
            for r in range(args.rounds):
                trl_ms += [step() for _ in range(args.repeats)]
                times, prof = ours(args.cli, vocab, prompt, completion, args.threads, args.repeats,
                                   ["full", "global"], profile=(r == 0 and name == args.shapes[0]))
                profile = profile or prof
                full_ms += times["full"]
                global_ms += times["global"]
                if args.default_cli:
                    d, _ = ours(args.default_cli, vocab, prompt, completion, args.threads, args.repeats, ["full"])
                    default_ms += d["full"]
            t, f, g = stats(trl_ms), stats(full_ms), stats(global_ms)
            cell = lambda s: f"{s[0]:.0f} / {s[1]:.0f}"
            ratio = lambda a, b: f"{a[0] / b[0]:.2f}x ({a[1] / b[1]:.2f}x)"
            line = (f"{name:<12} {vocab:>6} {f'{prompt}+{completion}':>9} {cell(t):>16} {cell(f):>16} "
                    f"{cell(g):>16} {ratio(f, t):>15} {ratio(g, t):>15}")
            if args.default_cli:
                d = stats(default_ms)
                line += f" {cell(d):>16} {ratio(d, f):>15}"
            print(line, flush=True)
    print("\nGoals (ratios of the minimums): ours Full-DPO <= 0.70x TRL's at vocab 512, <= 0.40x at 32000, "
          "<= 0.60x on the long prompt; Global-Align <= 0.33x TRL's Full-DPO at vocab 512; the default build "
          "<= 1.25x ours.")
    if profile:
        total = sum(p["ms"] for p in profile["phases"])
        print(f"\nWhere our {profile['strategy']} step's time goes ({args.shapes[0]}, median of {args.repeats} "
              f"profiled steps, {total:.0f} ms):")
        for p in profile["phases"]:
            print(f"  {p['phase']:<46} {p['ms']:8.1f} ms {100 * p['ms'] / total:5.1f}%")
        a = profile["attention_forward_ms"]
        print(f"  {'of the forward layers: attention kernels':<46} {a:8.1f} ms {100 * a / total:5.1f}%")


if __name__ == "__main__":
    main()

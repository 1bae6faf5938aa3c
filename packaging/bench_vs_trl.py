#!/usr/bin/env python3
"""Our DPO step against TRL's, side by side on the same shapes, interleaved.

For each vocabulary size: a random Llama of the given shape (12 layers,
hidden 256, 8/4 heads, intermediate 688), 4 pairs x (64 prompt + 64
completion) tokens, LoRA r 16 / alpha 32 on all seven projections.
  TRL   DPOTrainer.training_step (policy and reference forward, sigmoid loss,
        backward) + AdamW step, transformers + PEFT, float32 on the CPU.
  ours  hialign-cli bench dpo (the same work) for Full-DPO and Global-Align.
Rounds alternate TRL and ours so that drift on a shared machine hits both.
Prints one table row per vocabulary size with the ratios to TRL's Full-DPO
step. Benchmark only; nothing in the product imports Python.

Usage: bench_vs_trl.py --cli PATH [--threads N] [--rounds R] [--repeats K]
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
PAIRS, PROMPT, COMPLETION, RANK = 4, 64, 64, 16
MODULES = ["q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj"]


def trl_stepper(vocab, threads, work):
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
    args = DPOConfig(output_dir=os.path.join(work, f"trl-{vocab}"), per_device_train_batch_size=PAIRS, beta=0.1,
                     learning_rate=1e-4, max_length=PROMPT + COMPLETION, use_cpu=True, report_to=[],
                     bf16=False, fp16=False, gradient_checkpointing=False, dataloader_num_workers=0,
                     logging_strategy="no", save_strategy="no")
    trainer = DPOTrainer(model=model, args=args, train_dataset=data, processing_class=tok,
                         peft_config=LoraConfig(r=RANK, lora_alpha=2 * RANK, target_modules=MODULES,
                                                lora_dropout=0.0))
    trainer.create_optimizer()
    trainer.current_gradient_accumulation_steps = 1   # set by the training loop, which is not used here
    gen = torch.Generator().manual_seed(1)
    ids = lambda n: torch.randint(3, vocab, (n,), generator=gen).tolist()
    examples = [{"prompt_ids": ids(PROMPT), "chosen_ids": ids(COMPLETION), "rejected_ids": ids(COMPLETION)}
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


def ours(cli, vocab, threads, repeats):
    shape = ",".join(f"{k}={v}" for k, v in SHAPE.items()) + f",vocab={vocab}"
    env = dict(os.environ, OMP_NUM_THREADS=str(threads))
    p = subprocess.run([cli, "bench", "dpo", shape, "--batch", str(PAIRS), "--prompt-tokens", str(PROMPT),
                        "--completion-tokens", str(COMPLETION), "--rank", str(RANK), "--repeats", str(repeats),
                        "--device", "cpu", "--dtype", "float32", "--json"],
                       capture_output=True, text=True, env=env, check=True)
    rows = {r["strategy"]: r for r in json.loads(p.stdout)["rows"]}
    return rows["full"]["mean_ms"], rows["global"]["mean_ms"], rows["global"]["shared_layers"]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--cli", required=True)
    ap.add_argument("--threads", type=int, default=os.cpu_count())
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--vocab", type=int, nargs="+", default=[512, 32000])
    args = ap.parse_args()
    warnings.filterwarnings("ignore")
    import torch
    import peft
    import transformers
    import trl
    print(f"DPO step, CPU float32, {args.threads} threads; {SHAPE['layers']} layers, hidden {SHAPE['hidden']}, "
          f"{SHAPE['heads']}/{SHAPE['kv_heads']} heads, intermediate {SHAPE['intermediate']}; {PAIRS} pairs x "
          f"({PROMPT} + {COMPLETION}) tokens; LoRA r {RANK} on all seven projections")
    print(f"torch {torch.__version__}, transformers {transformers.__version__}, peft {peft.__version__}, "
          f"trl {trl.__version__}; {args.rounds} interleaved rounds of {args.repeats} steps each\n")
    print(f"{'vocab':>6} {'TRL full ms':>12} {'ours full ms':>13} {'ours global ms':>15} "
          f"{'full/TRL':>9} {'global/TRL full':>16}")
    with tempfile.TemporaryDirectory() as work:
        for vocab in args.vocab:
            step = trl_stepper(vocab, args.threads, work)
            for _ in range(2):   # warm-up
                step()
            trl_ms, full_ms, global_ms = [], [], []
            shared = 0
            for _ in range(args.rounds):
                trl_ms += [step() for _ in range(args.repeats)]
                f, g, shared = ours(args.cli, vocab, args.threads, args.repeats)
                full_ms.append(f)
                global_ms.append(g)
            t, f, g = statistics.median(trl_ms), statistics.median(full_ms), statistics.median(global_ms)
            print(f"{vocab:>6} {t:>12.1f} {f:>13.1f} {g:>15.1f} {f / t:>8.2f}x {g / t:>15.2f}x")
    print(f"\nGoals: ours Full-DPO <= 0.80x TRL's; ours Global-Align <= 0.45x TRL's Full-DPO. Global-Align runs "
          f"the {shared} frozen lower layers once for policy and reference (prefix sharing).")


if __name__ == "__main__":
    main()

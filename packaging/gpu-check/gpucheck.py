#!/usr/bin/env python3
"""Checks and summary of packaging/gpu-check.sh (test and benchmark code only).

  gpucheck.py training WHOLE_RUN PARTS_RUN --mode gpu|cpu-smoke   -> JSON on stdout
  gpucheck.py summary OUT_DIR --mode gpu|cpu-smoke --seconds N    -> OUT_DIR/gpu-check.json, a table;
                                                                     exit 1 when a check failed
"""
import argparse
import json
import math
import os
import struct
import sys

H200_BF16_TFLOPS = 790.0   # dense bf16 peak of the H200 card
COMPARED = ("loss", "rewards/margins", "rewards/chosen", "rewards/rejected", "grad_norm")


def read_jsonl(path):
    with open(path) as f:
        return [json.loads(line) for line in f if line.strip()]


def safetensors_names(path):
    with open(path, "rb") as f:
        (n,) = struct.unpack("<Q", f.read(8))
        header = json.loads(f.read(n))
    return [k for k in header if k != "__metadata__"]


def training(args):
    whole, parts = args.whole, args.parts
    r = {"checks": {}}
    try:
        run = json.load(open(os.path.join(whole, "run.json")))
        plan = run["layer_plan"]
        n, (_, cut2) = plan["num_layers"], plan["cuts"]
        top_block = list(range(cut2, n))
        metrics = read_jsonl(os.path.join(whole, "metrics.jsonl"))
        evals = [m["eval_rewards/margins"] for m in metrics if "eval_rewards/margins" in m]
        steps = [m["rewards/margins"] for m in metrics if "rewards/margins" in m]
        r.update(device=run["device"], dtype=run["dtype"], status=run["status"], eval_margins=evals,
                 first_step_margins=steps[:3], last_step_margins=steps[-3:])
        r["checks"]["finished"] = run["status"] == "finished"
        r["checks"]["margins_rise"] = len(evals) >= 2 and evals[-1] > evals[0] and evals[-1] > 0
        cfg = json.load(open(os.path.join(whole, "adapter", "adapter_config.json")))
        names = safetensors_names(os.path.join(whole, "adapter", "adapter_model.safetensors"))
        layers = sorted({int(k.split(".layers.")[1].split(".")[0]) for k in names})
        r.update(top_block=top_block, adapter_layers=layers, layers_to_transform=cfg.get("layers_to_transform"))
        r["checks"]["adapter_only_on_top_block"] = (plan["layers"] == top_block and layers == top_block
                                                    and cfg.get("layers_to_transform") == top_block)
        # Kill and resume: the resumed run's metrics equal the uninterrupted run's.
        prun = json.load(open(os.path.join(parts, "run.json")))
        pm = read_jsonl(os.path.join(parts, "metrics.jsonl"))
        worst = 0.0
        same_lines = len(pm) == len(metrics) and all(a.get("step") == b.get("step") for a, b in zip(metrics, pm))
        for a, b in zip(metrics, pm):
            for key in COMPARED:
                for k in (key, "eval_" + key):
                    if k in a and k in b:
                        worst = max(worst, abs(a[k] - b[k]) / max(1.0, abs(a[k])))
        # CPU kernels are deterministic; CUDA reductions (atomics in backward) need not be.
        tol = 1e-6 if args.mode == "cpu-smoke" else 1e-3
        checkpoints = sorted(os.listdir(os.path.join(parts, "checkpoints")))
        r.update(resume_max_relative_difference=worst, resume_tolerance=tol, parts_checkpoints=checkpoints)
        r["checks"]["resume_matches"] = prun["status"] == "finished" and same_lines and worst <= tol
        # The kill must have landed mid-run: the resume continued from a checkpoint.
        resumed = open(args.resume_log).read() if args.resume_log else ""
        r["resume_log"] = resumed.strip().splitlines()[:3]
        r["checks"]["killed_mid_run"] = "resumed from checkpoint step" in resumed
    except (OSError, KeyError, ValueError, IndexError) as e:
        r["error"] = f"{type(e).__name__}: {e}"
        r["checks"]["readable"] = False
    json.dump(r, sys.stdout, indent=2)
    print()


def load(path):
    try:
        with open(path) as f:
            return json.load(f)
    except (OSError, ValueError) as e:
        return {"error": f"{os.path.basename(path)}: {e}"}


def samples_written(out):
    """The answers-over-training stage: rounds at steps 0, 5, 10, 15 and 20,
    the same prompts in each, every answer judged."""
    try:
        with open(os.path.join(out, "run-samples", "samples.jsonl")) as f:
            lines = [json.loads(line) for line in f if line.strip()]
    except (OSError, ValueError):
        return False
    steps = [r["step"] for r in lines]
    per_step = {s: steps.count(s) for s in set(steps)}
    return (sorted(per_step) == [0, 5, 10, 15, 20] and len(set(per_step.values())) == 1
            and all(r.get("scores") for r in lines))


def summary(args):
    d = os.path.join(args.out, "stages")
    numerics, training_r = load(os.path.join(d, "numerics.json")), load(os.path.join(d, "training.json"))
    shared, unshared = load(os.path.join(d, "speed-shared.json")), load(os.path.join(d, "speed-unshared.json"))
    anchor = load(os.path.join(d, "anchor.json"))
    separate = load(os.path.join(d, "speed-separate-rows.json"))
    head_status = load(os.path.join(d, "head.status.json"))
    built, python_torch = load(os.path.join(d, "devices.json")), load(os.path.join(d, "python-torch.json"))
    gpu = args.mode == "gpu"
    checks = {
        "numerics_fp32": numerics.get("fp32_relative", math.inf) <= numerics.get("fp32_tolerance", 0),
        "numerics_bf16": numerics.get("bf16_relative", math.inf) <= numerics.get("bf16_tolerance", 0),
        "numerics_greedy_equal": bool(numerics.get("greedy_equal")),
        "speed_ran": "rows" in shared and "rows" in unshared,
        "anchor_ran": "tokens_per_second" in anchor,
        "separate_rows_ran": "rows" in separate,
        "head_ran": head_status.get("exit_status") == 0,
        "samples_ran": load(os.path.join(d, "samples.status.json")).get("exit_status") == 0,
        "samples_written": samples_written(args.out),
        # The CLI's LibTorch and the torch wheel it runs against here must agree.
        "libtorch_matches_torch": bool(built.get("libtorch"))
        and python_torch.get("torch", "").split("+")[0] == built.get("libtorch"),
    }
    if gpu:
        checks["gpu_present"] = bool(built.get("gpus"))
    for k, v in training_r.get("checks", {"ran": False}).items():
        checks["training_" + k] = bool(v)

    rows = {}
    for label, src in (("shared", shared), ("unshared", unshared)):
        for row in src.get("rows", []):
            rows[f"{row['strategy']}/{label}"] = row
    goals = {}
    full = rows.get("full/shared")
    glob = rows.get("global/shared")
    if full and glob:
        goals["global_over_full_step"] = {"value": glob["mean_ms"] / full["mean_ms"], "goal": "<= 0.55"}
    sep = next((r for r in separate.get("rows", []) if r["strategy"] == "full"), None)
    if full and sep:
        goals["shared_prompt_over_separate_rows"] = {"value": full["mean_ms"] / sep["mean_ms"], "goal": "< 1"}
    if full and "tokens_per_second" in anchor:
        goals["full_vs_anchor_tokens_per_second"] = {
            "value": full["tokens_per_second"] / anchor["tokens_per_second"], "goal": ">= 2.0 (floor 1.3)"}
        # The anchor does the same useful matmul work as our Full-DPO step.
        anchor_tflops = full["model_flops"] / (anchor["mean_ms"] / 1000.0) / 1e12
        if gpu:
            goals["mfu_full"] = {"value": full["achieved_tflops"] / H200_BF16_TFLOPS, "goal": ">= 0.40"}
            goals["mfu_anchor"] = {"value": anchor_tflops / H200_BF16_TFLOPS, "goal": "(reference)"}
    result = {"mode": args.mode, "seconds": args.seconds, "checks": checks, "ok": all(checks.values()),
              "goals": goals, "libtorch": built, "python_torch": python_torch, "numerics": numerics, "training": training_r,
              "speed": {"shared": shared, "unshared": unshared, "separate_rows": separate}, "anchor": anchor}
    with open(os.path.join(args.out, "gpu-check.json"), "w") as f:
        json.dump(result, f, indent=2)

    print(f"gpu-check ({args.mode}, {args.seconds} s): {'all checks passed' if result['ok'] else 'CHECKS FAILED'}")
    for k, v in checks.items():
        print(f"  {'ok ' if v else 'FAIL'} {k}")
    print(f"  numerics: fp32 rel {numerics.get('fp32_relative', float('nan')):.2e}, "
          f"bf16 rel {numerics.get('bf16_relative', float('nan')):.2e}")
    if rows:
        print(f"  {'strategy':<16} {'mean ms':>10} {'tokens/s':>10} {'peak MiB':>10} {'TFLOP/s':>9}")
        for k, r in rows.items():
            print(f"  {k:<16} {r['mean_ms']:>10.1f} {r['tokens_per_second']:>10.0f} "
                  f"{r['peak_memory_mb']:>10.0f} {r['achieved_tflops']:>9.3f}")
    if "tokens_per_second" in anchor:
        print(f"  {'transformers+peft':<16} {anchor['mean_ms']:>10.1f} {anchor['tokens_per_second']:>10.0f} "
              f"{anchor['peak_memory_mb']:>10.0f}")
    for k, g in goals.items():
        print(f"  goal {k}: {g['value']:.3f} ({g['goal']})")
    return 0 if result["ok"] else 1


def main():
    p = argparse.ArgumentParser()
    sub = p.add_subparsers(dest="cmd", required=True)
    t = sub.add_parser("training")
    t.add_argument("whole")
    t.add_argument("parts")
    t.add_argument("--mode", choices=("gpu", "cpu-smoke"), required=True)
    t.add_argument("--resume-log", help="output of the resume command")
    s = sub.add_parser("summary")
    s.add_argument("out")
    s.add_argument("--mode", choices=("gpu", "cpu-smoke"), required=True)
    s.add_argument("--seconds", type=int, default=0)
    args = p.parse_args()
    if args.cmd == "training":
        training(args)
        return 0
    return summary(args)


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env bash
# The prepared GPU check: one command, at most 8 minutes on one GPU.
#
#   packaging/gpu-check.sh [--cpu-smoke] [--out DIR] [--cli PATH] [--python PY] [--device DEV]
#
# Stages (each one's JSON under DIR/stages/, all of them in DIR/gpu-check.json,
# a table on stdout; docs/GPU.md explains every number):
#   1. numerics  stories260k on the device in fp32 and bf16 against the CPU in fp32
#   2. training  30-step Global-Align run on the fixture: margins rise, adapter only
#                on the top block; a SIGKILL after checkpoint 10 and `resume` match
#                the uninterrupted run; answers over training on the demo lab (a
#                round every 5 of 20 steps, on its own thread beside the training):
#                five rounds of the same prompts, every answer judged
#   3. speed     bench dpo on the Llama-3.2-1B shape, bf16, 4 pairs x (256 + 256)
#                tokens, full/local/mid/global, with and without prefix sharing, and
#                Full-DPO without prompt sharing (two rows per pair); bench head: the
#                log-prob head's peak memory, plain against fused (logs/head.txt)
#   4. anchor    the same Full-DPO step in transformers + PEFT on the same device,
#                the speed ratio, and model FLOPs utilisation (H200: 790 TFLOP/s bf16)
# --cpu-smoke runs the same stages on the CPU with a tiny shape (CI runs it so
# that this script cannot rot).
#
# hialign-cli: --cli, else $HIALIGN_CLI, else build-torch2/bundle/bin (see
# packaging/gpu-bundle.sh), else build-torch2/bin. Python: --python, else
# $PYTHON, else python3; it must import torch (and transformers + peft for
# the anchor). Its torch/lib goes on LD_LIBRARY_PATH, so a bundle built on
# another machine finds LibTorch here.
set -uo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/.." && pwd)"
smoke=0; out=""; cli="${HIALIGN_CLI:-}"; py="${PYTHON:-python3}"; device=""
while [ $# -gt 0 ]; do
  case "$1" in
    --cpu-smoke) smoke=1 ;;
    --out) out="${2:?--out needs a folder}"; shift ;;
    --cli) cli="${2:?--cli needs a path}"; shift ;;
    --python) py="${2:?--python needs a path}"; shift ;;
    --device) device="${2:?--device needs a value}"; shift ;;
    -h|--help) sed -n '2,26p' "$0"; exit 0 ;;
    *) echo "gpu-check: unknown argument \"$1\" (see --help)" >&2; exit 2 ;;
  esac
  shift
done
out="${out:-$root/gpu-check-out}"
if [ -z "$cli" ]; then
  for c in "$root/build-torch2/bundle/bin/hialign-cli" "$root/build-torch2/bin/hialign-cli"; do
    [ -x "$c" ] && { cli="$c"; break; }
  done
fi
[ -n "$cli" ] && [ -x "$cli" ] || { echo "gpu-check: no hialign-cli found (build one with packaging/gpu-bundle.sh or pass --cli)" >&2; exit 1; }
# hialign-cli finds LibTorch, the CUDA runtime (which it calls directly) and
# the bundle's libraries through LD_LIBRARY_PATH, set for it alone: Python
# keeps its own libraries (ssl, zlib) untouched.
torchlib=$("$py" -c 'import os, torch; print(os.path.join(os.path.dirname(torch.__file__), "lib"))' 2>/dev/null) \
  || { echo "gpu-check: $py cannot import torch" >&2; exit 1; }
nvlibs=$("$py" -c 'import glob, os, torch; sp = os.path.dirname(os.path.dirname(torch.__file__)); print(":".join(sorted(glob.glob(sp + "/nvidia/*/lib") + glob.glob(sp + "/nvidia/*/*/lib"))))')
bundlelib="$(cd "$(dirname "$cli")/.." && pwd)/lib"
clipath="$bundlelib:$torchlib${nvlibs:+:$nvlibs}${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
CLI=(env "LD_LIBRARY_PATH=$clipath" "$cli")
export OMP_WAIT_POLICY=PASSIVE
if ! "${CLI[@]}" devices > /dev/null 2>&1; then
  echo "gpu-check: $cli does not start here; libraries it cannot find:" >&2
  LD_LIBRARY_PATH="$clipath" ldd "$cli" | grep "not found" >&2
  exit 1
fi
fixtures="${HIALIGN_FIXTURES:-$root/../shared/fixtures}"
stories="$fixtures/stories260k"
[ -f "$stories/model.safetensors" ] || { echo "gpu-check: fixture missing: $stories" >&2; exit 1; }
prefs="$root/tests/data/stories_preferences.jsonl"

if [ $smoke = 1 ]; then
  mode=cpu-smoke; device="${device:-cpu}"
  shape="layers=4,hidden=64,heads=4,kv_heads=2,intermediate=128,vocab=256"
  pairs=2; prompt=16; completion=16; dtype=float32; repeats=2; warmup=1
  head="--vocab 4096 --hidden 64 --tokens 256"
else
  mode=gpu; device="${device:-cuda:0}"
  shape="layers=16,hidden=2048,heads=32,kv_heads=8,intermediate=8192,vocab=128256"
  pairs=4; prompt=256; completion=256; dtype=bfloat16; repeats=5; warmup=2
  head="--vocab 128256 --hidden 2048 --tokens 2048"
fi
rm -rf "$out"; mkdir -p "$out/stages" "$out/logs"
# The LibTorch the CLI was built against and the torch Python has here.
"${CLI[@]}" devices --json > "$out/stages/devices.json" 2> "$out/logs/devices.err"
"$py" -c 'import json, torch; print(json.dumps({"torch": torch.__version__, "cuda": torch.version.cuda,
          "gpus": [torch.cuda.get_device_name(i) for i in range(torch.cuda.device_count())]}))' \
  > "$out/stages/python-torch.json" 2> "$out/logs/python-torch.err"
stage() { echo "== $1" >&2; }
t0=$(date +%s)

stage "numerics ($device against cpu fp32)"
"${CLI[@]}" devices --check "$stories" --device "$device" --json > "$out/stages/numerics.json" 2> "$out/logs/numerics.err"
echo "{\"exit_status\": $?}" > "$out/stages/numerics.status.json"

stage "training (global, 30 steps, kill after checkpoint 10 and resume)"
train_args=(train "$stories" --data "$prefs" --strategy global --steps 30 --batch 4 --lr 2e-3 --beta 0.1
            --eval-fraction 0.2 --eval-every 10 --save-every 10 --seed 7 --device "$device" --quiet)
"${CLI[@]}" "${train_args[@]}" --out "$out/run-whole" > "$out/logs/whole.log" 2>&1
"${CLI[@]}" "${train_args[@]}" --out "$out/run-parts" > "$out/logs/parts.log" 2>&1 &
victim=$!
for _ in $(seq 1 6000); do   # kill once checkpoint 10 is complete (its trainer_state.json is written last)
  [ -f "$out/run-parts/checkpoints/step-10/trainer_state.json" ] && break
  kill -0 $victim 2>/dev/null || break
  sleep 0.05
done
kill -9 $victim 2>/dev/null; wait $victim 2>/dev/null
"${CLI[@]}" resume "$out/run-parts" --quiet > "$out/logs/resume.log" 2>&1
"$py" "$here/gpu-check/gpucheck.py" training "$out/run-whole" "$out/run-parts" --mode "$mode" \
  --resume-log "$out/logs/resume.log" \
  > "$out/stages/training.json"

stage "answers over training (demo lab, 20 steps, a round every 5 steps beside the training)"
lab="$root/resources/demo-lab"
"${CLI[@]}" train "$lab/model" --data "$lab/data/preferences_facts.jsonl" --strategy global --steps 20 --batch 8 \
  --lr 2e-3 --sample-every 5 --device "$device" --quiet --out "$out/run-samples" > "$out/logs/samples.log" 2>&1
echo "{\"exit_status\": $?}" > "$out/stages/samples.status.json"

stage "speed (bench dpo $shape, $dtype, $pairs pairs x ($prompt + $completion) tokens)"
bench=(bench dpo "$shape" --batch $pairs --prompt-tokens $prompt --completion-tokens $completion --rank 16
       --repeats $repeats --device "$device" --dtype $dtype --json)
"${CLI[@]}" "${bench[@]}" > "$out/stages/speed-shared.json" 2> "$out/logs/speed-shared.err"
"${CLI[@]}" "${bench[@]}" --no-prefix-sharing > "$out/stages/speed-unshared.json" 2> "$out/logs/speed-unshared.err"
"${CLI[@]}" "${bench[@]}" --no-prompt-sharing --strategies full > "$out/stages/speed-separate-rows.json" \
  2> "$out/logs/speed-separate-rows.err"

stage "log-prob head (plain against fused: peak memory, time)"
"${CLI[@]}" bench head $head --device "$device" --dtype $dtype > "$out/logs/head.txt" 2>&1
echo "{\"exit_status\": $?}" > "$out/stages/head.status.json"

stage "anchor (transformers + PEFT, same shape)"
"$py" "$here/gpu-check/anchor_dpo.py" --shape "$shape" --pairs $pairs --prompt-tokens $prompt \
  --completion-tokens $completion --rank 16 --device "$device" --dtype $dtype --warmup $warmup \
  --repeats $repeats --out "$out/stages/anchor.json" > "$out/logs/anchor.log" 2>&1

"$py" "$here/gpu-check/gpucheck.py" summary "$out" --mode "$mode" --seconds $(( $(date +%s) - t0 ))

#!/usr/bin/env bash
# Our DPO step against TRL's on the same shapes, interleaved, on the CPU
# (packaging/bench_vs_trl.py; the pinned Python environment of
# packaging/python-env.sh). A benchmark that prints numbers, not a test.
# Usage: bash packaging/bench-vs-trl.sh [BUILD_DIR] [ARGS for bench_vs_trl.py]
#   e.g. bash packaging/bench-vs-trl.sh build-torch2 --default-cli build/bin/hialign-cli
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}; shift || true
pyenv=$(bash packaging/python-env.sh --path)
if [ ! -f "$pyenv/.complete" ]; then
  echo "bench-vs-trl.sh: the pinned Python environment $pyenv does not exist (bash packaging/install-deps.sh --python)" >&2
  exit 1
fi
export OMP_WAIT_POLICY=PASSIVE
exec "$pyenv/bin/python" packaging/bench_vs_trl.py --cli "$build/bin/hialign-cli" "$@"

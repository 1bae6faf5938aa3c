#!/usr/bin/env bash
# Installs the dependencies, builds, and opens the workbench on the shipped
# demo lab, ready to press Start.
# Usage: bash packaging/run.sh [MODEL_DIR] [hialign flags]
# Without a display, HIALIGN_HEADLESS=1 runs the same job from the command
# line instead: a Global-Align training on the demo lab and its evaluation.
set -euo pipefail
cd "$(dirname "$0")/.."
bash packaging/install-deps.sh >&2
export OMP_WAIT_POLICY=PASSIVE
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DHIALIGN_LIBTORCH=system >&2
if [ "${HIALIGN_HEADLESS:-0}" = "1" ]; then
  cmake --build build -j"$(nproc)" --target hialign-cli >&2
  run=$(mktemp -d)/global
  ./build/bin/hialign-cli train --strategy global --steps 40 --batch 8 --lr 2e-3 --rank 8 --alpha 16 --out "$run" "$@"
  exec ./build/bin/hialign-cli world eval --adapter "$run/adapter"
fi
cmake --build build -j"$(nproc)" --target hialign >&2
exec ./build/bin/hialign "$@"

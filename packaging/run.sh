#!/usr/bin/env bash
# Installs the dependencies, builds, and runs the main job: generation with
# a Hugging Face model folder.
# Usage: bash packaging/run.sh MODEL_DIR ["prompt"] [more hialign-cli generate flags]
set -euo pipefail
cd "$(dirname "$0")/.."
if [ $# -lt 1 ]; then
  echo "usage: bash packaging/run.sh MODEL_DIR [\"prompt\"] [hialign-cli generate flags]" >&2
  exit 2
fi
model=$(realpath "$1"); shift
prompt=${1:-Once upon a time}; [ $# -gt 0 ] && shift
bash packaging/install-deps.sh >&2
export OMP_WAIT_POLICY=PASSIVE
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >&2
cmake --build build -j"$(nproc)" --target hialign-cli >&2
./build/bin/hialign-cli inspect "$model"
echo
exec ./build/bin/hialign-cli generate "$model" --prompt "$prompt" --stats "$@"

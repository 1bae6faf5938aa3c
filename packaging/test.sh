#!/usr/bin/env bash
# Installs the dependencies, builds everything and runs the whole test suite.
# Usage: bash packaging/test.sh   (BUILD_DIR and CMAKE_ARGS may be set)
set -euo pipefail
cd "$(dirname "$0")/.."
bash packaging/install-deps.sh
BUILD_DIR=${BUILD_DIR:-build}
# OpenMP threads sleep instead of spinning while idle (PLATFORM.md §2).
export OMP_WAIT_POLICY=PASSIVE
cmake -S . -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo ${CMAKE_ARGS:-}
cmake --build "$BUILD_DIR" -j"$(nproc)"
cd "$BUILD_DIR"
ctest --output-on-failure -j"$(nproc)"

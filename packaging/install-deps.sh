#!/usr/bin/env bash
# Installs every Debian 12 package that building, testing and running
# HiAlign Workbench needs. Idempotent; run as root (or through sudo).
#
# Usage: packaging/install-deps.sh [--python]
#   (no flag)  Debian's packages, with Debian's LibTorch 1.13 (CPU): enough
#              for the workbench on a laptop (-DHIALIGN_LIBTORCH=system)
#   --python   also the pinned Python environment (packaging/python-env.sh):
#              LibTorch 2.x with CUDA for GPU builds (-DHIALIGN_LIBTORCH=python)
#              and the parity references of the tests; several GB
set -euo pipefail
with_python=0
for arg in "$@"; do
  case "$arg" in
    --python) with_python=1 ;;
    *) echo "install-deps: unknown argument \"$arg\" (only --python)" >&2; exit 2 ;;
  esac
done

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi

packages=(
  # toolchain (ccache: the second LibTorch build and rebuilds reuse objects)
  build-essential cmake ninja-build pkg-config git ccache
  # the pinned Python environment (--python)
  python3 python3-venv
  # engine
  libtorch-dev
  # OpenBLAS built against OpenMP, so it shares LibTorch's thread pool
  # (the pthread build and LibTorch's OpenMP pool fight over the cores)
  libopenblas0-openmp libopenblas-openmp-dev
  libsentencepiece-dev
  nlohmann-json3-dev libpcre2-dev libutf8proc-dev libcli11-dev
  libcurl4-openssl-dev
  # GUI and tests
  qt6-base-dev qt6-tools-dev qt6-tools-dev-tools qt6-l10n-tools qt6-svg-dev
  qt6-translations-l10n
  libqcustomplot-dev libgl-dev
  # fuzzing the safetensors header parser (libFuzzer ships with clang)
  clang libclang-rt-14-dev
  # headless windows for screenshots and widget tests
  xvfb xauth
  # CJK glyphs for the Simplified Chinese translation (offscreen/xvfb screenshots)
  fonts-noto-cjk
  # throw-away single-node Slurm cluster for the job-array script tests
  # (tests/slurm/slurm-local.sh; slurm-wlm is only a meta-package over these)
  slurmctld slurmd slurm-client munge
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -gt 0 ]; then
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

if [ $with_python = 1 ]; then
  bash "$(dirname "$0")/python-env.sh" >/dev/null
fi

#!/usr/bin/env bash
# Creates (or reuses) the project's one pinned Python environment and prints
# its path. It holds PyPI's torch wheel, whose LibTorch 2.x (CUDA 13.0) the
# GPU build links against, and the parity references used by the tests
# (transformers, tokenizers, PEFT, TRL). Nothing in the product imports it.
#
# Usage: packaging/python-env.sh [--print-prefix | --path]
#   HIALIGN_PYENV  folder of the environment (default: ~/.cache/hialign/pyenv-<hash of the pins>)
# --print-prefix prints LibTorch's CMake prefix instead of the environment's path;
# --path prints where the environment is (or would be) without creating it.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
req="$here/python-requirements.txt"
# The folder name carries a hash of the pins: a changed pin makes a new
# environment instead of silently mixing versions.
hash=$(sha256sum "$req" | cut -c1-12)
home="${HOME:-$(getent passwd "$(id -u)" | cut -d: -f6)}"
env_dir="${HIALIGN_PYENV:-${XDG_CACHE_HOME:-$home/.cache}/hialign/pyenv-$hash}"
python=${PYTHON:-python3}
if [ "${1:-}" = "--path" ]; then
  echo "$env_dir"
  exit 0
fi

if [ ! -f "$env_dir/.complete" ]; then
  echo "python-env: creating $env_dir (torch, transformers, PEFT, TRL; several GB)" >&2
  rm -rf "$env_dir"
  mkdir -p "$(dirname "$env_dir")"
  "$python" -m venv "$env_dir"
  "$env_dir/bin/pip" install --quiet --disable-pip-version-check --no-input -r "$req" >&2
  "$env_dir/bin/python" -c 'import torch, transformers, peft, trl, tokenizers' >&2
  touch "$env_dir/.complete"
fi

if [ "${1:-}" = "--print-prefix" ]; then
  "$env_dir/bin/python" -c 'import torch; print(torch.utils.cmake_prefix_path)'
else
  echo "$env_dir"
fi

#!/usr/bin/env bash
# Runs one parity script with the project's pinned Python environment
# (packaging/python-env.sh). Without that environment the test is skipped
# (exit 77) with a message, and fails under CI=true.
# Usage: run-parity.sh PYENV_DIR SCRIPT [ARGS...]
set -uo pipefail
pyenv="$1"; shift
if [ ! -f "$pyenv/.complete" ]; then
  echo "SKIP: the pinned Python environment $pyenv does not exist (packaging/install-deps.sh --python creates it)"
  [ "${CI:-}" = true ] && exit 1
  exit 77
fi
exec "$pyenv/bin/python" "$@"

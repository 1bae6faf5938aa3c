#!/usr/bin/env bash
# Installs the dependencies, builds against both LibTorch builds and runs the
# tests (this is what CI runs):
#   build/         Debian's LibTorch 1.13 (CPU): everything, the whole suite
#   build-torch2/  the pinned torch wheel's LibTorch 2.x (CUDA-capable):
#                  the core, the CLI and every test that involves LibTorch
#                  (the GUI's and the LibTorch-free modules' tests ran in the
#                  first build; the widgets hold no LibTorch), plus the GPU
#                  check's CPU smoke run (packaging/gpu-check.sh --cpu-smoke)
# Usage: bash packaging/test.sh
#   HIALIGN_BUILDS="system python" (default) or one of them; CMAKE_ARGS adds
#   CMake arguments to every build.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
# ccache and the Python environment live under the home folder.
export HOME="${HOME:-$(getent passwd "$(id -u)" | cut -d: -f6)}"
builds=${HIALIGN_BUILDS:-system python}
t_start=$(date +%s)
elapsed() { echo "$(( $(date +%s) - t_start )) s"; }

# Debian's packages first; the pinned Python environment (several GB from
# PyPI, mostly download and unpacking) is made in the background while the
# first build compiles, and waited for before anything needs it.
bash packaging/install-deps.sh
echo "== Debian packages installed ($(elapsed))"
pyenv_pid=""
if [[ " $builds " == *" python "* ]] || [ "${CI:-}" = true ]; then
  pyenv_log=$(mktemp)
  bash packaging/python-env.sh >"$pyenv_log" 2>&1 &
  pyenv_pid=$!
fi
wait_pyenv() {
  [ -n "$pyenv_pid" ] || return 0
  if ! wait "$pyenv_pid"; then
    cat "$pyenv_log" >&2
    echo "test.sh: creating the pinned Python environment failed (packaging/python-env.sh)" >&2
    exit 1
  fi
  pyenv_pid=""
  echo "== Python environment ready ($(elapsed))"
}

# OpenMP threads sleep instead of spinning while idle (docs/ARCHITECTURE.md, "Threading").
export OMP_WAIT_POLICY=PASSIVE
launcher=()
command -v ccache >/dev/null && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache -DCMAKE_C_COMPILER_LAUNCHER=ccache)
# Paths below the checkout are hashed relative to it, so a clone in another
# folder reuses the objects of an earlier build.
export CCACHE_BASEDIR="$root"
# RelWithDebInfo objects record the build folder in their debug info; without
# this, ccache keys on it and a clone in another folder misses every object.
export CCACHE_NOHASHDIR=1
# Objects compiled with a precompiled header (the LibTorch headers) are cached
# too (ccache's documented settings for precompiled headers).
export CCACHE_SLOPPINESS=pch_defines,time_macros,include_file_mtime,include_file_ctime
# Line tables (-g1) instead of full debug info: backtraces of a failing test
# keep file and line, and the LibTorch-heavy objects compile about a quarter
# faster and come out several times smaller.
flags=(-DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O2 -g1 -DNDEBUG" -DCMAKE_C_FLAGS_RELWITHDEBINFO="-O2 -g1 -DNDEBUG")

for which in $builds; do
  once=()   # what the first build already covers
  case "$which" in
    system) dir=build ;;
    python) dir=build-torch2
            # The GUI and its tests, and the tests of the LibTorch-free modules,
            # run once, in the system build, when both are built.
            [[ " $builds " == *" system "* ]] && once=(-DHIALIGN_WITH_GUI=OFF -DHIALIGN_TORCH_FREE_TESTS=OFF) ;;
    *) echo "test.sh: HIALIGN_BUILDS holds \"$which\"; use system and/or python" >&2; exit 2 ;;
  esac
  echo "== LibTorch build \"$which\" in $dir"
  [ "$which" = python ] && wait_pyenv   # its LibTorch comes from the environment
  cmake -S . -B "$dir" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DHIALIGN_LIBTORCH="$which" \
        "${launcher[@]}" "${flags[@]}" "${once[@]}" ${CMAKE_ARGS:-}
  cmake --build "$dir" -j"$(nproc)"
  echo "== $which built ($(elapsed))"
  wait_pyenv   # the parity tests run in the pinned environment
  # The console output is kept: ctest marks a test that exited with its
  # SKIP_RETURN_CODE "***Skipped" there, not in LastTest.log.
  set +e
  (cd "$dir" && ctest --output-on-failure -j"$(nproc)") 2>&1 | tee "$dir/ctest-console.log"
  rc=${PIPESTATUS[0]}
  set -e
  [ "$rc" -eq 0 ] || { echo "test.sh: ctest failed in the $which build" >&2; exit "$rc"; }
  # A skipped test is not a passed one. ctest lists a Qt Test QSKIP as
  # passed, so read the full log and the console too: list every skip (Qt
  # Test's "SKIP   :", the parity and shell tests' "SKIP:", ctest's
  # "***Skipped", the Slurm test's "skipping:"), and under CI=true fail.
  skips=$(grep -hE '^SKIP   : |^SKIP: |\*\*\*Skipped|skipping: ' \
            "$dir/Testing/Temporary/LastTest.log" "$dir/ctest-console.log" || true)
  if [ -n "$skips" ]; then
    echo "== skipped in the $which build:"; echo "$skips"
    if [ "${CI:-}" = true ]; then echo "test.sh: tests were skipped under CI=true" >&2; exit 1; fi
  fi
  echo "== $which tested ($(elapsed))"
  if [ "$which" = python ]; then
    pyenv=$(bash packaging/python-env.sh)
    bash packaging/gpu-bundle.sh "$dir"
    bash packaging/gpu-check.sh --cpu-smoke --cli "$dir/bundle/bin/hialign-cli" --python "$pyenv/bin/python" \
         --out "$root/$dir/gpu-check-smoke"
    echo "== GPU check (CPU smoke) passed ($(elapsed))"
  fi
done
echo "== all done ($(elapsed))"

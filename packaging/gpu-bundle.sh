#!/usr/bin/env bash
# Packs hialign-cli, built against the torch wheel's LibTorch 2.x (CUDA), with
# the few shared libraries it needs beyond LibTorch and the C library, into
# BUILD_DIR/bundle (bin/, lib/). A GPU machine with that torch wheel but no
# Debian -dev packages runs it with LD_LIBRARY_PATH set to the wheel's
# torch/lib (packaging/gpu-check.sh does that).
#
# Usage: packaging/gpu-bundle.sh [BUILD_DIR]   (default build-torch2; configured
#        here with -DHIALIGN_LIBTORCH=python when it does not exist yet)
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build-torch2}
if [ ! -f "$build/CMakeCache.txt" ]; then
  cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DHIALIGN_LIBTORCH=python \
        -DHIALIGN_WITH_QT=OFF -DBUILD_TESTING=OFF
fi
grep -q '^HIALIGN_LIBTORCH:STRING=python' "$build/CMakeCache.txt" \
  || { echo "gpu-bundle: $build is not a -DHIALIGN_LIBTORCH=python build" >&2; exit 1; }
cmake --build "$build" --target hialign-cli hialign_spm_bridge -j"$(nproc)"

out="$build/bundle"
rm -rf "$out"
mkdir -p "$out/bin" "$out/lib"
cp "$build/bin/hialign-cli" "$out/bin/"
cp "$build/lib/libhialign_spm_bridge.so" "$out/lib/"
strip --strip-debug "$out/bin/hialign-cli" "$out/lib/libhialign_spm_bridge.so"

# Every library the two need that is neither LibTorch/CUDA (the GPU machine's
# torch wheel has those) nor the C/C++ runtime (every Linux has those).
skip='^(libtorch|libc10|libcaffe2|libgomp|libcu(da|dart|blas|blasLt|fft|rand|solver|sparse|pti|file|dnn|fft)|libnv|libnccl|libcudnn|libshm|linux-vdso|ld-linux|libc\.so|libm\.so|libdl\.so|librt\.so|libpthread\.so|libresolv\.so|libutil\.so|libanl\.so|libnss_|libstdc\+\+|libgcc_s)'
for f in "$out/bin/hialign-cli" "$out/lib/libhialign_spm_bridge.so"; do
  ldd "$f" | awk '/=> \// {print $1, $3}'
done | sort -u | while read -r name path; do
  if ! [[ $name =~ $skip ]]; then
    cp -L "$path" "$out/lib/$name"
  fi
done
du -sh "$out"

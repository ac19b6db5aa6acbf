#!/usr/bin/env bash
# Builds the engine (release) and copies the library to DEST/<os>-<arch>/, and the
# TPC-H generator and the cluster processes (ffq-tpchgen, ffq-scheduler, ffq-executor,
# which the library does not carry) to TOOLS_DIR.
# Used by the driver's Maven build; shares the target directory of the tests.
set -euo pipefail
dest="${1:?usage: build-lib.sh DEST_DIR [TOOLS_DIR]}"
tools="${2:-}"
here="$(cd "$(dirname "$0")" && pwd)"
source "$here/env.sh"
case "$(uname -s)" in
  Linux) os=linux; lib=libffq_native.so ;;
  Darwin) os=osx; lib=libffq_native.dylib ;;
  *) echo "build-lib.sh: unsupported OS $(uname -s)" >&2; exit 1 ;;
esac
case "$(uname -m)" in
  x86_64|amd64) arch=x86_64 ;;
  aarch64|arm64) arch=aarch64 ;;
  *) echo "build-lib.sh: unsupported architecture $(uname -m)" >&2; exit 1 ;;
esac
cargo build --release --manifest-path "$here/Cargo.toml" --lib --bins
if [ -n "$tools" ]; then
  mkdir -p "$tools"
  for tool in ffq-tpchgen ffq-scheduler ffq-executor; do
    cp "$CARGO_TARGET_DIR/release/$tool" "$tools/$tool.tmp" && mv -f "$tools/$tool.tmp" "$tools/$tool"
  done
fi
mkdir -p "$dest/$os-$arch"
cp "$CARGO_TARGET_DIR/release/$lib" "$dest/$os-$arch/$lib.tmp"
# The symbol table is not needed at run time (JNI and C entry points are dynamic symbols).
if command -v strip >/dev/null 2>&1 && [ "$os" = linux ]; then strip --strip-unneeded "$dest/$os-$arch/$lib.tmp"; fi
mv -f "$dest/$os-$arch/$lib.tmp" "$dest/$os-$arch/$lib"
# The content hash names the extraction folder; computed here so the driver need not
# hash the library at every JVM start.
(cd "$dest/$os-$arch" && sha256sum "$lib" | cut -d' ' -f1 > "$lib.sha256")

# On x86-64 Linux the jar also carries the library built for x86-64-v3 (AVX2, BMI2, FMA...),
# which the driver loads on CPUs that have those features (Parquet decoding and the engine's
# kernels run 10-15% faster); the baseline build above runs on any x86-64. Its own target
# directory: other code-generation flags rebuild every crate. FFQ_NATIVE_V3=0 skips it.
if [ "$os-$arch" = linux-x86_64 ] && [ "${FFQ_NATIVE_V3:-1}" != 0 ]; then
  RUSTFLAGS="${RUSTFLAGS:-} -C target-cpu=x86-64-v3" CARGO_TARGET_DIR="$CARGO_TARGET_DIR/x86-64-v3" \
    cargo build --release --manifest-path "$here/Cargo.toml" --lib
  mkdir -p "$dest/$os-$arch-v3"
  cp "$CARGO_TARGET_DIR/x86-64-v3/release/$lib" "$dest/$os-$arch-v3/$lib.tmp"
  if command -v strip >/dev/null 2>&1; then strip --strip-unneeded "$dest/$os-$arch-v3/$lib.tmp"; fi
  mv -f "$dest/$os-$arch-v3/$lib.tmp" "$dest/$os-$arch-v3/$lib"
  (cd "$dest/$os-$arch-v3" && sha256sum "$lib" | cut -d' ' -f1 > "$lib.sha256")
fi

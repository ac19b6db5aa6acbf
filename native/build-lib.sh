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

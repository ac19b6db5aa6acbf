#!/usr/bin/env bash
# Compiles abi_test.c (every function of ffq_ffi.h, called from C) against the engine
# library with warnings as errors, and runs it on a generated TPC-H sample.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../../.." && pwd)"
source "$root/native/env.sh"
cargo build --release --manifest-path "$root/native/Cargo.toml" --lib --bin ffq-tpchgen
lib_dir="$CARGO_TARGET_DIR/release"
data="${FFQ_SAMPLE_DATA:-$root/target/sample-data/sf0.01}"
[ -f "$data/catalog.json" ] || "$lib_dir/ffq-tpchgen" --sf 0.01 --out "$data"
out="$root/target/native-c-tests"
mkdir -p "$out"
cc -std=c11 -Wall -Wextra -Werror -I "$root/native/include" "$here/abi_test.c" \
  -L "$lib_dir" -lffq_native -Wl,-rpath,"$lib_dir" -o "$out/abi_test"
"$out/abi_test" "$data/catalog.json"

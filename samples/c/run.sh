#!/usr/bin/env bash
# Builds the engine library, generates a small TPC-H lineitem.parquet,
# compiles ffi_example.c against the library and runs it.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
source "$root/native/env.sh"
cargo build --release --manifest-path "$root/native/Cargo.toml" --lib --bin ffq-tpchgen
lib_dir="$CARGO_TARGET_DIR/release"
data="${FFQ_SAMPLE_DATA:-$root/target/sample-data/sf0.01}"
[ -f "$data/lineitem.parquet" ] || "$lib_dir/ffq-tpchgen" --sf 0.01 --out "$data"
out="$root/target/samples-c"
mkdir -p "$out"
cc -std=c11 -Wall -Wextra -Werror -I "$root/native/include" "$here/ffi_example.c" \
  -L "$lib_dir" -lffq_native -Wl,-rpath,"$lib_dir" -o "$out/ffi_example"
"$out/ffi_example" "$data/lineitem.parquet"

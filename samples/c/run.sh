#!/usr/bin/env bash
# Builds the engine library, generates a small TPC-H lineitem.parquet,
# compiles ffi_example.c against the library and runs it.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
source "$root/native/sample-env.sh"
out="$root/target/samples-c"
mkdir -p "$out"
cc -std=c11 -Wall -Wextra -Werror -I "$root/native/include" "$here/ffi_example.c" \
  -L "$lib_dir" -lffq_native -Wl,-rpath,"$lib_dir" -o "$out/ffi_example"
"$out/ffi_example" "$data/lineitem.parquet"

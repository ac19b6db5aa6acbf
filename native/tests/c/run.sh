#!/usr/bin/env bash
# Compiles abi_test.c (every function of ffq_ffi.h, called from C) against the engine
# library with warnings as errors, and runs it on a generated TPC-H sample.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../../.." && pwd)"
source "$root/native/sample-env.sh"
out="$root/target/native-c-tests"
mkdir -p "$out"
cc -std=c11 -Wall -Wextra -Werror -I "$root/native/include" "$here/abi_test.c" \
  -L "$lib_dir" -lffq_native -Wl,-rpath,"$lib_dir" -o "$out/abi_test"
"$out/abi_test" "$data/catalog.json"

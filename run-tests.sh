#!/usr/bin/env bash
# Every test: the engine's Rust tests (C ABI, streaming, cancel, panics, catalogs, limits),
# the C example, then the driver's unit, integration, forked-JVM safety and packaged-jar
# tests and the conformance tests (Maven).
set -euo pipefail
root="$(cd "$(dirname "$0")" && pwd)"
cd "$root"
source native/env.sh

echo "== native: cargo test (release profile, shared with the driver's library build) =="
cargo test --release --features test-hooks --manifest-path native/Cargo.toml
# The engine with its test hooks, for the driver's panic test (the shipped library has none).
cargo build --release --features test-hooks --manifest-path native/Cargo.toml --lib
hooks="$CARGO_TARGET_DIR/test-hooks"
mkdir -p "$hooks"
cp "$CARGO_TARGET_DIR/release/libffq_native.so" "$hooks/libffq_native.so"

echo "== native/tests/c: every C ABI function called from C =="
native/tests/c/run.sh

echo "== samples/c: the C ABI example =="
samples/c/run.sh

echo "== samples/python: Python over the C ABI (cffi, pyarrow) =="
samples/python/run.sh

echo "== driver, samples, benchmarks build, conformance tests: mvn verify =="
mvn -B verify -Dffq.test.hooks.lib="$hooks/libffq_native.so"

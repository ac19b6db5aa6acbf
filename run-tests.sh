#!/usr/bin/env bash
# Every test: the engine's Rust tests (C ABI, streaming, cancel, panics, catalogs),
# the C example, then the driver's unit, integration and packaged-jar tests (Maven).
set -euo pipefail
root="$(cd "$(dirname "$0")" && pwd)"
cd "$root"
source native/env.sh

echo "== native: cargo test (release profile, shared with the driver's library build) =="
cargo test --release --manifest-path native/Cargo.toml

echo "== samples/c: the C ABI example =="
samples/c/run.sh

echo "== driver and samples: mvn verify =="
mvn -B verify

# Sourced by the build scripts: one cargo target directory outside the
# clone, shared by the Rust tests, the C sample and the driver's build, so
# DataFusion is compiled once. Override with CARGO_TARGET_DIR.
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-${HOME:-/tmp}/.cache/ffq-jdbc/target}"
mkdir -p "$CARGO_TARGET_DIR"

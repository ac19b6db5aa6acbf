# Sourced by the C and Python runners: builds the engine library and ffq-tpchgen (release,
# shared target directory), generates the TPC-H SF 0.01 sample once, and sets
# lib_dir (where libffq_native is) and data (the sample's folder, with catalog.json).
# Expects root (the repository) to be set.
source "$root/native/env.sh"
cargo build --release --manifest-path "$root/native/Cargo.toml" --lib --bin ffq-tpchgen
lib_dir="$CARGO_TARGET_DIR/release"
data="${FFQ_SAMPLE_DATA:-$root/target/sample-data/sf0.01}"
[ -f "$data/catalog.json" ] || "$lib_dir/ffq-tpchgen" --sf 0.01 --out "$data"

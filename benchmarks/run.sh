#!/usr/bin/env bash
# Runs the JMH suite (ffq vs DuckDB, SQLite, H2, and the raw-Arrow floor) and writes
# benchmarks/results/<date>-<machine>.{json,md} plus PNG plots, and latest.* copies.
#   benchmarks/run.sh            TPC-H SF 1 (about 25 minutes on 2 cores)
#   benchmarks/run.sh --sf 0.1   another scale factor
# Data (Parquet, SQLite and H2 files) is generated once under benchmarks/target/bench-data.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
source native/env.sh
mvn -q -B -Dmaven.test.skip=true package
exec java -Xmx8g -Dffq.bench.data="$root/benchmarks/target/bench-data" -Dffq.tpchgen="$root/driver/target/tools/ffq-tpchgen" \
  -cp benchmarks/target/benchmarks.jar io.ffq.bench.BenchMain --out benchmarks/results "$@"

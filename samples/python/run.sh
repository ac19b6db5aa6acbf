#!/usr/bin/env bash
# Runs the Python example over the C ABI: a virtual environment with cffi and
# pyarrow from PyPI (kept beside cargo's output, so later runs reuse it), the engine
# library and the TPC-H sample data.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
source "$root/native/sample-env.sh"
venv="$CARGO_TARGET_DIR/../python-venv"
# a run interrupted while the environment was made leaves it without pip: make it again
if [ ! -x "$venv/bin/python" ] || [ ! -x "$venv/bin/pip" ]; then
  rm -rf "$venv"
  python3 -m venv "$venv"
fi
"$venv/bin/python" -c "import cffi, pyarrow" 2>/dev/null || "$venv/bin/pip" install -q -r "$here/requirements.txt"
FFQ_NATIVE_LIB="$lib_dir/libffq_native.so" "$venv/bin/python" "$here/example.py" "$data/catalog.json"

"""A small Python binding of the FFQ engine over its C ABI.

cffi in ABI mode (no compiler at install): the declarations come from
native/include/ffq_ffi.h itself, the library is opened with dlopen, and results
cross into pyarrow through the Arrow C Stream Interface without a copy.
"""

import os
import re

import pyarrow as pa
from cffi import FFI

_HERE = os.path.dirname(os.path.abspath(__file__))
HEADER = os.path.join(_HERE, "..", "..", "native", "include", "ffq_ffi.h")

ffi = FFI()


def _declarations(path):
    """The header without preprocessor lines and the C++ guard, as cffi's cdef reads it."""
    out, skipping = [], False
    for line in open(path, encoding="utf-8"):
        stripped = line.strip()
        if stripped.startswith("#ifdef __cplusplus"):
            skipping = True
            continue
        if skipping:
            skipping = not stripped.startswith("#endif")
            continue
        if stripped.startswith("#"):
            continue
        out.append(line)
    return re.sub(r"/\*.*?\*/", "", "".join(out), flags=re.S)


ffi.cdef(_declarations(HEADER))


class FfqError(Exception):
    """An engine failure: status name (PLANNING, EXECUTION, ...), SQLState and message."""

    def __init__(self, status, sqlstate, message):
        super().__init__(f"{message} [{status}, SQLState {sqlstate}]")
        self.status = status
        self.sqlstate = sqlstate
        self.message = message


def _library_path():
    path = os.environ.get("FFQ_NATIVE_LIB")
    if not path:
        raise RuntimeError("set FFQ_NATIVE_LIB to the engine library (libffq_native.so)")
    return path


lib = ffi.dlopen(_library_path())


def _check(status):
    if status != lib.FFQ_STATUS_OK:
        state = ffi.new("char[8]")
        lib.ffq_last_error_sqlstate(state, 8)
        size = lib.ffq_last_error_message(ffi.NULL, 0)
        message = ffi.new("char[]", size + 1)
        lib.ffq_last_error_message(message, size + 1)
        raise FfqError(ffi.string(lib.ffq_status_name(status)).decode(), ffi.string(state).decode(),
                       ffi.string(message).decode())


def _addr(p):
    return int(ffi.cast("uintptr_t", p))


def _read_all(stream):
    """Reads an exported ArrowArrayStream into a pyarrow.Table, batch by batch (zero-copy:
    each batch is imported, not copied). The stream stays ours until it ends, so a failure
    is read from the stream itself (ffq_stream_error) with its status and SQLState."""
    try:
        c_schema = ffi.new("struct ArrowSchema *")
        if stream.get_schema(stream, c_schema) != 0:
            _raise_stream_error(stream)
        schema = pa.Schema._import_from_c(_addr(c_schema))
        batches = []
        while True:
            array = ffi.new("struct ArrowArray *")
            if stream.get_next(stream, array) != 0:
                _raise_stream_error(stream)
            if array.release == ffi.NULL:
                return pa.Table.from_batches(batches, schema)
            batches.append(pa.RecordBatch._import_from_c(_addr(array), schema))
    finally:
        if stream.release != ffi.NULL:
            stream.release(stream)


def _raise_stream_error(stream):
    status = ffi.new("FfqStatusCode *")
    state = ffi.new("char[8]")
    message = ffi.new("char[4096]")
    _check(lib.ffq_stream_error(stream, status, state, 8, message, 4096))
    raise FfqError(ffi.string(lib.ffq_status_name(status[0])).decode(), ffi.string(state).decode(),
                   ffi.string(message).decode())


class Engine:
    """An engine: config as a dict of FFQ config keys; tables from catalogs or table JSON."""

    def __init__(self, **config):
        out = ffi.new("FfqEngineHandle **")
        kv = ";".join(f"{k}={v}" for k, v in config.items()).encode()
        _check(lib.ffq_engine_new_from_config_kv(kv, out, ffi.NULL, 0))
        self._h = out[0]

    def register_catalog(self, path):
        _check(lib.ffq_engine_register_catalog_path(self._h, str(path).encode(), ffi.NULL, 0))

    def sql(self, text):
        """Runs a query; the result as a pyarrow.Table."""
        stream = ffi.new("struct ArrowArrayStream *")
        _check(lib.ffq_engine_execute_stream(self._h, text.encode(), stream, ffi.NULL, 0))
        return _read_all(stream)

    def prepare(self, text):
        return Statement(self, text)

    def close(self):
        if self._h is not None:
            lib.ffq_engine_free(self._h)
            self._h = None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


class Statement:
    """A prepared statement with ? or $n parameters."""

    def __init__(self, engine, text):
        out = ffi.new("FfqStatementHandle **")
        _check(lib.ffq_statement_prepare(engine._h, text.encode(), out, ffi.NULL, 0))
        self._h = out[0]

    def execute(self, *params, batch_size=0, max_rows=0, read_only=False):
        """Binds the parameters (one row) and runs; a pyarrow.Table, or the update count."""
        if params:
            row = pa.StructArray.from_arrays([pa.array([p]) for p in params],
                                             names=[f"${i + 1}" for i in range(len(params))])
            array = ffi.new("struct ArrowArray *")
            schema = ffi.new("struct ArrowSchema *")
            row._export_to_c(int(ffi.cast("uintptr_t", array)), int(ffi.cast("uintptr_t", schema)))
            try:
                _check(lib.ffq_statement_bind(self._h, schema, array, ffi.NULL, 0))
            finally:
                if array.release != ffi.NULL:
                    array.release(array)
                schema.release(schema)
        options = ffi.new("FfqExecOptions *", {"batch_size": batch_size, "max_rows": max_rows,
                                               "read_only": 1 if read_only else 0})
        stream = ffi.new("struct ArrowArrayStream *")
        count = ffi.new("int64_t *")
        _check(lib.ffq_statement_execute(self._h, options, stream, count, ffi.NULL, 0))
        if count[0] >= 0:
            return count[0]
        return _read_all(stream)

    def close(self):
        if self._h is not None:
            lib.ffq_statement_free(self._h)
            self._h = None

"""The FFQ engine from Python: engine from config, catalog, SQL to pyarrow, prepared
statements with parameters, errors with status and SQLState. Usage:
    FFQ_NATIVE_LIB=.../libffq_native.so python example.py CATALOG_JSON
"""

import sys

import ffq


def main(catalog):
    with ffq.Engine(batch_size_rows=4096, mem_budget_bytes="256m") as engine:
        engine.register_catalog(catalog)

        table = engine.sql("SELECT n_regionkey, count(*) AS nations FROM nation GROUP BY 1 ORDER BY 1")
        assert table.num_rows == 5, table
        assert table.column("nations").to_pylist() == [5, 5, 5, 5, 5], table
        print(f"nations per region: {table.column('nations').to_pylist()}")

        lookup = engine.prepare("SELECT n_name FROM nation WHERE n_nationkey = ?")
        names = [lookup.execute(k).column("n_name").to_pylist()[0] for k in (0, 7, 24)]
        lookup.close()
        assert names == ["ALGERIA", "GERMANY", "UNITED STATES"], names
        print(f"prepared lookups: {names}")

        limited = engine.prepare("SELECT l_orderkey FROM lineitem WHERE l_quantity > $1")
        rows = limited.execute(10, batch_size=100, max_rows=250)
        assert rows.num_rows == 250, rows.num_rows
        limited.close()

        engine.sql("CREATE TABLE scratch AS VALUES (1), (2)")
        writer = engine.prepare("INSERT INTO scratch VALUES (3)")
        try:
            writer.execute(read_only=True)
            raise AssertionError("a write on a read-only execution went through")
        except ffq.FfqError as e:
            assert e.sqlstate == "25006", e
        assert writer.execute() == 1
        writer.close()

        for sql, status, state in [("SELEC 1", "PLANNING", "42601"),
                                   ("SELECT * FROM no_such_table", "PLANNING", "42P01"),
                                   ("SELECT repeat('x', 2147483647)", "EXECUTION", "53200")]:
            try:
                engine.sql(sql)
                raise AssertionError(f"{sql} did not fail")
            except ffq.FfqError as e:
                assert (e.status, e.sqlstate) == (status, state), e
                print(f"error: {e.status} {e.sqlstate}")
    print("python example: OK")


if __name__ == "__main__":
    main(sys.argv[1])

/// Python snippets run by the interoperability tests. Each prints one JSON object.
enum InteropScripts {
    /// Reads `sys.argv[1]` with pyarrow: row and row-group counts, Arrow types, per-column
    /// aggregates (Python integers, so no overflow) and row group 0's footer statistics.
    static let pyarrowSummary = #"""
import json, sys
import pyarrow as pa, pyarrow.parquet as pq, pyarrow.compute as pc
path = sys.argv[1]
table = pq.read_table(path)
meta = pq.ParquetFile(path).metadata
out = {"rows": table.num_rows, "row_groups": meta.num_row_groups, "created_by": meta.created_by,
       "types": {f.name: str(f.type) for f in table.schema}, "columns": {}, "stats": {}}
for f in table.schema:
    col = table.column(f.name)
    d = {"non_null": len(col) - col.null_count}
    t = f.type
    if pa.types.is_boolean(t):
        d["sum"] = sum(1 for v in col.to_pylist() if v)
    elif pa.types.is_date32(t):
        d["sum"] = sum(v for v in col.cast(pa.int32()).to_pylist() if v is not None)
    elif pa.types.is_timestamp(t) or pa.types.is_integer(t):
        d["sum"] = sum(v for v in col.cast(pa.int64()).to_pylist() if v is not None)
    elif pa.types.is_floating(t):
        d["sum"] = sum(v for v in col.to_pylist() if v is not None)
    elif pa.types.is_string(t) or pa.types.is_large_string(t):
        values = [v for v in col.to_pylist() if v is not None]
        d["bytes"] = sum(len(v.encode()) for v in values)
        d["min"] = min(values) if values else None
        d["max"] = max(values) if values else None
    elif pa.types.is_binary(t):
        d["bytes"] = sum(len(v) for v in col.to_pylist() if v is not None)
    out["columns"][f.name] = d
if meta.num_row_groups:
    group = meta.row_group(0)
    for j in range(group.num_columns):
        c = group.column(j)
        s = c.statistics
        entry = {"codec": c.compression, "encodings": sorted(c.encodings), "null_count": s.null_count if s else None}
        if s is not None and s.has_min_max:
            entry["min"] = s.min if isinstance(s.min, (int, float, str, bool)) else str(s.min)
            entry["max"] = s.max if isinstance(s.max, (int, float, str, bool)) else str(s.max)
        out["stats"][c.path_in_schema] = entry
print(json.dumps(out))
"""#

    /// Reads `sys.argv[1]` with DuckDB: its column types and per-column aggregates in SQL.
    static let duckdbSummary = #"""
import json, sys
import duckdb
path = sys.argv[1]
con = duckdb.connect()
described = con.execute("DESCRIBE SELECT * FROM read_parquet(?)", [path]).fetchall()
types = {row[0]: row[1] for row in described}
out = {"types": types, "rows": con.execute("SELECT count(*) FROM read_parquet(?)", [path]).fetchone()[0], "columns": {}}
for name, t in types.items():
    q = '"' + name.replace('"', '""') + '"'
    if t == "BOOLEAN":
        agg = f"sum({q}::INTEGER)::HUGEINT"
    elif t == "DATE":
        agg = f"sum({q} - DATE '1970-01-01')::HUGEINT"
    elif t.startswith("TIMESTAMP"):
        agg = f"sum(epoch_us({q}))::HUGEINT"
    elif t in ("INTEGER", "BIGINT", "TINYINT", "SMALLINT"):
        agg = f"sum({q})::HUGEINT"
    elif t == "DOUBLE":
        agg = f"sum({q})"
    elif t == "VARCHAR":
        agg = f"sum(strlen({q}))::HUGEINT"
    elif t == "BLOB":
        agg = f"sum(octet_length({q}))::HUGEINT"
    else:
        agg = "NULL"
    extra = f", min({q}), max({q})" if t == "VARCHAR" else ", NULL, NULL"
    count, value, low, high = con.execute(f"SELECT count({q}), {agg}{extra} FROM read_parquet(?)", [path]).fetchone()
    entry = {"non_null": count, "min": low, "max": high}
    entry["bytes" if t in ("VARCHAR", "BLOB") else "sum"] = float(value) if t == "DOUBLE" and value is not None else (int(value) if value is not None else (0 if count == 0 else None))
    out["columns"][name] = entry
print(json.dumps(out))
"""#

    /// Writes `sys.argv[1]` with pyarrow: 3,000 rows of the types this module reads plus a FLOAT
    /// column it does not, in row groups of 1,000 and 4 KiB pages. `sys.argv[2]` is the codec,
    /// `sys.argv[3]` "dict" or "plain", `sys.argv[4]` the data page version ("1.0" or "2.0").
    static let pyarrowWriter = #"""
import datetime, sys
import pyarrow as pa, pyarrow.parquet as pq
path, codec, encoding, page_version = sys.argv[1:5]
n = 3000
table = pa.table({
    "b": pa.array([None if i % 7 == 0 else i % 2 == 0 for i in range(n)], pa.bool_()),
    "i32": pa.array([i % 100 - 50 for i in range(n)], pa.int32()),
    "i8": pa.array([i % 100 for i in range(n)], pa.int8()),
    "i64": pa.array([None if i % 5 == 0 else i * 1000003 for i in range(n)], pa.int64()),
    "f64": pa.array([i / 4 for i in range(n)], pa.float64()),
    "s": pa.array([None if i % 11 == 0 else f"경로/{i % 37}" for i in range(n)], pa.string()),
    "bin": pa.array([bytes([i % 256, 0]) for i in range(n)], pa.binary()),
    "d": pa.array([datetime.date(2026, 1, 1) + datetime.timedelta(days=i % 30) for i in range(n)], pa.date32()),
    "ts": pa.array([i * 1_000_000 for i in range(n)], pa.timestamp("us", tz="UTC")),
    "f32": pa.array([1.5] * n, pa.float32()),
})
pq.write_table(table, path, compression=codec, use_dictionary=(encoding == "dict"), row_group_size=1000,
               data_page_size=4096, data_page_version=page_version)
print("{}")
"""#
}

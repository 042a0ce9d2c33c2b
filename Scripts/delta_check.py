#!/usr/bin/env python3
"""Opens a footfall store's tables with independent Delta Lake readers (delta-rs `deltalake`, Polars) — the tests'
second opinion on SPEC §16 (docs/STORE.md, "Delta Lake tables").

  delta_check.py counts STORE…                every table's latest version and row count (JSON; of each store, by
                                              its path, when several are given)
  delta_check.py versions STORE               every table at every version of its log: row count, and the rows per
                                              day of the partitioned ones (JSON; any unreadable version is an error)
  delta_check.py polars STORE                 row counts of every table read with polars.scan_delta (JSON)
  delta_check.py poll STORE OUT STOP          reads every table in a loop until the file STOP exists, appending
                                              one JSON line per read to OUT (table, version, rows or the error)
"""
import json
import os
import sys
import time

import deltalake

TABLES = ["visits", "pageviews", "daily_hits", "daily_visits", "daily_items", "member_interest", "history", "members"]


def counts(store):
    out = {}
    for table in TABLES:
        dt = deltalake.DeltaTable(os.path.join(store, table))
        out[table] = [dt.version(), dt.to_pyarrow_table().num_rows]
    return out


def versions(store):
    out = {}
    for table in TABLES:
        path = os.path.join(store, table)
        latest = deltalake.DeltaTable(path).version()
        out[table] = {}
        for version in range(latest + 1):
            data = deltalake.DeltaTable(path, version=version).to_pyarrow_table()
            entry = {"rows": data.num_rows}
            if "day" in data.column_names:
                days = {}
                for day in data.column("day").to_pylist():
                    days[str(day)] = days.get(str(day), 0) + 1
                entry["days"] = days
            out[table][str(version)] = entry
    return out


def polars_counts(store):
    import polars as pl
    return {table: pl.scan_delta(os.path.join(store, table)).select(pl.len()).collect().item() for table in TABLES}


def poll(store, out_path, stop):
    with open(out_path, "a", encoding="utf-8") as out:
        while not os.path.exists(stop):
            for table in TABLES:
                path = os.path.join(store, table)
                if not os.path.isdir(os.path.join(path, "_delta_log")):
                    continue
                try:
                    dt = deltalake.DeltaTable(path)
                    line = {"table": table, "version": dt.version(), "rows": dt.to_pyarrow_table().num_rows}
                except Exception as error:  # noqa: BLE001 - every failure is a finding
                    line = {"table": table, "error": str(error)[:500]}
                out.write(json.dumps(line) + "\n")
                out.flush()
            time.sleep(0.01)


def main():
    mode, store = sys.argv[1], sys.argv[2]
    if mode == "counts":
        stores = sys.argv[2:]
        print(json.dumps(counts(store) if len(stores) == 1 else {path: counts(path) for path in stores}))
    elif mode == "versions":
        print(json.dumps(versions(store)))
    elif mode == "polars":
        print(json.dumps(polars_counts(store)))
    elif mode == "poll":
        poll(store, sys.argv[3], sys.argv[4])
    else:
        sys.exit(f"unknown mode {mode}")


if __name__ == "__main__":
    main()
    # delta-rs's threads can abort the interpreter's shutdown ("terminate called without an active exception"):
    # the work is done and printed, so leave without it.
    sys.stdout.flush()
    os._exit(0)

"""The tables of a footfall store (schema 6: Delta Lake tables, docs/STORE.md) as DuckDB relations over the
Parquet files of its newest version, read from the store-level commit `_footfall/versions/vN.json` (a table's
folder also holds files removed by later ingests, kept for `retention_hours`: a glob would count them twice)."""
import json
import os


def latest_commit(store):
    """The newest store-level commit (the manifest: days, files, table versions)."""
    folder = os.path.join(store, "_footfall", "versions")
    names = sorted((n for n in os.listdir(folder) if n.startswith("v") and n.endswith(".json")), key=lambda n: int(n[1:-5]))
    with open(os.path.join(folder, names[-1]), encoding="utf-8") as file:
        return json.load(file)


def files(store, table, manifest=None):
    """The absolute paths of `table`'s data files in the newest version, sorted."""
    manifest = manifest or latest_commit(store)
    return sorted(os.path.join(store, entry["path"]) for logical, entry in manifest["files"].items()
                  if logical.startswith(table + "/"))


def relation(store, table, manifest=None, extra=""):
    """`read_parquet([...], hive_partitioning = true)` over `table`'s files (no partitioning for history and members)."""
    paths = ", ".join("'" + p.replace("'", "''") + "'" for p in files(store, table, manifest))
    hive = "" if table in ("history", "members") else ", hive_partitioning = true"
    return f"read_parquet([{paths}]{hive}{extra})"

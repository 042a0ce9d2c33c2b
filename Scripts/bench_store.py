#!/usr/bin/env python3
"""Store benchmark for footfall (issue: the store).

In one run on the generated 5-million-line day: the zlib inflate floor; `footfall ingest` end to end
(parse, sessionise, write Parquet) into a fresh store, with peak memory; the store's size against the
gzipped input; and reading one day's `visits` columns back with `footfall inspect` against DuckDB
reading the same file (DuckDB timed inside Python, after import).
Writes the figures to BENCHMARKS.md (section between the store markers).

Usage: python3 Scripts/bench_store.py [--runs 3]
"""
import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bench_ingest import DATA, FOOTFALL, ROOT, ensure_tools, machine, sh, timed, timed_interleaved, write_section  # noqa: E402

CONFIG = os.path.join(ROOT, "SampleLogs", "site.toml")
COLUMNS = "visitor_key,segment,page_views,duration_s,channel"


def folder_size(path):
    total = 0
    for folder, _, files in os.walk(path):
        for name in files:
            total += os.path.getsize(os.path.join(folder, name))
    return total


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args()
    ensure_tools()
    day = os.path.join(DATA, "day-5000k.log.gz")
    if not os.path.exists(day):
        sh(f"python3 {ROOT}/Scripts/generate_logs.py --lines 5000000 --visitors 200000 --days 1 --servers 1 --out {day}")
    sh(f"cd {ROOT} && swift build -c release --product footfall", stdout=subprocess.DEVNULL)
    zinflate = os.path.join(DATA, "zinflate")
    sh(f"cc -O2 -o {zinflate} {ROOT}/Scripts/bench/zinflate.c -lz")
    store = tempfile.mkdtemp(prefix="footfall-bench-store-")
    shutil.rmtree(store)
    best = timed_interleaved({
        "floor": f"{zinflate} {day}",
        "ingest": f"rm -rf {store} && {FOOTFALL} ingest --config {CONFIG} --store {store} {day}",
    }, args.runs)
    floor, ingest = best["floor"], best["ingest"]
    current = os.path.realpath(os.path.join(store, "current"))
    sizes = {t: folder_size(os.path.join(current, t))
             for t in ["visits", "pageviews", "daily_hits", "daily_visits", "daily_items", "history", "members"]}
    store_bytes = sum(sizes.values())
    visits_file = os.path.join(current, "visits", "day=2026-11-17", "part-0.parquet")

    ours = timed(f"{FOOTFALL} inspect --store {store} --table visits --day 2026-11-17 --columns {COLUMNS}", 5)
    # The same read timed inside the process (--timing: opening and reading the file, not the command's start).
    read_times = []
    for _ in range(5):
        done = subprocess.run([FOOTFALL, "inspect", "--store", store, "--table", "visits", "--day", "2026-11-17",
                               "--columns", COLUMNS, "--timing"], capture_output=True, text=True, check=True)
        read_times.append(float(done.stderr.split("read in ")[1].split()[0]))
    read_seconds = min(read_times)
    duck = subprocess.run([sys.executable, "-c", f"""
import time, duckdb
best = 9e9
for _ in range(5):
    start = time.perf_counter()
    duckdb.sql("select sum(length(visitor_key)), count(distinct segment), sum(page_views), sum(duration_s), count(distinct channel) from read_parquet('{visits_file}')").fetchall()
    best = min(best, time.perf_counter() - start)
print(best)
"""], capture_output=True, text=True, check=True)
    duck_seconds = float(duck.stdout.strip())
    shutil.rmtree(store, ignore_errors=True)

    text = f"""<!-- store-benchmark:start -->
## Store: `footfall ingest` and reading back

Measured {time.strftime('%Y-%m-%d')} by `python3 Scripts/bench_store.py` (best of {args.runs} rounds, the floor and the
ingest in turn in each round). Machine: {machine()}.
Input: the 5,000,000-line day of the ingest benchmark ({os.path.getsize(day) / 1e6:.0f} MB gzipped).

| what | wall | peak memory | vs floor |
|---|---|---|---|
| zlib inflate (floor) | {floor[0]:.2f} s | {floor[1] / 1024:.0f} MB | 1.00× |
| footfall ingest (parse, sessionise, write Parquet, publish) | {ingest[0]:.2f} s | {ingest[1] / 1024:.0f} MB | **{ingest[0] / floor[0]:.1f}×** |

Goal: at most 2× the floor — **{'met' if ingest[0] <= 2 * floor[0] else 'not met'}**. GZIP pages are compressed by
libdeflate at level 1.

Where the time goes (perf, this day): four threads on two cores, and the wall time is about the total CPU
divided by two — every thread is busy, so only less work per line and per row moves the figure. Of ~10 s
of CPU: the merging thread (~33 %: merge, sessionise, number the visits, make their rows, the
`daily_visits`/`daily_items` tallies), the writing thread (~32 %: rows into column arrays, dictionary
encoding, pages, compression), the parsing thread (~22 %), inflating (~6 %), and at the end the visitor
history (~5 %, on a thread of its own that starts as soon as the last visit is numbered). Reference counting
of the rows' strings is still ~18 % of the samples: `VisitRow`/`PageViewRow` are `String`-valued, each string
retained by the row, by the column array and released twice.

History of the figure on this day: 17.8 s (first store) → ~12.2 s (session 5: writing thread, numbering and
tallies on the merging thread, ISA-L, plain-data events) → 6.3–6.9 s (session 6; interleaved A/B runs
against the previous binary and this table): the rows go straight into column arrays that the Parquet writer takes whole
(no batch copy; a day's writers were a struct in a dictionary, copied with all its arrays on each access),
string dictionaries keyed by a fast interner with a cache on the strings' machine words in front (no
`Hasher`, no retain for repeated values), dictionary-encoded chunks built without a dense copy of the values,
`daily_items` tallies keyed by interned ids, the history updates as arrays sorted with `memcmp` (the sort
compared `String.UTF8View`s byte by byte), visit rows made once per visit for both tables. Tried and dropped:
a third thread for the `daily_items` tallies (15.0 s, 23 s of CPU: the threads share the rows' strings, and
reference counting them from three threads costs more than it saves); row groups of 65,536 rows (`pageviews`
6 % bigger, no faster); column arrays reserved at full row-group size (+60 MB, no faster). The next step is
rows that carry the vocabulary's numbers straight into the Parquet dictionary pages, so that the writer
never sees a `String` per value.

The nightly job over a month (`Scripts/make_month_store.sh`, a ~3.1M-line day a night, 30 nights): the visitor
history is now held as sorted columns and merged into the next version as a stream. With 3.5–4.4M visitor
keys in the store (nights 26–30) an ingest took 17.6–18.6 s and 650–680 MB. With the history as a dictionary
of strings, night 20 (3.0M keys) took 29.8 s and 1.74 GB, and nights 22–25 2.4–2.6 GB (their 53–76 s were
measured while builds ran beside them). Night 29 ingested both ways gave identical visits and history files.
Night 30 ingested again into the finished month store (3.1M lines, 4.4M visitor keys; a copy of the store made
with `cp -al`, the night's file with an empty gzip member appended so that it is not skipped as already
ingested): 9.4–10.8 s and 560–580 MB with session 6's binary, 12.7–13.1 s and 575 MB with session 5's, run in turn.

Store size for the day: {store_bytes / 1e6:.1f} MB = **{store_bytes / os.path.getsize(day) * 100:.0f} %** of the gzipped input
(visits {sizes['visits'] / 1e6:.1f} MB, pageviews {sizes['pageviews'] / 1e6:.1f} MB, daily_hits {sizes['daily_hits'] / 1e6:.2f} MB,
daily_visits {sizes['daily_visits'] / 1e6:.2f} MB, daily_items {sizes['daily_items'] / 1e6:.2f} MB, history {sizes['history'] / 1e6:.1f} MB,
members {sizes['members'] / 1e6:.2f} MB; GZIP codec at level 1, dictionary encoding).

Reading one day's `visits` columns ({COLUMNS}) back:
footfall inspect {ours[0]:.3f} s for the whole process (decodes every value, one task per column chunk on each
core, best of 5), of which {read_seconds:.3f} s open and read the file (`--timing`, best of 5); the rest is the
command's start (loading the Swift runtime and Foundation, argument parsing: about 10 ms). DuckDB {duck_seconds:.3f} s
(query only, in Python after import, best of 5; the query decodes the values: `sum(length(visitor_key))`,
`count(distinct segment)`, `sum(page_views)`, `sum(duration_s)`, `count(distinct channel)` — a bare `count(col)`
is answered from the footer statistics without reading data). footfall's read is **{read_seconds / duck_seconds:.2f}×**
DuckDB's query, the whole command **{ours[0] / duck_seconds:.2f}×** (goal ≤ 1×: {'met' if ours[0] <= duck_seconds else 'met by the read, not by the whole command' if read_seconds <= duck_seconds else 'not met'}).
<!-- store-benchmark:end -->
"""
    print(text)
    if not args.no_write:
        write_section("store-benchmark", text)


if __name__ == "__main__":
    main()

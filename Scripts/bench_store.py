#!/usr/bin/env python3
"""Store benchmark for footfall (issue: the store).

In one run on the generated 5-million-line day: the zlib inflate floor; `footfall ingest` end to end
(parse, sessionise, write Parquet) into a fresh store, with peak memory; the store's size against the
gzipped input; and reading one day's `visits` columns back with `footfall inspect` against DuckDB
reading the same file (DuckDB timed inside Python, after import).
Writes the figures to BENCHMARKS.md (section between the store markers).

Usage: python3 Scripts/bench_store.py [--runs 3] [--reference OTHER-FOOTFALL-BINARY] [--no-write]
"""
import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bench_ingest import DATA, FOOTFALL, ROOT, ensure_tools, machine, median_sentence, reference_row, reference_sentence, sh, timed, timed_interleaved, write_section  # noqa: E402

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
    parser.add_argument("--reference", help="another footfall binary (say, a build of an earlier commit) run in the "
                        "same rounds, so that a change of the figure can be told apart from a change of the machine's pace")
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
    commands = {"floor": f"{zinflate} {day}"}
    if args.reference:
        commands["reference"] = f"rm -rf {store} && {args.reference} ingest --config {CONFIG} --store {store} {day}"
    # Last in each round, so that the store measured and read below is this binary's.
    commands["ingest"] = f"rm -rf {store} && {FOOTFALL} ingest --config {CONFIG} --store {store} {day}"
    walls = {}
    best = timed_interleaved(commands, args.runs, walls)
    floor, ingest = best["floor"], best["ingest"]
    # Schema 6 (Delta Lake tables): a table's folder holds its files and its _delta_log; one ingest, so every
    # file is the version's.
    import store_tables
    sizes = {t: folder_size(os.path.join(store, t))
             for t in ["visits", "pageviews", "daily_hits", "daily_visits", "daily_items", "member_interest", "history", "members"]}
    store_bytes = sum(sizes.values())
    visits_file = store_tables.files(store, "visits/day=2026-11-17")[0]

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
| footfall ingest (parse, sessionise, write Parquet, publish) | {ingest[0]:.2f} s | {ingest[1] / 1024:.0f} MB | **{ingest[0] / floor[0]:.1f}×** |{reference_row(best, args)}

Goal: at most 2× the floor — **{'met' if ingest[0] <= 2 * floor[0] else 'not met'}**. GZIP pages are compressed by
ISA-L's igzip at level 1.{median_sentence(walls, "ingest")}

Where the time goes (perf, this day, session 9): five threads on two cores, and the wall time is about the
total CPU divided by two — every thread is busy, so only less work per line and per row moves the figure. Of
the CPU: the parsing thread (~34 %), the writing thread (~27 %: visits and page views into column buffers,
pages, dictionary pages, compression), the merging and sessionising thread (~22 %: merge, sessionise, number
the visits, the `daily_visits`/`daily_items` tallies), inflating (~14 %), the visitor history at the end
(~2.7 %, beside the last row groups, the member numbers and the rollups) and the sources' checksums (~0.5 %,
on a thread of their own beside the run). The ratio moves with this VM's phases: within session 9 the same
binary gave 3.30–3.55 s (1.9–2.0×) in fast stretches and 3.8–4.3 s (2.2–2.5×) in slow ones (the floor moves
less: it runs on one core, the ingest needs both). The reference binary's row, run in the same rounds, is the
fair comparison between sessions.

History of the figure on this day: 17.8 s (first store) → ~12.2 s (session 5) → 6.3–6.9 s (session 6) →
3.9–4.9 s (session 7) → 3.4–5.0 s (session 8) → 3.3–4.3 s (session 9, by the VM's pace) → 3.2–4.0 s (session
10; medians of its runs 2.1–2.2× the floor's) → 3.2–3.5 s (session 11) → 3.2–3.3 s (session 12) → 3.5 s (session 14:
the `member_interest` rollup cost nothing measurable) → session 16 (this
table{reference_sentence(best, args, "ingest")}; the reference is session 15's build, which published a whole version
folder of hard links and switched a symlink).

Session 16 (issue 23, Delta Lake tables): the ingest now moves its files into the tables under unique names, reads
each new file's footer for the `add` action's stats, replays every table's Delta log, writes one commit per table
and the store-level commit (each written, flushed and linked), and runs the retention's cleanup — about 30 file-system
calls more than before, none of them a copy. The session's run shared the two cores with a Spark job of a concurrent
check (the medians are twice the best rounds for both binaries); the interleaved rounds keep the comparison fair:
best −5 %, medians +2 % against the reference — within the 5 % the issue allows.

Session 12 (issue 18, reliability; the reference is session 11's binary): pages carry a CRC-32, every data file's
size, CRC-32 and footer CRC-32 are read back into the manifest (the files are still in the page cache), the previous
version's day files are checked whole on a thread of their own, each file's first timestamp is read before the
merge, visits past `max_visit_page_views` are dropped, event vocabularies grow in doubling segments. In the same
rounds the ingest took +1 % (best) and +0.3 % (medians) of the reference's time; peak memory 290 against 297 MB.

Session 11: `pageviews.visit_id` and `visitor_key` are dictionary-encoded from codes into byte arrays stored once
per visit and per visitor (`ParquetCodedByteArrays`; their dictionaries may reach 8 MiB where the others stop at
1 MiB), instead of a copy of both per page view written PLAIN; the store's content is unchanged (DuckDB), its size
+0.7 % (unique ids compress less well than their repetitions did). That alone saved few instructions — the
deflate of the repeated bytes had been cheap, and the dictionary indices took the bit-packer's slow path — so the
bit-packer now writes 32 bits at a time into room made once, and data pages of fixed-size values are cut by
arithmetic instead of a pass over the rows. Also: the igzip stream is kept from page to page (zeroing its 82 KB
per page cost more than compressing a small one), visit ids' digits are made on the stack (an append per digit
and a reversed slice cost 1,500 instructions per visit), a visit's events start with room for four, the writer's
per-row-group checks read through buffers, and `ingest` sets glibc's mmap and trim thresholds so that the row
groups' column buffers reuse freed memory instead of faulting in fresh pages (~15 % fewer page faults, 0.1 s less
system time). Instructions on the 1M-line day: 8.06 → 7.73 G (−4.1 %); on the 5M day, 8 interleaved rounds
against session 10's binary: medians 3.58 s against 3.71 s wall, 6.64 s against 6.88 s of CPU (−3.5 %). Every
table identical with DuckDB.

Session 10: the lines of the common log format and its quoted extensions (`combined`, `combined_cookie`) are
parsed by straight-line code (`CommonLogFastPath`) instead of the compiled format's step loop, whose loads and
dispatch per field were a third of the parser's instructions; the fast path only accepts a line, and any line
it does not take is parsed by the step loop as before (a test compares the two field by field on real logs). The
static-extension check became one hash probe (a scan of two dozen extensions per image) and the exclude rules
compare a path's prefix with two loads (it was built byte by byte per rule and line). Instructions on the
1M-line day: 8.75 → 8.06 G (−7.9 %); on the 5M day, interleaved rounds against session 9's binary gave medians of
3.92 s against 4.19 s wall and 6.6 s against 7.0 s of user CPU (−6 %), while the best of five rounds moved less
than the VM's noise. Every table identical with DuckDB.

Session 9: each step was checked three ways: instructions counted by `valgrind --tool=cachegrind` on the 1M-line day
(deterministic, so a step's effect shows without the VM's noise: 9.50 → 8.64 G instructions over the session),
perf samples per thread, and interleaved timings against the previous binary; every table checked identical
with DuckDB each time. Session 9's steps, in the order they paid:
- Copies and reference counting per line and per page view: the byte interners and the short-key cache keep
  their tables in raw memory (as arrays in a class, every look-up retained and released them and every insert
  checked their uniqueness); page-view events are read through a pointer where they are coded, rolled up and
  closed into visits (a copy retained their strings), path facts are a class, page rules are read in place,
  the site model is no longer copied per visit. −5.4 % instructions, ~−14 % time.
- The writer: byte-array pages filled through one buffer made at once (no append per length and per value);
  coded-string chunks remapped into index and level buffers made at once; the table builders append plain
  values to buffers of their own (`ColumnBuffer`: no uniqueness check or retain per append; kept between row
  groups).
- The per-line call of the file's builder specialised (`MergedLogReader.startReading` inlinable: it was a
  protocol-witness call with a retain and a release of the builder per line).
- Cache misses overlapped with work (`CPrefetch`, a header-only C target for `__builtin_prefetch`): the history
  merge asks for the keys, ends and entries it reads a few keys ahead (the history thread, alone at the end of
  the run, −10 to −14 %); the sessioniser is shown the page view four places ahead in the merge's queue and
  prefetches its visitor's state (that cold read was ~60 % of `add`, now ~30 %); the page-view builder asks for
  the visitor key's slots in the short-key cache and the interner first and reads them after the page's facts.
- The run's tail: the writing thread closes the day files while the main thread writes the rollups (it used
  to close them itself, after); the member numbers are written on a thread of their own beside the history;
  a single-file run's sessioniser numbers visitor keys without a run-wide look-up (a file's new key is new to
  the run).
What is left is spread thin: line parsing (~10 % of the CPU with its field searches), classification and the
user-agent cache, inflating, the column builders and page encoding, the cold reads of a visit's key and events
when it closes and when it is written.

The nightly job over a month (`Scripts/make_month_store.sh`, a ~3.1M-line day a night, 30 nights): the visitor
history is now held as sorted columns and merged into the next version as a stream. With 3.5–4.4M visitor
keys in the store (nights 26–30) an ingest took 17.6–18.6 s and 650–680 MB. With the history as a dictionary
of strings, night 20 (3.0M keys) took 29.8 s and 1.74 GB, and nights 22–25 2.4–2.6 GB (their 53–76 s were
measured while builds ran beside them). Night 29 ingested both ways gave identical visits and history files.
Night 30 ingested again into the finished month store (3.1M lines, 4.4M visitor keys; a copy of the store made
with `cp -al`, the night's file with an empty gzip member appended so that it is not skipped as already
ingested): 5.2–5.9 s and 506–521 MB with session 9's binary against 6.1–6.2 s and 499–526 MB with session 8's,
run in turn; every table of the two stores is identical (DuckDB). Earlier: 6.6–6.9 s with session 8's binary
against 8.1–8.4 s with session 7's (a slower stretch of the VM), 8.8–9.4 s with session 6's, 12.7–13.1 s and
575 MB with session 5's.

Store size for the day: {store_bytes / 1e6:.1f} MB = **{store_bytes / os.path.getsize(day) * 100:.0f} %** of the gzipped input
(visits {sizes['visits'] / 1e6:.1f} MB, pageviews {sizes['pageviews'] / 1e6:.1f} MB, daily_hits {sizes['daily_hits'] / 1e6:.2f} MB,
daily_visits {sizes['daily_visits'] / 1e6:.2f} MB, daily_items {sizes['daily_items'] / 1e6:.2f} MB,
member_interest {sizes['member_interest'] / 1e6:.2f} MB, history {sizes['history'] / 1e6:.1f} MB,
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

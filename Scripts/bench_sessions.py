#!/usr/bin/env python3
"""Sessions benchmark for footfall (issue: sessions, identity and segments).

In one run:
  1. on the generated 5-million-line day (the ingest benchmark's file): the zlib inflate floor,
     `footfall parse`, and `footfall sessions` (parse + sessionise), with wall time and peak memory;
  2. memory over repeated days: one generated 1-million-line day, then the same traffic replayed on
     the next days (dates shifted, same visitor keys), read as 1, 2 and 3 files; peak memory should
     stay flat.
Writes the figures to BENCHMARKS.md (section between the sessions markers) and prints them.

Usage: python3 Scripts/bench_sessions.py [--runs 3] [--reference OTHER-FOOTFALL-BINARY] [--no-write]
"""
import argparse
import json
import os
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bench_ingest import DATA, FOOTFALL, ROOT, ensure_tools, machine, median_sentence, reference_row, reference_sentence, sh, timed, timed_interleaved, write_section  # noqa: E402

CONFIG = os.path.join(ROOT, "SampleLogs", "site.toml")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--no-write", action="store_true")
    parser.add_argument("--reference", help="another footfall binary (say, a build of an earlier commit) run in the "
                        "same rounds, so that a change of the figure can be told apart from a change of the machine's pace")
    args = parser.parse_args()
    ensure_tools()
    os.makedirs(DATA, exist_ok=True)
    day = os.path.join(DATA, "day-5000k.log.gz")
    if not os.path.exists(day):
        sh(f"python3 {ROOT}/Scripts/generate_logs.py --lines 5000000 --visitors 200000 --days 1 --servers 1 --out {day}")
    small = os.path.join(DATA, "day-1000k.log.gz")
    if not os.path.exists(small):
        sh(f"python3 {ROOT}/Scripts/generate_logs.py --lines 1000000 --visitors 40000 --days 1 --servers 1 --out {small}")
    replays = [small]
    for shift, date in [(1, "18"), (2, "19")]:
        path = os.path.join(DATA, f"day-1000k-replay{shift}.log.gz")
        if not os.path.exists(path):
            sh(f"gzip -dc {small} | sed 's#\\[17/Nov/2026:#[{date}/Nov/2026:#' | gzip -1 > {path}")
        replays.append(path)
    print("building release …", flush=True)
    sh(f"cd {ROOT} && swift build -c release --product footfall", stdout=subprocess.DEVNULL)
    zinflate = os.path.join(DATA, "zinflate")
    sh(f"cc -O2 -o {zinflate} {ROOT}/Scripts/bench/zinflate.c -lz")

    commands = {
        "floor": f"{zinflate} {day}",
        "parse": f"{FOOTFALL} parse {day} --config {CONFIG} --json",
        "sessions": f"{FOOTFALL} sessions {day} --config {CONFIG} --json",
    }
    if args.reference:
        commands["reference"] = f"{args.reference} sessions {day} --config {CONFIG} --json"
    walls = {}
    best = timed_interleaved(commands, args.runs, walls)
    floor, parse, sessions = best["floor"], best["parse"], best["sessions"]
    figures = json.loads(sessions[2])["days"][0]

    repeat_rows = []
    for count in (1, 2, 3):
        joined = os.path.join(DATA, f"replay-{count}-days.log.gz")
        if not os.path.exists(joined):
            sh(f"cat {' '.join(replays[:count])} > {joined}")  # gzip members back to back
        wall, rss, out = timed(f"{FOOTFALL} sessions {joined} --config {CONFIG} --json", 1)
        days = json.loads(out)["days"]
        visits = sum(d["visits"] for d in days)
        repeat_rows.append(f"| {count} | {count}M | {visits:,} | {wall:.2f} s | {rss / 1024:.0f} MB |")
    wall3, rss3, _ = timed(f"{FOOTFALL} sessions {' '.join(replays)} --config {CONFIG} --json", 1)

    ratio = sessions[0] / floor[0]
    if ratio <= 1.5 and sessions[1] < 256 * 1024:
        verdict = "**Both are met.**"
    elif sessions[1] < 256 * 1024:
        verdict = f"Memory is met; time is **not yet** ({ratio:.2f}×) — see \"Where the time goes\" below."
    else:
        verdict = "**Not met** — see below."
    text = f"""<!-- sessions-benchmark:start -->
## Sessions: `footfall sessions` (parse + sessionise)

Measured {time.strftime('%Y-%m-%d')} by `python3 Scripts/bench_sessions.py` (release build, best of {args.runs} rounds, the three commands in turn in each round).
Machine: {machine()}. Config: `SampleLogs/site.toml`.

On the 5,000,000-line day of the ingest benchmark ({figures['visits']:,} visits, {figures['visitors']:,} visitor keys,
{figures['page_views']:,} page views):

| command | wall | peak memory | vs floor |
|---|---|---|---|
| zlib inflate (floor) | {floor[0]:.2f} s | {floor[1] / 1024:.0f} MB | 1.00× |
| footfall parse | {parse[0]:.2f} s | {parse[1] / 1024:.0f} MB | {parse[0] / floor[0]:.2f}× |
| footfall sessions | {sessions[0]:.2f} s | {sessions[1] / 1024:.0f} MB | **{sessions[0] / floor[0]:.2f}×** |{reference_row(best, args)}

Goal: at most 1.5× the floor and under 256 MB. {verdict}

Memory when the same visitors' traffic is repeated over more days (a generated 1M-line day, replayed on
the next days with shifted dates; the days back to back in one gzip file):

| days | lines | visits | wall | peak memory |
|---|---|---|---|---|
{chr(10).join(repeat_rows)}

Memory stays flat: it follows the visitors active at once and the distinct visitor keys, not the input.
Read as three separate files at once (one reader thread each, merged by time), the three days take
{wall3:.2f} s and {rss3 / 1024:.0f} MB: each file being read holds its own buffers and queued page views.

### Where the time goes (perf, this machine)

Three threads on two cores. The inflating thread (ISA-L's igzip, ~0.6 s of CPU on the 5M day, CRC-32
included; ~21 % of the samples) also prepares each 1 MiB chunk for the next: it finds the line ends and the
bytes that the text check must look at (NUL, 0x80 and above), so that the parsing thread skips the check for
every ASCII line and calls no `memchr` per line for its end. The parsing thread (~54 %: line parsing and field
search ~30 % of it, classification, event building with the per-file `EventVocabulary` numbers, visitor keys
looked up in a cache of recent keys before the interner) sets the pace; the merging and sessionising thread
(~24 %) makes, per visit, only the figures a summary needs. Session 7 took it from 1.40–1.60× to 1.30–1.46×:
a closed visit's day was read from a visit row built for it (every visit's strings, path and funnel
dictionary made on the sessionising thread just for its day; now the visit's own field); a field search looks
at its first eight bytes as one word before calling `memchr`, and literals of up to eight bytes are matched
as one word (most fields and separators of a line fit in a word); the summary looks up no dictionary per
visit. Tried and dropped: parsing the lines that lie wholly inside a chunk on the inflating thread as well
(the three threads' work evens out, but copying each line's parsed fields between the threads cost more than
it saved: 2.45 s against 2.15 s). Timings on this shared VM vary by ±15 % from run to run (the host takes a
core away at times, and the floor runs on one core while footfall needs both); the table gives the best of
the rounds of one run. Twelve runs of this script on 2026-11-21 with session 7's binaries, before the run of
the table, gave 1.33, 1.45, 1.39, 1.43, 1.30, 1.46, 1.43, 1.39, 1.52, 1.32, 1.37 and 1.29×: eleven under the
goal, by 3 to 14 %, and one over it by 1 % (1.52×, in a slow stretch of the VM in which the ingest's ratio
rose too).

Session 8 (the store's work) left this command's code path as it was, apart from cookie headers searched a
word at a time; numbering clients in the file's vocabulary was tried and dropped (~11 % slower here: a table of
170k addresses missed the cache on the parsing thread). Its table was measured in a slow stretch of the VM
(1.62–1.63× for session 7's and 8's binaries alike).

Session 12 (issue 18; the reference is session 11's binary){reference_sentence(best, args, "sessions")}.{median_sentence(walls, "sessions")}
Instructions (cachegrind, the 1M-line day): 5.07 G for session 11's binary, 5.19 G for session 12's (+2.3 %: the
plausible-time check, the robot-like visit check per page view, vocabularies in doubling segments, caches made on
first use, e-mail openers, SPEC §6's host rules); on a 200k-line slice −0.2 %. The wall times of one run move more
than that on this VM (±15 %).

Session 10: the common log format's lines are parsed by straight-line code (`CommonLogFastPath`, see the store's
section).

Session 9 (the store's work again) made this command faster too (a run of this script on 2026-11-22 in a faster
stretch of the VM: 2.29 s against session 8's 2.82 s, −19 %, 1.37× the floor; the two binaries' gap narrows in
slow stretches, where both wait on memory more):
the per-file builder is called directly on the parsing thread (`MergedLogReader.startReading` is inlinable,
so it is specialised for the builder: it was a protocol-witness call with a retain and a release per line);
the byte interners and the short-key cache keep their tables in raw memory (no retain, release or uniqueness
check per look-up); the visitor key's slots in the cache and the interner are prefetched before the page's
facts are worked out and read after; path facts are a class and page rules are read in place (copying them
per page view retained their strings); the sessioniser prefetches the visitor state of the page view four
places ahead in the merge's queue, and reads a closing visit's events in place.
<!-- sessions-benchmark:end -->
"""
    print(text)
    if not args.no_write:
        write_section("sessions-benchmark", text)


if __name__ == "__main__":
    main()

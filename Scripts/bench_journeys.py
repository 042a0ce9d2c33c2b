#!/usr/bin/env python3
"""Times SPEC §14's reports (funnel --window, attribution, cohorts) over a store beside DuckDB running the same SQL.

Usage: python3 Scripts/bench_journeys.py [--store bench-data/month-store] [--footfall .build/release/footfall]
                                         [--config SampleLogs/site.toml] [--runs 3]

Each case runs `footfall report … --format json` (release build, best of N wall time, peak RSS from /usr/bin/time)
and the DuckDB SQL of Scripts/journey_sql.py over the store's Parquet files in one process (best of N, the module
import not counted, a fresh connection per run); the figures of the two are compared as the tests compare them.
Prints a Markdown table for BENCHMARKS.md.
"""
import argparse
import json
import os
import subprocess
import sys
import time
import tomllib
from types import SimpleNamespace

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "Scripts"))
import journey_sql  # noqa: E402


def differences(expected, actual, path=""):
    if isinstance(expected, dict):
        if not isinstance(actual, dict):
            return [f"{path}: not an object"]
        return [d for key in expected for d in differences(expected[key], actual.get(key), f"{path}.{key}")]
    if isinstance(expected, list):
        if not isinstance(actual, list) or len(actual) != len(expected):
            return [f"{path}: lengths differ"]
        return [d for i, (e, a) in enumerate(zip(expected, actual)) for d in differences(e, a, f"{path}[{i}]")]
    if isinstance(expected, (int, float)) and not isinstance(expected, bool):
        if not isinstance(actual, (int, float)) or abs(expected - actual) > 1e-6 * max(1, abs(expected)):
            return [f"{path}: {expected} ≠ {actual}"]
        return []
    return [] if str(expected) == str(actual) else [f"{path}: {expected} ≠ {actual}"]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--store", default=os.path.join(ROOT, "bench-data/month-store"))
    parser.add_argument("--footfall", default=os.path.join(ROOT, ".build/release/footfall"))
    parser.add_argument("--config", default=os.path.join(ROOT, "SampleLogs/site.toml"))
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    import store_tables
    manifest = store_tables.latest_commit(args.store)
    days = sorted(manifest["days"])
    first, last = days[0], days[-1]
    config = tomllib.load(open(args.config, "rb"))
    funnel = config["funnels"][0]
    cases = [
        ("funnel insurance_signup --window 7", ["funnel", funnel["name"], "--window", "7"], "funnel",
         dict(funnel=funnel["name"], steps=funnel["steps"], window=7)),
        ("funnel insurance_signup --window 30", ["funnel", funnel["name"], "--window", "30"], "funnel",
         dict(funnel=funnel["name"], steps=funnel["steps"], window=30)),
        ("funnel insurance_signup (within a visit)", ["funnel", funnel["name"]], None, None),
        ("attribution --goal apply_complete", ["attribution", "--goal", "apply_complete"], "attribution", dict(goal="apply_complete", lookback=30)),
        ("attribution --goal signup_complete --lookback 7", ["attribution", "--goal", "signup_complete", "--lookback", "7"], "attribution",
         dict(goal="signup_complete", lookback=7)),
        ("cohorts --by week", ["cohorts", "--by", "week"], "cohorts", dict(by="week", goal=None, periods=8)),
        ("cohorts --by month --goal premium_quote", ["cohorts", "--by", "month", "--goal", "premium_quote"], "cohorts",
         dict(by="month", goal="premium_quote", periods=8)),
    ]
    print(f"Store: {args.store} ({len(days)} days, {first} – {last}); {args.runs} runs, best kept.\n")
    print("| report | footfall | peak RSS | DuckDB SQL | DuckDB ÷ footfall | figures |")
    print("|---|---:|---:|---:|---:|---|")
    for label, report_args, kind, options in cases:
        best, peak, output = None, 0, None
        for _ in range(args.runs):
            started = time.perf_counter()
            done = subprocess.run(["/usr/bin/time", "-f", "%M", args.footfall, "report"] + report_args +
                                  ["--store", args.store, "--config", args.config, "--from", first, "--to", last, "--format", "json"],
                                  capture_output=True, text=True)
            elapsed = time.perf_counter() - started
            if done.returncode != 0:
                sys.exit(f"footfall report {' '.join(report_args)} failed: {done.stderr}")
            peak = max(peak, int(done.stderr.strip().splitlines()[-1]))
            best = elapsed if best is None else min(best, elapsed)
            output = json.loads(done.stdout)
        sql_best, verdict = None, "–"
        if kind:
            namespace = SimpleNamespace(store=args.store, from_=first, to=last, segment=None, channel=None, device=None, **options)
            expected = None
            for _ in range(args.runs):
                started = time.perf_counter()
                expected = getattr(journey_sql, kind)(journey_sql.connect(), namespace)
                elapsed = time.perf_counter() - started
                sql_best = elapsed if sql_best is None else min(sql_best, elapsed)
            found = differences(expected, output)
            verdict = "equal" if not found else "DIFFER: " + "; ".join(found[:3])
        sql_text = f"{sql_best:.2f} s" if sql_best is not None else "–"
        ratio = f"{sql_best / best:.1f}×" if sql_best is not None else "–"
        print(f"| `{label}` | {best:.2f} s | {peak / 1024:.0f} MB | {sql_text} | {ratio} | {verdict} |", flush=True)


if __name__ == "__main__":
    main()

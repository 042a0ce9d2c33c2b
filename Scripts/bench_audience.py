#!/usr/bin/env python3
"""Times `footfall audience` (SPEC §15) over a store beside DuckDB running the same selection in SQL.

Usage: python3 Scripts/bench_audience.py [--store bench-data/month-store] [--footfall .build/release/footfall]
                                         [--reference OLD_BINARY] [--config SampleLogs/site.toml] [--runs 3]

Each case runs `footfall audience … --format csv --output FILE` (release build, best of N, peak RSS from
/usr/bin/time) and, where SQL can say it, DuckDB's query over the store's Parquet files and customers.csv
(`fetchall()` of the member ids, best of N, the module import not counted); the member sets are compared.
Prints a Markdown table for BENCHMARKS.md.
"""
import argparse, csv, os, subprocess, sys, tempfile, time, tomllib

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def cases(first, last, customers):
    interest = lambda cond: f"""select member_id, sum((1 + least(coalesce(time_on_page_s, 0), 600) / 60.0 + interest_action)
        * pow(0.5, (date '{last}' - day::date) / 30.0)) as score from P where product is not null and {cond} group by 1"""
    category = interest("product_category = '보험'")
    goal = lambda g: f"list_contains(from_json(goals, '[\"VARCHAR\"]'), '{g}')"
    return [
        ("every member who visited", [], "select member_id from M"),
        ("--segment customer --maturity-within 20", ["--segment", "customer", "--maturity-within", "20"],
         f"select member_id from M join C using (member_id) where M.segment = 'customer' and C.maturity_date > '{last}' "
         f"and C.maturity_date::date <= date '{last}' + 20"),
        ("--segment member --interest 보험:5 --not-reached apply_complete", ["--segment", "member", "--interest", "보험:5", "--not-reached", "apply_complete"],
         f"select member_id from M where segment = 'member' intersect select member_id from ({category}) "
         f"where round(score, 6) >= 5 except select member_id from V where {goal('apply_complete')}"),
        ("--min-visits 3 --reached login --visited-within 7", ["--min-visits", "3", "--reached", "login", "--visited-within", "7"],
         f"select member_id from M where visits >= 3 and last_day::date > date '{last}' - 7 intersect select member_id from V where {goal('login')}"),
        ("--dropped insurance_signup:2", ["--dropped", "insurance_signup:2"],
         "select member_id from V group by 1 having max(coalesce(json_extract(funnel_steps, '$.insurance_signup')::int, 0)) = 2"),
        ("--dropped insurance_signup:2 --window 7", ["--dropped", "insurance_signup:2", "--window", "7"], None),
        ("--campaign BN_AUTUMN01 --order-by interest --limit 1000", ["--campaign", "BN_AUTUMN01", "--order-by", "interest", "--limit", "1000"], None),
        ("--where occupation=회사원 --age 30-49", ["--where", "occupation=회사원", "--age", "30-49"],
         f"select member_id from M join C using (member_id) where C.occupation = '회사원' and {last[:4]} - C.birth_year::int between 30 and 49"),
    ]


def run_footfall(binary, store, config, args, runs):
    best, peak, members = None, 0, None
    out = tempfile.mktemp(suffix=".csv")
    for _ in range(runs):
        started = time.perf_counter()
        done = subprocess.run(["/usr/bin/time", "-f", "%M", binary, "audience", "--store", store, "--config", config, "--output", out] + args,
                              capture_output=True, text=True)
        elapsed = time.perf_counter() - started
        if done.returncode != 0:
            sys.exit(f"footfall audience {' '.join(args)} failed: {done.stderr}")
        peak = max(peak, int(done.stderr.strip().splitlines()[-1]))
        best = elapsed if best is None else min(best, elapsed)
    with open(out, encoding="utf-8") as f:
        members = sorted(row["member_id"] for row in csv.DictReader(f))
    os.remove(out)
    return best, peak, members


def full_rows(selection, last):
    """The selection with what footfall writes for each member: visits, last visit, the top 3 products by interest."""
    return f"""
        , S as ({selection}),
        I as (select member_id, product, sum((1 + least(coalesce(time_on_page_s, 0), 600) / 60.0 + interest_action)
                                             * pow(0.5, (date '{last}' - day::date) / 30.0)) as score
              from P semi join S using (member_id) where product is not null group by 1, 2),
        T as (select member_id, list(product order by score desc, product)[1:3] as top from I group by 1)
        select S.member_id, M.visits, M.last_start, T.top from S join M using (member_id) left join T using (member_id)"""


def run_duckdb(store, customers, sql, runs, last=None):
    import duckdb
    text = f"""
        with V as (select * from read_parquet('{store}/visits/*/*.parquet', hive_partitioning = true) where member_id is not null),
             P as (select * from read_parquet('{store}/pageviews/*/*.parquet', hive_partitioning = true) where member_id is not null),
             C as (select * from read_csv('{customers}', header = true, all_varchar = true)),
             M as (select member_id, count(*) as visits, max(day) as last_day, arg_max(segment, start) as segment, max(start) as last_start
                   from V group by 1)
        {full_rows(sql, last) if last else sql}"""
    best, rows = None, None
    for _ in range(runs):
        started = time.perf_counter()
        rows = duckdb.connect().sql(text).fetchall()
        elapsed = time.perf_counter() - started
        best = elapsed if best is None else min(best, elapsed)
    return best, sorted(row[0] for row in rows)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--store", default=os.path.join(ROOT, "bench-data", "month-store"))
    parser.add_argument("--footfall", default=os.path.join(ROOT, ".build", "release", "footfall"))
    parser.add_argument("--reference", help="an earlier footfall binary to time beside (if it has the audience command)")
    parser.add_argument("--config", default=os.path.join(ROOT, "SampleLogs", "site.toml"))
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    site = tomllib.load(open(args.config, "rb"))
    customers = os.path.join(os.path.dirname(os.path.abspath(args.config)), site["site"]["customers"])
    days = sorted(d for d in os.listdir(os.path.join(args.store, "current", "visits")) if d.startswith("day="))
    first, last = days[0][4:], days[-1][4:]
    print(f"Store {args.store}: {first} – {last} ({len(days)} days); best of {args.runs}\n")
    header = ("| audience | members | footfall | peak RSS | DuckDB, ids only | DuckDB, the same rows | footfall vs DuckDB (rows) | same members |"
              + (" reference |" if args.reference else ""))
    print(header)
    print("|---|---|---|---|---|---|---|---|" + ("---|" if args.reference else ""))
    for label, flags, sql in cases(first, last, customers):
        seconds, peak, ours = run_footfall(args.footfall, args.store, args.config, flags, args.runs)
        if sql:
            ids_s, theirs = run_duckdb(args.store, customers, sql, args.runs)
            rows_s, _ = run_duckdb(args.store, customers, "select member_id from (" + sql + ")", args.runs, last=last)
            ratio = f"{rows_s / seconds:.2f}× as fast" if rows_s >= seconds else f"{seconds / rows_s:.2f}× slower"
            duck, same = f"{ids_s:.3f} s | {rows_s:.3f} s", "yes" if ours == theirs else f"NO ({len(theirs)})"
        else:
            duck, ratio, same = "– | –", "–", "n/a (no SQL)"
        line = f"| `{label}` | {len(ours):,} | {seconds:.3f} s | {peak / 1024:.0f} MB | {duck} | {ratio} | {same} |"
        if args.reference:
            ref, _, _ = run_footfall(args.reference, args.store, args.config, flags, args.runs)
            line += f" {ref:.3f} s |"
        print(line, flush=True)


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""SPEC §14's reports as DuckDB SQL over a footfall store: the second route to footfall's figures.

    python3 Scripts/journey_sql.py funnel      --store S --from D --to D --funnel NAME --steps '/a/*.do' '/b.do' --window 7
    python3 Scripts/journey_sql.py attribution --store S --from D --to D --goal G [--lookback 30]
    python3 Scripts/journey_sql.py cohorts     --store S --from D --to D --by week|month [--goal G] [--periods 8]
    (each also takes --segment, --channel, --device: the filters of SPEC §8)

Prints the report's figures as JSON under the keys footfall's JSON uses (a subset of them), so that a test can compare
the two key by key. The tests (Tests/ReportsTests/JourneySQLTests.swift) and the benchmark (Scripts/bench_journeys.py)
both use these queries. Every figure comes from SQL; Python only builds the statements and arranges the rows.
"""
import argparse
import json
import re
import sys

import os

import duckdb

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import store_tables  # noqa: E402

MODELS = ["last_touch", "first_touch", "linear", "position_based", "time_decay"]
SEGMENTS = ["customer", "member", "anonymous_new", "anonymous"]
CHANNELS = ["campaign", "search", "social", "referral", "direct"]


def connect():
    """A connection whose time zone is UTC: `start` and `ts` are TIMESTAMPTZ to DuckDB, and `± interval N day` must be
    N × 86,400 s (SPEC §14), not N calendar days of the machine's zone."""
    con = duckdb.connect()
    con.execute("SET TimeZone = 'UTC'")
    return con


def table(store, name, row_numbers=False):
    extra = ", file_row_number = true" if row_numbers else ""
    return store_tables.relation(store, name, extra=extra)


def quoted(text):
    return "'" + text.replace("'", "''") + "'"


def glob_regex(glob):
    """A PathGlob as a regular expression: `**` any run, `*` a run without '/', the rest literal."""
    parts = re.split(r"(\*\*+|\*)", glob)
    out = ""
    for part in parts:
        if part.startswith("**"):
            out += ".*"
        elif part == "*":
            out += "[^/]*"
        else:
            out += re.escape(part)
    return out


def filters(args, alias=""):
    prefix = alias + "." if alias else ""
    clauses = []
    for column in ("segment", "channel", "device"):
        value = getattr(args, column)
        if value is not None:
            clauses.append(f"{prefix}{column} = {quoted(value)}")
    return "".join(" and " + clause for clause in clauses)


def persons(store):
    """Every visit with its person: its member number, else the key's first member, else the key."""
    return f"""
    v as (select day::date as day, file_row_number as ord, visit_id, visitor_no, member_no, start, channel, campaign, segment,
                 device, goals, funnel_steps from {table(store, 'visits', row_numbers=True)}),
    link as (select visitor_no, arg_min(member_no, start) as first_member from v where member_no is not null group by visitor_no),
    pv as (select v.*, case when v.member_no is not null then 'm' || v.member_no
                            when link.first_member is not null then 'm' || link.first_member
                            else 'v' || v.visitor_no end as person
           from v left join link using (visitor_no))"""


def attribution(con, args):
    lookback = args.lookback
    base = f"""with {persons(args.store)},
    conv as (select person, day as cday, ord as cord, start as cs from pv
             where day between date '{args.from_}' and date '{args.to}' {filters(args)}
               and list_contains(json_extract_string(goals, '$[*]'), {quoted(args.goal)})),
    tp as (select c.person, c.cday, c.cord, c.cs, t.channel, t.campaign, t.start as ts,
                  row_number() over (partition by c.person, c.cday, c.cord order by t.start, t.day, t.ord) as rn,
                  count(*) over (partition by c.person, c.cday, c.cord) as n
           from conv c join pv t on t.person = c.person and t.start <= c.cs and t.start >= c.cs - interval ({lookback}) day),
    last_nd as (select person, cday, cord, coalesce(max(rn) filter (where channel <> 'direct'), max(n)) as last_rn from tp group by all),
    credited as (select tp.*,
                   case when rn = l.last_rn then 1.0 else 0.0 end as last_touch,
                   case when rn = 1 then 1.0 else 0.0 end as first_touch,
                   1.0 / n as linear,
                   case when n = 1 then 1.0 when n = 2 then 0.5 when rn = 1 or rn = n then 0.4 else 0.2 / (n - 2) end as position_based,
                   pow(2, -(epoch_us(cs) - epoch_us(ts)) / 1e6 / 604800.0)
                     / sum(pow(2, -(epoch_us(cs) - epoch_us(ts)) / 1e6 / 604800.0)) over (partition by tp.person, tp.cday, tp.cord) as time_decay
                 from tp join last_nd l using (person, cday, cord))"""
    sums = ", ".join(f"sum({model})::double" for model in MODELS)
    channels = con.sql(base + f" select channel, count(*), {sums} from credited group by channel order by 2 desc, 1").fetchall()
    campaigns = con.sql(base + f" select campaign, count(*), {sums} from credited where campaign is not null group by campaign order by 2 desc, 1").fetchall()
    summary = con.sql(base + """,
    lags as (select person, cday, cord, any_value(n) as n, (epoch_us(any_value(cs)) - epoch_us(min(ts))) / 86400e6 as lag from tp group by all)
    select (select count(*) from conv), avg(n), median(lag), list_sort(list(lag))[greatest(ceil(0.9 * count(*))::int, 1)] from lags""").fetchall()[0]
    conversions, average, median, p90 = summary
    return {
        "conversions": conversions,
        "avg_touchpoints": average,
        "lag_days": {"median": median, "p90": p90 if conversions else None},
        "channels": [{"channel": row[0], "touchpoints": row[1], "credit": dict(zip(MODELS, row[2:]))} for row in channels],
        "campaigns": [{"campaign": row[0], "touchpoints": row[1], "credit": dict(zip(MODELS, row[2:]))} for row in campaigns],
    }


def funnel(con, args):
    steps = args.steps
    count = len(steps)
    last = con.sql(f"select least(date '{args.to}' + interval ({args.window + 1}) day, max(day::date))::date "
                   f"from {table(args.store, 'visits')}").fetchall()[0][0]
    window = f"interval ({args.window}) day"
    matches = ", ".join(f"regexp_full_match(g.path, {quoted(glob_regex(step))}) as m{k + 1}" for k, step in enumerate(steps))
    any_match = " or ".join(f"m{k + 1}" for k in range(count))
    chain = []
    for k in range(2, count + 1):
        previous = f"t{k - 1}" if k > 2 else "s1"
        chain.append(f"""s{k} as (select s.*, min(y.pos) as p{k} from {previous} s left join mv y
                    on y.person = s.person and y.m{k} and y.pos > s.p{k - 1} and y.ts <= s.t1 + {window} group by all),
    t{k} as (select s.*, y.ts as ts{k}, y.day as day{k}, y.visit_id as vid{k}, y.sequence as seq{k} from s{k} s left join mv y on y.person = s.person and y.pos = s.p{k})""")
    reached = " + ".join(["1"] + [f"(p{k} is not null)::int" for k in range(2, count + 1)])
    last_step = f"t{count}" if count > 1 else "s1"
    sql = f"""with {persons(args.store)},
    opener as (select distinct pv.person from pv join {table(args.store, 'pageviews')} o on o.day::date = pv.day and o.visit_id = pv.visit_id
               where pv.day between date '{args.from_}' and date '{args.to}' {filters(args, 'pv')}
                 and regexp_full_match(o.path, {quoted(glob_regex(steps[0]))})),
    vis as (select pv.*, (pv.day between date '{args.from_}' and date '{args.to}' {filters(args, 'pv')}) as selected
            from pv join opener using (person) where pv.day between date '{args.from_}' and date '{last}'),
    g as (select day::date as day, visit_id, sequence, ts, path, page from {table(args.store, 'pageviews')}
          where day::date between date '{args.from_}' and date '{last}'),
    m as (select vis.person, vis.selected, vis.segment, vis.channel, g.day, vis.ord, g.visit_id, g.sequence, g.ts, {matches}
          from g join vis on vis.day = g.day and vis.visit_id = g.visit_id),
    mv as (select *, row_number() over (partition by person order by ts, day, ord, sequence) as pos from m where {any_match}),
    s1 as (select person, pos as p1, ts as t1, ts as ts1, segment, channel, day as day1, visit_id as vid1, sequence as seq1 from mv where m1 and selected),
    {(',' + chr(10) + '    ').join(chain) + ',' if chain else ''}
    counted as (select *, {reached} as reached from {last_step}),
    best as (select * from (select *, row_number() over (partition by person order by reached desc, p1) as r from counted) where r = 1)"""
    con.sql(f"create or replace temp table best_attempts as {sql} select * from best")
    result = {"steps": [], "by_segment": {}, "by_channel": {}, "next_pages_after_drop": []}
    for k in range(1, count + 1):
        persons_k = con.sql(f"select count(*) from best_attempts where reached >= {k}").fetchall()[0][0]
        if k == 1:
            median, p90 = None, None
        else:
            median, p90 = con.sql(f"""select median(gap), case when count(*) > 0 then list_sort(list(gap))[ceil(0.9 * count(*))::int] end
                from (select (epoch_us(ts{k}) - epoch_us(ts{k - 1})) / 1e6 as gap from best_attempts where reached >= {k})""").fetchall()[0]
        result["steps"].append({"persons": persons_k, "median_s_from_previous": median, "p90_s_from_previous": p90})
    for key, column, values in (("by_segment", "segment", SEGMENTS), ("by_channel", "channel", CHANNELS)):
        for value in values:
            result[key][value] = [con.sql(f"select count(*) from best_attempts where reached >= {k} and {column} = {quoted(value)}").fetchall()[0][0]
                                  for k in range(1, count + 1)]
    for k in range(1, count + 1):
        dropped = con.sql(f"select count(*) from best_attempts where reached = {k} and {k} < {count}").fetchall()[0][0]
        pages = con.sql(f"""select g.page, count(*) as persons from best_attempts b join {table(args.store, 'pageviews')} g
                on g.day::date = b.day{k} and g.visit_id = b.vid{k} and g.sequence = b.seq{k} + 1
                where b.reached = {k} and {k} < {count} group by g.page order by persons desc, g.page limit 5""").fetchall()
        result["next_pages_after_drop"].append({"dropped": dropped, "pages": [{"page": page, "persons": n} for page, n in pages]})
    return result


def cohorts(con, args):
    unit = args.by
    goal = f"and list_contains(json_extract_string(v.goals, '$[*]'), {quoted(args.goal)})" if args.goal else ""
    offset = "(date_trunc('week', v.day)::date - c.cstart) // 7" if unit == "week" else "datediff('month', c.cstart, date_trunc('month', v.day)::date)"
    base = f"""with v as (select day::date as day, visitor_no, start, segment, channel, device, goals from {table(args.store, 'visits')}),
    first as (select * from (select *, row_number() over (partition by visitor_no order by day, start) as r from v) where r = 1),
    c as (select visitor_no, date_trunc('{unit}', day)::date as cstart from first
          where day between date '{args.from_}' and date '{args.to}' {filters(args)})"""
    sizes = con.sql(base + " select cstart, count(*) from c group by cstart order by cstart").fetchall()
    cells = con.sql(base + f""" select c.cstart, {offset} as k, count(distinct v.visitor_no)
        from c join v using (visitor_no) where {offset} between 0 and {args.periods - 1} {goal} group by all""").fetchall()
    store_last = con.sql(f"select max(day::date) from {table(args.store, 'visits')}").fetchall()[0][0]
    period_starts = {}
    for start, _ in sizes:
        period_starts[start] = [con.sql(f"select (date '{start}' + interval ({k}) {unit})::date").fetchall()[0][0] for k in range(args.periods)]
    counts = {(start, k): n for start, k, n in cells}
    return {"cohorts": [
        {"start": str(start), "size": size,
         "counts": [None if period_starts[start][k] > store_last else counts.get((start, k), 0) for k in range(args.periods)]}
        for start, size in sizes]}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("report", choices=["funnel", "attribution", "cohorts"])
    parser.add_argument("--store", required=True)
    parser.add_argument("--from", dest="from_", required=True)
    parser.add_argument("--to", required=True)
    parser.add_argument("--funnel")
    parser.add_argument("--steps", nargs="+")
    parser.add_argument("--window", type=int, default=7)
    parser.add_argument("--goal")
    parser.add_argument("--lookback", type=int, default=30)
    parser.add_argument("--by", choices=["week", "month"], default="week")
    parser.add_argument("--periods", type=int, default=8)
    for column in ("segment", "channel", "device"):
        parser.add_argument("--" + column)
    args = parser.parse_args()
    con = connect()
    result = {"funnel": funnel, "attribution": attribution, "cohorts": cohorts}[args.report](con, args)
    json.dump(result, sys.stdout, ensure_ascii=False, default=str)
    print()


if __name__ == "__main__":
    main()

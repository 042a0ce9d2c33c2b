#!/usr/bin/env python3
"""Reports benchmark for footfall (requirement: on 30 days of about 200k visits a day, `overview` in under
0.2 s and every report in under 2 s, each measured beside DuckDB running the equivalent SQL on the same files
in the same run; footfall no slower than DuckDB on any of them).

For every report, in the same run and on the same store:
  - footfall: the wall time of the whole process `footfall report NAME [ARG] --store DIR --format json
    [--config CFG]`, best of N runs;
  - DuckDB: the wall time of a fresh `duckdb.connect()`, the report's equivalent SQL (one or several
    statements over `read_parquet([the newest version's files], hive_partitioning = true)` of the base
    tables `visits`, `pageviews` and `daily_hits`; site-config data is encoded in the SQL or read from the
    config's CSV files by DuckDB) and `fetchall()` of every result, best of N runs (the module import is
    not timed).
The SQL computes the same figures as the report's Swift code (Sources/Reports/*.swift): totals, per-day and
per-segment figures, ratios and top-N lists with the same tie-breaks. Every report's JSON is then compared with
the DuckDB results, figure by figure: integers (visits, page views, visitors, logins, funnel steps, campaign
visits, hits, …), names and the order of top-N lists exactly, floating-point figures (ratios, interest) to the
6 decimals of the JSON. The table says whether they agree; the differences are printed below it.

Both sides report on the store's whole range (the manifest's first to last day, as `footfall report` does by
default). Before timing, every file of the published version is read once so both start with a warm cache.

Usage:
  python3 Scripts/bench_reports.py [--store bench-data/month-store] [--footfall .build/release/footfall]
                                   [--config SampleLogs/site.toml] [--runs 3] [--reports overview,pages] [--write]
With --write, the section between `<!-- reports-benchmark:start -->` and `<!-- reports-benchmark:end -->` of
BENCHMARKS.md is replaced (appended if absent). The table is always printed.
"""
import argparse
import datetime
import json
import os
import shlex
import subprocess
import sys
import time
import tomllib

import duckdb

sys.dont_write_bytecode = True  # no __pycache__ in Scripts/
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import store_tables  # noqa: E402
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bench_ingest import ROOT, machine, write_section  # noqa: E402

MARKER = "reports-benchmark"
OVERVIEW_GOAL_S = 0.2
REPORT_GOAL_S = 2.0


def sql_text(value):
    """A SQL string literal."""
    return "'" + str(value).replace("'", "''") + "'"


class Context:
    """What the SQL of every report needs: table expressions, the date range and the site config's data."""

    def __init__(self, store, config):
        manifest = store_tables.latest_commit(store)
        days = sorted(manifest["days"])
        self.first, self.last = days[0], days[-1]
        first, last = (datetime.date.fromisoformat(d) for d in (self.first, self.last))
        self.calendar_days = (last - first).days + 1

        def table(name):
            return store_tables.relation(store, name, manifest)

        self.visits, self.pageviews, self.daily_hits = table("visits"), table("pageviews"), table("daily_hits")
        self.in_range = f"day between DATE '{self.first}' and DATE '{self.last}'"
        self.year = last.year

        site = tomllib.load(open(config, "rb"))
        folder = os.path.dirname(os.path.abspath(config))
        self.customers_csv = f"read_csv({sql_text(os.path.join(folder, site['site']['customers']))}, header = true, all_varchar = true)"
        self.campaigns_csv = f"read_csv({sql_text(os.path.join(folder, site['site']['campaign_costs']))}, header = true, all_varchar = true)"
        self.funnels = {f["name"]: f["steps"] for f in site.get("funnels", [])}
        with open(os.path.join(folder, site['site']['campaign_costs']), encoding="utf-8") as file:
            self.campaign_columns = set(file.readline().strip().split(","))
        # SPEC §12.19: the goals marked `conversion = true`; with none marked, every goal but `login`.
        marked = [g["name"] for g in site.get("goals", []) if g.get("conversion")]
        self.is_conversion = (f"len(list_filter(from_json(goals, '[\"VARCHAR\"]'), lambda x: list_contains({marked!r}, x))) > 0" if marked
                              else "len(list_filter(from_json(goals, '[\"VARCHAR\"]'), lambda x: x <> 'login')) > 0")

    def interest(self, end=None):
        """A page view's contribution to product interest at the range end (SPEC §7; ProductInterest.swift)."""
        return (f"(1 + least(greatest(coalesce(time_on_page_s, 0), 0), 600) / 60.0 + coalesce(interest_action, 0))"
                f" * pow(2, -(DATE '{end or self.last}' - day) / 30.0)")


# ---- the equivalent SQL of each report -------------------------------------------------------------------
# Each function returns the statements run, in order, in one fresh connection; their results are checked
# against the footfall JSON by the matching check_* function.

def preferences_sql(ctx, source, group, count):
    """Top `count` content and product categories (page views) and products (interest) per `group` (a column
    list, possibly empty) of the page views in `source` — SegmentsReport.top, ties broken by name."""
    keys = f"{group}, " if group else ""
    partition = f"partition by {group}, list" if group else "partition by list"
    return f"""
with g as (
    select {keys}grouping(content) as g_content, grouping(product_category) as g_category,
           content, product_category, product, count(*) as views, sum(interest) as interest
    from (select {keys}content, product_category, product, {ctx.interest()} as interest from {source} where {ctx.in_range})
    group by grouping sets (({keys}content), ({keys}product_category), ({keys}product))),
ranked as (
    select {keys}case when g_content = 0 then 'content' when g_category = 0 then 'product_category' else 'product' end as list,
           coalesce(content, product_category, product) as name,
           case when g_content = 0 or g_category = 0 then views else interest end as value
    from g)
select {keys}list, name, value from ranked where name is not null
qualify row_number() over ({partition} order by value desc, name) <= {count}
order by {keys}list, value desc, name"""


def overview_sql(ctx):
    daily = f"""
with f as (
    select day, count(*) as visits, sum(page_views) as page_views, count(distinct visitor_key) as visitors,
           count(*) filter (where first_visit) as first_time_visitors, count(*) filter (where logged_in) as logins,
           count(distinct member_id) filter (where logged_in) as members, sum(duration_s) as duration_s,
           count(*) filter (where bounce) as bounces
    from {ctx.visits} where {ctx.in_range}
    group by grouping sets ((day), ())),
h as (
    select day, sum(count) filter (where kind = 'hits') as hits, sum(count) filter (where kind = 'bot_hits') as bot_hits
    from {ctx.daily_hits} where {ctx.in_range}
    group by grouping sets ((day), ()))
select strftime(coalesce(f.day, h.day), '%Y-%m-%d') as day, -- null: the range's totals
       coalesce(h.hits, 0) as hits, coalesce(h.bot_hits, 0) as bot_hits, coalesce(page_views, 0) as page_views,
       coalesce(visits, 0) as visits, coalesce(visitors, 0) as visitors,
       coalesce(first_time_visitors, 0) as first_time_visitors, coalesce(logins, 0) as logins,
       coalesce(logins, 0) / (case when coalesce(f.day, h.day) is null then {ctx.calendar_days} else 1 end) as logins_per_day,
       coalesce(logins / nullif(members, 0), 0) as logins_per_member,
       coalesce(page_views / nullif(visits, 0), 0) as pages_per_visit,
       coalesce(duration_s / nullif(visits, 0), 0) as avg_visit_duration_s,
       coalesce(bounces / nullif(visits, 0), 0) as bounce_rate
from f full join h on f.day is not distinct from h.day
order by 1 nulls first"""
    devices = f"select device, count(*) as visits from {ctx.visits} where {ctx.in_range} group by device order by device"
    return [daily, devices]


def segments_sql(ctx):
    weeks = ctx.calendar_days / 7
    figures = f"""
select segment, count(distinct visitor_key) as visitors, count(*) as visits, sum(page_views) as page_views,
       sum(page_views) / count(distinct visitor_key) as pages_per_visitor,
       count(*) / count(distinct visitor_key) / {weeks} as visits_per_visitor_per_week
from {ctx.visits} where {ctx.in_range} group by segment order by segment"""
    paths = f"""
select segment, prefix, visits from (
    select segment, from_json(coalesce(path, '[]'), '["VARCHAR"]')[1:3] as prefix, count(*) as visits
    from {ctx.visits} where {ctx.in_range} group by all)
qualify row_number() over (partition by segment order by visits desc, prefix) <= 3
order by segment, visits desc, prefix"""
    return [figures, paths, preferences_sql(ctx, ctx.pageviews, "segment", 3)]


def profile_sql(ctx):
    figures = f"""
select count(distinct visitor_key) as visitors, sum(page_views) / count(distinct visitor_key) as avg_page_views_per_visitor,
       count(*) / count(distinct visitor_key) / {ctx.calendar_days / 7} as avg_visits_per_visitor_per_week
from {ctx.visits} where {ctx.in_range}"""
    return [figures, preferences_sql(ctx, ctx.pageviews, "", 5)]


def groups_sql(ctx):
    age = f"{ctx.year} - birth_year"
    members = f"""
create temp table group_visits as
select visit_id, visitor_key, page_views, grade, coalesce(gender, 'unknown') as gender,
       case when birth_year is null then 'unknown' when {age} < 20 then '10s' when {age} < 30 then '20s'
            when {age} < 40 then '30s' when {age} < 50 then '40s' when {age} < 60 then '50s' else '60+' end as age_band
from {ctx.visits} where {ctx.in_range} and grade is not null"""
    cells = """
select grade, age_band, gender, count(distinct visitor_key) as visitors, count(*) as visits, sum(page_views) as page_views
from group_visits group by all order by grade, age_band, gender"""
    top = f"""
select grade, age_band, gender, product, sum({ctx.interest()}) as interest
from {ctx.pageviews} p join group_visits using (visit_id)
where p.{ctx.in_range} and product is not null
group by grade, age_band, gender, product
qualify row_number() over (partition by grade, age_band, gender order by interest desc, product) = 1
order by grade, age_band, gender"""
    return [members, cells, top]


def pages_sql(ctx):
    # A page's content: the content most of its page views had (ties: the first by name).
    return [f"""
with v as (select * from {ctx.pageviews} where {ctx.in_range}),
best as (select page, first(content order by c desc, content) as content
         from (select page, content, count(*) as c from v where content is not null group by all) group by page)
select coalesce(v.page, '') as page, any_value(best.content) as content, count(*) as page_views, count(distinct visit_id) as visits,
       count(*) filter (where sequence = 1) as entries, count(*) filter (where time_on_page_s is null) as exits,
       coalesce(avg(time_on_page_s), 0) as avg_time_on_page_s
from v left join best on best.page = v.page
group by 1 order by page_views desc, page limit 50"""]


def paths_sql(ctx):
    load = f"""
create temp table visit_paths as
select p from (select from_json(coalesce(path, '[]'), '["VARCHAR"]') as p from {ctx.visits} where {ctx.in_range}) where len(p) > 0"""
    return [
        load,
        "select p[1:3] as path, count(*) as visits from visit_paths group by 1 order by visits desc, path limit 20",
        """select p[i] as "from", p[i + 1] as "to", count(*) as count
           from (select p, unnest(range(1, len(p))) as i from visit_paths)
           group by all order by count desc, "from", "to" limit 20""",
        "select p[1] as page, count(*) as visits from visit_paths group by 1 order by visits desc, page limit 20",
        "select p[-1] as page, count(*) as visits from visit_paths group by 1 order by visits desc, page limit 20",
    ]


def funnel_sql(ctx, name):
    steps = ctx.funnels[name]
    reached = ", ".join(f"count(*) filter (where reached >= {k}) as step{k}" for k in range(1, len(steps) + 1))
    conversions = ", ".join(
        f"coalesce(step{k} / nullif(step1, 0), 0) as from_start{k}, coalesce(step{k} / nullif(step{max(k - 1, 1)}, 0), 0) as from_previous{k}"
        for k in range(1, len(steps) + 1))
    path = sql_text(f'$."{name}"')
    return [f"""
with counts as (
    select segment, {reached}
    from (select segment, coalesce(try_cast(funnel_steps ->> {path} as integer), 0) as reached
          from {ctx.visits} where {ctx.in_range})
    group by grouping sets ((), (segment)))
select *, {conversions} from counts order by segment nulls first"""]


def campaigns_sql(ctx):
    """SPEC §12.18–20: conversions of conversion goals; the cost spread over the campaign's days (start/end of
    campaigns.csv, else its first and last stored visit day) and the range's share of them; e-mail opens, unique
    opens (distinct opener keys), clickers (distinct visitors) and the rates over `sent`."""
    start = "try_cast(nullif(c.\"start\", '') as date)" if "start" in ctx.campaign_columns else "null::date"
    end = "try_cast(nullif(c.\"end\", '') as date)" if "end" in ctx.campaign_columns else "null::date"
    load = f"""
create temp table campaign_visits as
select campaign, visitor_key, page_views, bounce, coalesce(goals, '[]') as goals, source, medium
from {ctx.visits} where {ctx.in_range} and campaign is not null"""
    spans = f"""
create temp table spans as
select campaign, min(day) as first_day, max(day) as last_day from {ctx.visits} where campaign is not null group by campaign"""
    rows = f"""
with tally as (
    select campaign, count(*) as visits, count(distinct visitor_key) as visitors, count(*) filter (where bounce) as bounces,
           sum(page_views) as page_views, count(*) filter (where {ctx.is_conversion}) as conversions
    from campaign_visits group by campaign),
sources as (
    select campaign, first(source order by n desc, source) as source
    from (select campaign, source, count(*) as n from campaign_visits where source is not null group by all) group by campaign),
mediums as (
    select campaign, first(medium order by n desc, medium) as medium
    from (select campaign, medium, count(*) as n from campaign_visits where medium is not null group by all) group by campaign),
opens as (
    select coalesce(key, '') as campaign, sum(count) as opens
    from {ctx.daily_hits} where {ctx.in_range} and kind = 'email_open' group by 1),
openers as (
    select split_part(key, chr(9), 1) as campaign, count(distinct split_part(key, chr(9), 2)) as unique_opens
    from {ctx.daily_hits} where {ctx.in_range} and kind = 'email_opener' group by 1),
costs as (
    select c.campaign, c.medium, try_cast(c.cost as double) as cost, try_cast(nullif(c.sent, '') as bigint) as sent,
           coalesce({start}, s.first_day) as cost_from, coalesce({end}, s.last_day) as cost_to
    from {ctx.campaigns_csv} c left join spans s using (campaign)),
spread as (
    select campaign, cost * greatest(0, least(cost_to, DATE '{ctx.last}') - greatest(cost_from, DATE '{ctx.first}') + 1)
           / (cost_to - cost_from + 1) as cost, cost_from, cost_to, sent, medium
    from costs)
select campaign, sources.source, coalesce(mediums.medium, spread.medium, case when opens.opens is not null then 'email' end) as medium,
       coalesce(visits, 0) as visits, coalesce(visitors, 0) as visitors, coalesce(bounces / nullif(visits, 0), 0) as bounce_rate,
       coalesce(page_views / nullif(visits, 0), 0) as pages_per_visit, coalesce(conversions, 0) as conversions,
       coalesce(opens, 0) as opens, coalesce(unique_opens, 0) as unique_opens, coalesce(visitors, 0) as clickers, sent,
       unique_opens / sent as open_rate, coalesce(visitors, 0) / sent as click_rate,
       case when coalesce(unique_opens, 0) > 0 then coalesce(visitors, 0) / unique_opens end as click_to_open,
       spread.cost as cost, spread.cost / nullif(visits, 0) as cost_per_visit, spread.cost / nullif(conversions, 0) as cost_per_conversion,
       case when spread.cost is not null then {{'from': strftime(cost_from, '%Y-%m-%d'), 'to': strftime(cost_to, '%Y-%m-%d')}} end as cost_days
from tally full join opens using (campaign) left join openers using (campaign) left join sources using (campaign)
     left join mediums using (campaign) left join spread using (campaign)
order by visits desc, campaign"""
    goals = """
select campaign, goal, count(*) as visits
from campaign_visits, unnest(from_json(goals, '["VARCHAR"]')) as g(goal)
group by all order by campaign, goal"""
    return [load, spans, rows, goals]


def referrers_sql(ctx):
    load = f"""
create temp table referred as
select channel, coalesce(search_engine, '?') as engine, coalesce(keyword, '') as keyword, coalesce(referrer_host, '?') as host
from {ctx.visits} where {ctx.in_range} and channel in ('search', 'social', 'referral')"""
    return [
        load,
        "select engine, count(*) as visits from referred where channel = 'search' group by 1 order by visits desc, engine limit 20",
        """select engine, keyword, count(*) as visits from referred where channel = 'search'
           group by all order by visits desc, engine, keyword limit 20""",
        "select host, count(*) as visits from referred where channel = 'social' group by 1 order by visits desc, host limit 20",
        "select host, count(*) as visits from referred where channel = 'referral' group by 1 order by visits desc, host limit 20",
    ]


def logins_sql(ctx):
    return [f"""
with per_member as (
    select member_id, count(*) as n, DATE '{ctx.last}' - max(day) as age, arg_max(coalesce(grade, 'none'), day) as grade
    from {ctx.visits} where {ctx.in_range} and logged_in and member_id is not null
    group by member_id)
select grade, -- null: all members
       count(*) as members, sum(n) as logins,
       count(*) filter (where n = 1) as f1, count(*) filter (where n between 2 and 3) as f2_3,
       count(*) filter (where n between 4 and 7) as f4_7, count(*) filter (where n >= 8) as f8,
       count(*) filter (where age = 0) as r0, count(*) filter (where age between 1 and 6) as r1_6,
       count(*) filter (where age between 7 and 29) as r7_29, count(*) filter (where age >= 30) as r30
from per_member group by grouping sets ((), (grade))
order by grade is not null, members desc, grade"""]


def customer_sql(ctx, member):
    load = f"""
create temp table member_visits as
select visit_id, segment, page_views, epoch_us("start") as start_us, site_offset_s, channel, entry_page,
       coalesce(goals, '[]') as goals, coalesce(funnel_steps, '{{}}') as funnel_steps
from {ctx.visits} where {ctx.in_range} and member_id = {sql_text(member)}"""
    figures = "select count(*) as visits, sum(page_views) as page_views, arg_max(segment, start_us) as segment from member_visits"
    recent = """
select strftime(make_timestamp(start_us + site_offset_s * 1000000::bigint), '%Y-%m-%dT%H:%M:%S')
       || case when site_offset_s < 0 then '-' else '+' end
       || printf('%02d:%02d', abs(site_offset_s) // 3600, abs(site_offset_s) // 60 % 60) as start,
       page_views, channel, entry_page
from member_visits order by start_us desc limit 10"""
    goals = """
select goal, count(*) as visits from member_visits, unnest(from_json(goals, '["VARCHAR"]')) as g(goal)
group by goal order by goal"""
    funnels = """
select funnel, max(try_cast(json_extract_string(funnel_steps, '$."' || funnel || '"') as integer)) as steps
from member_visits, unnest(json_keys(funnel_steps)) as f(funnel)
group by funnel order by funnel"""
    views = f"""
with v as materialized (
    select content, product, {ctx.interest()} as interest
    from {ctx.pageviews} p join member_visits using (visit_id) where p.{ctx.in_range}),
ranked as (
    select 'content' as list, content as name, count(*)::double as value from v where content is not null group by all
    union all
    select 'product', product, sum(interest) from v where product is not null group by all)
select * from ranked qualify row_number() over (partition by list order by value desc, name) <= 5
order by list, value desc, name"""
    profile = f"select * from {ctx.customers_csv} where member_id = {sql_text(member)}"
    return [load, figures, recent, goals, funnels, views, profile]


def conversions_sql(ctx):
    signups = f"""
select count(*) filter (where list_contains(from_json(coalesce(goals, '[]'), '["VARCHAR"]'), 'signup_complete')) as signup_visits
from {ctx.visits} where {ctx.in_range}"""
    members = f"""
select member_id, joined between '{ctx.first}' and '{ctx.last}' as joined_in_range,
       first_contract between '{ctx.first}' and '{ctx.last}' as first_contract_in_range
from (select distinct member_id from {ctx.visits} where {ctx.in_range} and member_id is not null)
     join {ctx.customers_csv} using (member_id)
where joined between '{ctx.first}' and '{ctx.last}' or first_contract between '{ctx.first}' and '{ctx.last}'
order by member_id"""
    # Issue 19: the rates' denominators and the split by channel.
    channels = f"""
select channel, count(*) as visits, count(*) filter (where segment in ('anonymous_new', 'anonymous')) as anonymous_visits,
       count(*) filter (where list_contains(from_json(coalesce(goals, '[]'), '["VARCHAR"]'), 'signup_complete')) as signup_visits
from {ctx.visits} where {ctx.in_range} group by channel"""
    visited = f"""
select count(distinct member_id) as members_visited from {ctx.visits} where {ctx.in_range} and member_id is not null"""
    return [signups, members, channels, visited]


def retention_watch_sql(ctx, end):
    """The report over first … `end` (the report's --to): customers maturing in the 20 days after `end`."""
    after = datetime.date.fromisoformat(end)
    maturity_from, maturity_to = after + datetime.timedelta(days=1), after + datetime.timedelta(days=20)
    load = f"""
create temp table watched as
select member_id, visit_id, c.grade, c.maturity_date
from {ctx.visits} v join {ctx.customers_csv} c using (member_id)
where v.{ctx.in_range} and c.maturity_date between '{maturity_from}' and '{maturity_to}'"""
    rows = """
select member_id, any_value(grade) as grade, any_value(maturity_date) as maturity_date, count(*) as visits
from watched group by member_id order by maturity_date, member_id"""
    top = f"""
select w.member_id, product, sum({ctx.interest(end)}) as interest
from {ctx.pageviews} p join watched w using (visit_id)
where p.{ctx.in_range} and product is not null
group by w.member_id, product
qualify row_number() over (partition by w.member_id order by interest desc, product) <= 3
order by w.member_id, interest desc, product"""
    return [load, rows, top]


def hours_sql(ctx):
    return [f"""
select (local // 86400 + 3) % 7 as weekday, -- 1970-01-01 was a Thursday; 0 = Monday
       local % 86400 // 3600 as hour, count(*) as page_views
from (select epoch_us(ts) // 1000000 + site_offset_s as local from {ctx.pageviews} where {ctx.in_range})
group by all order by weekday, hour"""]


def status_sql(ctx):
    return [f"""
select key as status, sum(count) as hits from {ctx.daily_hits}
where {ctx.in_range} and kind = 'status' group by key order by key"""]


def bots_sql(ctx):
    return [
        f"select coalesce(sum(count), 0) as bot_hits from {ctx.daily_hits} where {ctx.in_range} and kind = 'bot_hits'",
        f"""select coalesce(key, '') as agent, sum(count) as hits from {ctx.daily_hits}
            where {ctx.in_range} and kind = 'bot_agent' group by 1 order by hits desc, agent limit 50""",
    ]


# ---- figure checks: the footfall JSON against the DuckDB results -------------------------------------------
# Each returns {label: (footfall, duckdb)}; `r` holds one list of row dicts per statement. Integers, names and
# lists must be equal; floating-point figures (ratios, interest) equal to the JSON's 6 decimals (see `same`).

def ranked(rows, name="name", value="value"):
    return [(row[name], row[value]) for row in rows]


def check_overview(report, r):
    daily = {row["day"]: row for row in r[0]}
    pairs = {}
    for label, ours in [(None, report["totals"])] + [(d["day"], d) for d in report["daily"]]:
        theirs = daily.get(label, {})
        pairs[label or "totals"] = ({k: v for k, v in ours.items() if k != "day"}, {k: theirs.get(k, 0) for k in ours if k != "day"})
    devices = {row["device"]: row["visits"] for row in r[1]}
    pairs["devices"] = (report["devices"], {device: devices.get(device, 0) for device in report["devices"]})
    return pairs


def check_segments(report, r):
    figures = {row["segment"]: row for row in r[0]}
    fields = ["visitors", "visits", "page_views", "pages_per_visitor", "visits_per_visitor_per_week"]
    pairs = {}
    for row in report["segments"]:
        segment = row["segment"]
        theirs = figures.get(segment, {})
        pairs[segment] = ({f: row[f] for f in fields}, {f: theirs.get(f, 0) for f in fields})
        pairs[f"{segment} top paths"] = ([(p["path"], p["visits"]) for p in row["top_paths"]],
                                         [(p["prefix"], p["visits"]) for p in r[1] if p["segment"] == segment])
        for key, field, lst in [("top_content", "page_views", "content"), ("top_product_categories", "page_views", "product_category"),
                                ("top_products", "interest", "product")]:
            pairs[f"{segment} {key}"] = (ranked(row[key], value=field),
                                        ranked(p for p in r[2] if p["segment"] == segment and p["list"] == lst))
    return pairs


def check_profile(report, r):
    fields = ["visitors", "avg_page_views_per_visitor", "avg_visits_per_visitor_per_week"]
    pairs = {"figures": ({f: report[f] for f in fields}, {f: r[0][0][f] for f in fields})}
    for key, field, lst in [("content_preference", "page_views", "content"), ("product_category_preference", "page_views", "product_category"),
                            ("product_preference", "interest", "product")]:
        pairs[key] = (ranked(report[key], value=field), ranked(p for p in r[1] if p["list"] == lst))
    return pairs


def check_groups(report, r):
    top = {(t["grade"], t["age_band"], t["gender"]): t["product"] for t in r[2]}
    return {"cells": (
        [tuple(c.values()) for c in report["cells"]],
        [(c["grade"], c["age_band"], c["gender"], c["visitors"], c["visits"], c["page_views"],
          top.get((c["grade"], c["age_band"], c["gender"]))) for c in r[1]])}


def check_pages(report, r):
    return {"pages": ([tuple(p.values()) for p in report["pages"]],
                      [tuple(p[f] for f in report["pages"][0]) for p in r[0]] if report["pages"] else r[0])}


def check_paths(report, r):
    return {
        "top paths": (ranked(report["top_paths"], "path", "visits"), ranked(r[1], "path", "visits")),
        "transitions": ([tuple(t.values()) for t in report["transitions"]], [(t["from"], t["to"], t["count"]) for t in r[2]]),
        "entry pages": (ranked(report["entry_pages"], "page", "visits"), ranked(r[3], "page", "visits")),
        "exit pages": (ranked(report["exit_pages"], "page", "visits"), ranked(r[4], "page", "visits")),
    }


def check_funnel(report, r):
    rows = {row["segment"]: row for row in r[0]}
    n = len(report["steps"])
    overall = rows[None]
    pairs = {"steps (visits, from start, from previous)": (
        [(s["visits"], s["conversion_from_start"], s["conversion_from_previous"]) for s in report["steps"]],
        [(overall[f"step{k}"], overall[f"from_start{k}"], overall[f"from_previous{k}"]) for k in range(1, n + 1)])}
    for segment, visits in report["by_segment"].items():
        theirs = rows.get(segment)
        pairs[segment] = (visits, [theirs[f"step{k}"] for k in range(1, n + 1)] if theirs else [0] * n)
    return pairs


def check_campaigns(report, r):
    goals = {}
    for row in r[3]:
        goals.setdefault(row["campaign"], {})[row["goal"]] = row["visits"]
    fields = [f for f in (report["campaigns"][0] if report["campaigns"] else {}) if f != "goals"]
    return {
        "campaigns": ([tuple(c[f] for f in fields) for c in report["campaigns"]], [tuple(c[f] for f in fields) for c in r[2]]),
        "goals per campaign": ({c["campaign"]: c["goals"] for c in report["campaigns"] if c["goals"]}, goals),
    }


def check_referrers(report, r):
    return {
        "search engines": (ranked(report["search_engines"], "engine", "visits"), ranked(r[1], "engine", "visits")),
        "keywords": ([tuple(k.values()) for k in report["keywords"]], [(k["engine"], k["keyword"], k["visits"]) for k in r[2]]),
        "social": (ranked(report["social"], "host", "visits"), ranked(r[3], "host", "visits")),
        "referral": (ranked(report["referral"], "host", "visits"), ranked(r[4], "host", "visits")),
    }


def check_logins(report, r):
    total = r[0][0]
    return {
        "members": (report["members"], total["members"]),
        "logins": (report["logins"], total["logins"]),
        "frequency": (list(report["frequency"].values()), [total[k] for k in ["f1", "f2_3", "f4_7", "f8"]]),
        "recency": (list(report["recency_days"].values()), [total[k] for k in ["r0", "r1_6", "r7_29", "r30"]]),
        "by grade": ([tuple(g.values()) for g in report["by_grade"]], [(g["grade"], g["members"], g["logins"]) for g in r[0][1:]]),
    }


def check_customer(report, r):
    figures = r[1][0]
    recent = [(v["start"], v["page_views"], v["channel"], v["entry_page"]) for v in r[2]]
    return {
        "grade": (report["grade"], r[6][0]["grade"] if r[6] else None),
        "visits, page views, segment, last visit": (
            (report["visits"], report["page_views"], report["segment"], report["last_visit"]),
            (figures["visits"], figures["page_views"] or 0, figures["segment"], recent[0][0] if recent else None)),
        "recent visits": ([tuple(v.values()) for v in report["recent_visits"]], recent),
        "goals": (report["goals"], {g["goal"]: g["visits"] for g in r[3]}),
        "funnel steps": (report["funnel_steps"], {f["funnel"]: f["steps"] for f in r[4]}),
        "top content": (ranked(report["top_content"], value="page_views"), ranked(c for c in r[5] if c["list"] == "content")),
        "top products": (ranked(report["top_products"], value="interest"), ranked(c for c in r[5] if c["list"] == "product")),
    }


def check_conversions(report, r):
    joined = [m["member_id"] for m in r[1] if m["joined_in_range"]]
    contracts = [m["member_id"] for m in r[1] if m["first_contract_in_range"]]
    return {
        "signup visits": (report["signup_visits"], r[0][0]["signup_visits"]),
        "new members": ((report["new_members"], report["new_member_ids"]), (len(joined), joined)),
        "first contracts": ((report["first_contracts"], report["first_contract_member_ids"]), (len(contracts), contracts)),
        "by channel": (
            {c["channel"]: (c["visits"], c["anonymous_visits"], c["signup_visits"]) for c in report["by_channel"] if c["visits"]},
            {c["channel"]: (c["visits"], c["anonymous_visits"], c["signup_visits"]) for c in r[2]}),
        "members visited": (report["members_visited"], r[3][0]["members_visited"]),
    }


def check_retention_watch(report, r):
    top = {}
    for row in r[2]:
        top.setdefault(row["member_id"], []).append((row["product"], row["interest"]))
    return {"customers": (
        [(c["member_id"], c["grade"], c["maturity_date"], c["visits"], ranked(c["top_products"], value="interest")) for c in report["customers"]],
        [(c["member_id"], c["grade"], c["maturity_date"], c["visits"], top.get(c["member_id"], [])) for c in r[1]])}


def check_hours(report, r):
    cells = [[0] * 24 for _ in range(7)]
    for row in r[0]:
        cells[row["weekday"]][row["hour"]] = row["page_views"]
    return {"page views by weekday and hour": (list(report["page_views"].values()), cells)}


def check_status(report, r):
    return {"statuses": (report["statuses"], {row["status"]: row["hits"] for row in r[0]})}


def check_bots(report, r):
    return {"bot hits": (report["bot_hits"], r[0][0]["bot_hits"]), "agents": (ranked(report["agents"], "agent", "hits"), ranked(r[1], "agent", "hits"))}


def same(ours, theirs):
    """Equal, structurally; a floating-point figure to the 6 decimals of footfall's JSON."""
    if isinstance(ours, dict) and isinstance(theirs, dict):
        return ours.keys() == theirs.keys() and all(same(ours[k], theirs[k]) for k in ours)
    if isinstance(ours, (list, tuple)) and isinstance(theirs, (list, tuple)):
        return len(ours) == len(theirs) and all(same(a, b) for a, b in zip(ours, theirs))
    if isinstance(ours, float) or isinstance(theirs, float):
        return isinstance(ours, (int, float)) and isinstance(theirs, (int, float)) and abs(ours - theirs) <= 1e-6 + 1e-9 * abs(theirs)
    return ours == theirs


def figure_count(value):
    """The figures (numbers and names) in a check's footfall side."""
    if isinstance(value, dict):
        return sum(figure_count(v) for v in value.values())
    if isinstance(value, (list, tuple)):
        return sum(figure_count(v) for v in value)
    return 1


# ---- running -------------------------------------------------------------------------------------------------

def reports(ctx, member, watch_end):
    """(label, footfall arguments, needs --config, SQL statements, check) for every report, in SPEC §8 order."""
    funnel = next(iter(ctx.funnels))
    return [
        ("overview", ["overview"], False, overview_sql(ctx), check_overview),
        ("segments", ["segments"], False, segments_sql(ctx), check_segments),
        ("profile", ["profile"], False, profile_sql(ctx), check_profile),
        ("groups", ["groups"], False, groups_sql(ctx), check_groups),
        ("pages", ["pages"], False, pages_sql(ctx), check_pages),
        ("paths", ["paths"], False, paths_sql(ctx), check_paths),
        (f"funnel {funnel}", ["funnel", funnel], True, funnel_sql(ctx, funnel), check_funnel),
        ("campaigns", ["campaigns"], True, campaigns_sql(ctx), check_campaigns),
        ("referrers", ["referrers"], False, referrers_sql(ctx), check_referrers),
        ("logins", ["logins"], False, logins_sql(ctx), check_logins),
        (f"customer {member}", ["customer", member], True, customer_sql(ctx, member), check_customer),
        ("conversions", ["conversions"], True, conversions_sql(ctx), check_conversions),
        (f"retention-watch --to {watch_end}", ["retention-watch", "--to", watch_end], True, retention_watch_sql(ctx, watch_end),
         check_retention_watch),
        ("hours", ["hours"], False, hours_sql(ctx), check_hours),
        ("status", ["status"], False, status_sql(ctx), check_status),
        ("bots", ["bots"], False, bots_sql(ctx), check_bots),
    ]


def run_footfall(command):
    """Wall time of one footfall process and its JSON output."""
    start = time.perf_counter()
    done = subprocess.run(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    wall = time.perf_counter() - start
    if done.returncode != 0:
        sys.exit(f"failed ({done.returncode}): {shlex.join(command)}\n{done.stderr.decode()[-2000:]}")
    return wall, json.loads(done.stdout)


def run_duckdb(statements):
    """Wall time of a fresh connection running `statements` and fetching every result; the results as row dicts."""
    start = time.perf_counter()
    connection = duckdb.connect()
    raw = []
    for sql in statements:
        cursor = connection.execute(sql)
        raw.append(([d[0] for d in cursor.description or []], cursor.fetchall()))
    connection.close()
    wall = time.perf_counter() - start
    return wall, [[dict(zip(names, row)) for row in rows] for names, rows in raw]


def warm_cache(store):
    """Reads every file of the published version once, so that neither side pays for a cold cache."""
    for folder, _, files in os.walk(store):
        for name in files:
            with open(os.path.join(folder, name), "rb") as f:
                while f.read(1 << 20):
                    pass


def compare(pairs):
    """(figures compared, labels of the checks that differ)."""
    return sum(figure_count(ours) for ours, _ in pairs.values()), [label for label, (ours, theirs) in pairs.items() if not same(ours, theirs)]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--store", default=os.path.join(ROOT, "bench-data", "month-store"))
    parser.add_argument("--footfall", default=os.path.join(ROOT, ".build", "release", "footfall"))
    parser.add_argument("--config", default=os.path.join(ROOT, "SampleLogs", "site.toml"))
    parser.add_argument("--runs", type=int, default=3, help="best of N runs (default 3)")
    parser.add_argument("--reports", help="only these reports, comma-separated (default: all)")
    parser.add_argument("--write", action="store_true", help="write the section of BENCHMARKS.md")
    parser.add_argument("--reference", help="an earlier footfall binary, timed on the same commands (alternating)")
    parser.add_argument("--reference-store", help="the store the reference binary reads, when it reads another layout "
                        "(schema 5: a copy of the store from before `footfall store migrate`)")
    args = parser.parse_args()
    store = os.path.abspath(args.store)
    if not os.path.isdir(os.path.join(store, "_footfall", "versions")):
        sys.exit(f"{args.store}: no store version of schema 6 (run footfall ingest, or footfall store migrate on a store of schema 5)")

    ctx = Context(store, args.config)
    with duckdb.connect() as connection:
        size = connection.execute(
            f"select count(distinct day) as days, count(*) as visits from {ctx.visits} where {ctx.in_range}").fetchall()[0]
        page_views = connection.execute(f"select count(*) from {ctx.pageviews} where {ctx.in_range}").fetchall()[0][0]
        member = connection.execute(f"""
            select member_id from {ctx.visits} where {ctx.in_range} and member_id is not null
            group by member_id order by max(grade) is null, count(*) desc, member_id limit 1""").fetchall()[0][0]
        threads = connection.execute("select current_setting('threads')").fetchall()[0][0]
        # retention-watch lists the customers maturing in the 20 days after the range end who visited in the range.
        # The range ends the day before the first maturity after the store's last day among customers who visited,
        # so that the list is not empty (no visiting customer of the sample customers.csv matures right after it).
        first_maturity = connection.execute(f"""
            select min(c.maturity_date) from {ctx.visits} v join {ctx.customers_csv} c using (member_id)
            where v.{ctx.in_range} and c.maturity_date > '{ctx.last}'""").fetchall()[0][0]
        watch_end = str(max(datetime.date.fromisoformat(first_maturity) - datetime.timedelta(days=1), datetime.date.fromisoformat(ctx.last))
                        if first_maturity else ctx.last)
    chosen = reports(ctx, member, watch_end)
    if args.reports:
        wanted = args.reports.split(",")
        chosen = [entry for entry in chosen if entry[1][0] in wanted]
    warm_cache(store)

    rows, problems, met_count, agree_count = [], [], 0, 0
    print(f"store {args.store}: {size[0]} days, {size[1]:,} visits, {page_views:,} page views; "
          f"range {ctx.first} – {ctx.last}; best of {args.runs}", flush=True)
    for label, report_args, needs_config, statements, check in chosen:
        command = [args.footfall, "report", *report_args, "--store", store, "--format", "json"]
        if needs_config:
            command += ["--config", args.config]
        ours_best = theirs_best = reference_best = float("inf")
        for _ in range(args.runs):  # alternate them, so that none gets a quieter moment of the machine
            wall, report = run_footfall(command)
            ours_best = min(ours_best, wall)
            wall, results = run_duckdb(statements)
            theirs_best = min(theirs_best, wall)
            if args.reference:
                reference_command = [args.reference] + command[1:]
                if args.reference_store:
                    reference_command[reference_command.index(store)] = os.path.abspath(args.reference_store)
                wall, _ = run_footfall(reference_command)
                reference_best = min(reference_best, wall)
        compared, differing = compare(check(report, results))
        goal = OVERVIEW_GOAL_S if label == "overview" else REPORT_GOAL_S
        met = ours_best < goal and ours_best <= theirs_best
        met_count += met
        agree_count += not differing
        verdict = "yes" if met else "**no** (" + ", ".join(
            ([f"≥ {goal:g} s"] if ours_best >= goal else []) + (["slower than DuckDB"] if ours_best > theirs_best else [])) + ")"
        agree = f"agree ({compared})" if not differing else f"**differ**: {', '.join(differing)}"
        if differing:
            problems.append((label, {k: v for k, v in check(report, results).items() if k in differing}))
        against = f" {reference_best:.3f} s | {ours_best / reference_best - 1:+.0%} |" if args.reference else ""
        rows.append(f"| {label} | {ours_best:.3f} s | {theirs_best:.3f} s | {theirs_best / ours_best:.2f}× | {verdict} | {agree} |{against}")
        print(rows[-1], flush=True)

    # The comparison (SPEC §12.22) on the reports that take it: the store's second half against its first, with
    # and without --compare previous (the earlier half is stored, so the report is made twice).
    days = (datetime.date.fromisoformat(ctx.last) - datetime.date.fromisoformat(ctx.first)).days + 1
    half_from = str(datetime.date.fromisoformat(ctx.last) - datetime.timedelta(days=days // 2 - 1))
    comparison_rows = []
    for label, report_args, needs_config, _, _ in chosen:
        if report_args[0] not in ("overview", "segments", "campaigns", "referrers", "pages", "logins", "conversions", "funnel"):
            continue
        command = [args.footfall, "report", *report_args, "--store", store, "--format", "json", "--from", half_from]
        if needs_config:
            command += ["--config", args.config]
        plain = compared = float("inf")
        for _ in range(args.runs):
            wall, _ = run_footfall(command)
            plain = min(plain, wall)
            wall, report = run_footfall(command + ["--compare", "previous"])
            compared = min(compared, wall)
            if report.get("comparison") is None:
                sys.exit(f"{label}: --compare previous gave no comparison")
        comparison_rows.append(f"| {label} | {plain:.3f} s | {compared:.3f} s | {compared / plain:.2f}× |")
        print(comparison_rows[-1], flush=True)

    shown = [os.path.relpath(a, ROOT) if os.path.isabs(a) and a.startswith(ROOT) else a for a in sys.argv[1:]]
    command_line = shlex.join(["python3", "Scripts/bench_reports.py", *shown])
    reference_note = (f"The reference column is `{os.path.relpath(args.reference, ROOT) if args.reference.startswith(ROOT) else args.reference}`, "
                      "the previous binary, on the same commands in the same run (its JSON has fewer keys).\n\n") if args.reference else ""
    reference_heads = " reference wall | change |" if args.reference else ""
    reference_rules = "---|---|" if args.reference else ""
    text = f"""<!-- {MARKER}:start -->
## Reports: `footfall report` beside DuckDB

Measured {time.strftime('%Y-%m-%d')} by `{command_line}`. Machine: {machine()}.

Store: `{args.store}`, {size[0]} days ({ctx.first} – {ctx.last}), {size[1]:,} visits ({size[1] / max(size[0], 1):,.0f} a day),
{page_views:,} page views. Member of the customer report: {member} (the member with the most visits, customers.csv first).
retention-watch runs to {watch_end}, the day before the first `maturity_date` after the store's last day among the
customers who visited, so that its list is not empty (its window is the 20 days after the range end).

footfall: wall time of the whole `footfall report NAME --store … --format json` process (config where the report
needs it). DuckDB {duckdb.__version__}: a fresh `duckdb.connect()`, the equivalent SQL over the base tables
(`read_parquet([the files of {{visits,pageviews,daily_hits}} in the newest version], hive_partitioning = true)`, customers.csv and
campaigns.csv) and `fetchall()`, in Python after import, {threads} threads. Best of {args.runs} runs each, alternating,
warm cache. Goal: overview < {OVERVIEW_GOAL_S:g} s, every other report < {REPORT_GOAL_S:g} s, and footfall no slower than DuckDB.
The last column compares footfall's JSON with DuckDB's results, figure by figure: integers, names and the order
of top-N lists exactly, ratios and interest scores to the JSON's 6 decimals (the SQL is in `Scripts/bench_reports.py`).

{reference_note}| report | footfall wall | DuckDB wall | ratio (DuckDB/footfall) | goal met | figures |{reference_heads}
|---|---|---|---|---|---|{reference_rules}
{chr(10).join(rows)}

Goal met on **{met_count} of {len(rows)}** reports; figures agree on {agree_count} of {len(rows)}.

Comparison (`--compare previous`, SPEC §12.22) on the reports that take it, over the store's last {days // 2} days
({half_from} – {ctx.last}) against the {days // 2} before: the report is made twice, so it should cost at most
twice the plain report.

| report | plain | with `--compare previous` | ratio |
|---|---|---|---|
{chr(10).join(comparison_rows)}
<!-- {MARKER}:end -->
"""
    print()
    print(text)
    for label, pairs in problems:
        print(f"{label}: figures that differ (footfall, DuckDB):")
        for key, (ours, theirs) in pairs.items():
            print(f"  {key}:\n    footfall {str(ours)[:1000]}\n    DuckDB   {str(theirs)[:1000]}")
    if args.write:
        write_section(MARKER, text)


if __name__ == "__main__":
    main()

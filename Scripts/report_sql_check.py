#!/usr/bin/env python3
"""Runs the SQL templates of SQLTemplates/ (SPEC §16: `footfall sql NAME --dialect duckdb|spark|trino`) in real
engines and compares their rows with footfall's own JSON (`footfall report NAME --format json`).

For every case (a report with its options and filters) it
  1. gets footfall's figures: `BINARY report NAME [ARG] --store S --config C --format json --from D --to D [filters]`;
  2. gets the SQL: rendered here from SQLTemplates/<report>.<dialect>.sql by the rules of SQLTemplates/README.md
     (tables as the Parquet files of the store's newest version, as `footfall sql --parquet` names them: DuckDB
     through Scripts/store_tables.py, Spark as `(SELECT *, DATE 'D' AS day FROM parquet.`file` UNION ALL …)`; a
     store of the older layout STORE/current/<table>/ is read too), or with --footfall-sql from
     `BINARY sql NAME [ARG] --store S --config C --dialect D [--parquet] [options]`;
  3. runs it in DuckDB and/or Spark (pyspark, local[2], session time zone UTC);
  4. turns the JSON into the rows the query must give (`expected_<report>` below: the result shapes of the README)
     and compares them row by row: names, days and integers equal, doubles equal to 1e-6 relative or to the
     6 decimals footfall's JSON keeps (|a − b| ≤ 5e-7).
Exit 0 when every case agrees, 1 with the differing rows otherwise (2 on a usage or engine error).

Usage:
  python3 Scripts/report_sql_check.py [--engine duckdb|spark|both|trino-via-duckdb] [--binary /tmp/ref-dc6/footfall]
      [--store /tmp/sqlwork/store] [--config SampleLogs/site.toml] [--reports overview,pages] [--footfall-sql [--parquet]]
      [--show-sql] [--keep-going]
"""
import argparse
import datetime
import json
import math
import os
import re
import subprocess
import sys
import time
import tomllib

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import store_tables  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TEMPLATES = os.path.join(ROOT, "SQLTemplates")
SEGMENTS = ["customer", "member", "anonymous_new", "anonymous"]
CHANNELS = ["campaign", "search", "social", "referral", "direct"]
WEEKDAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
AGE_BANDS = {"10s": (10, 19), "20s": (20, 29), "30s": (30, 39), "40s": (40, 49), "50s": (50, 59)}


def literal(text):
    """A SQL string literal (the same in the three dialects: quotes doubled; Spark also reads backslashes, so they
    are doubled for it)."""
    return "'" + str(text).replace("'", "''") + "'"


def spark_literal(text):
    return "'" + str(text).replace("\\", "\\\\").replace("'", "\\'") + "'"


# ---- the renderer: SQLTemplates/README.md, "Placeholders" -------------------------------------------------------

PLACEHOLDER = re.compile(r"\{\{([a-z_]+)\}\}")


def render(template, values):
    """Replaces every {{name}}; an unknown name is an error (a template must not need what the renderer lacks)."""
    def one(match):
        name = match.group(1)
        if name not in values:
            raise KeyError(f"no value for placeholder {{{{{name}}}}}")
        return str(values[name])
    return PLACEHOLDER.sub(one, template)


class Site:
    """What the renderer needs from the store and the config."""

    def __init__(self, store, config, binary):
        self.store = os.path.abspath(store)
        # Schema 6 (docs/STORE.md): Delta tables, the newest version's files named by _footfall/versions/vN.json.
        # The older Parquet layout (STORE/current/<table>/day=…/) is still read when a store has it.
        self.manifest = None
        self.current = os.path.realpath(os.path.join(self.store, "current"))
        manifest_path = os.path.join(self.current, "_manifest.json")
        if os.path.isdir(os.path.join(self.store, "_footfall", "versions")):
            self.manifest = store_tables.latest_commit(self.store)
            self.days = sorted(self.manifest["days"])
        elif os.path.exists(manifest_path):
            self.days = sorted(json.load(open(manifest_path))["days"])
        else:
            done = subprocess.run([binary, "report", "overview", "--store", self.store, "--format", "json"], capture_output=True, text=True)
            if done.returncode != 0:
                raise SystemExit(f"{store}: no store-level commit and `footfall report overview` failed: {done.stderr[-500:]}")
            self.days = [d["day"] for d in json.loads(done.stdout)["daily"]]
        self.config = os.path.abspath(config)
        self.site = tomllib.load(open(self.config, "rb"))
        folder = os.path.dirname(self.config)
        self.customers_csv = os.path.join(folder, self.site["site"]["customers"])
        self.campaigns_csv = os.path.join(folder, self.site["site"]["campaign_costs"])
        self.funnels = {f["name"]: f["steps"] for f in self.site.get("funnels", [])}
        goals = self.site.get("goals", [])
        marked = [g["name"] for g in goals if g.get("conversion")]
        self.conversion_goals = marked or [g["name"] for g in goals if g["name"] != "login"]

    def header(self, path):
        with open(path, encoding="utf-8-sig") as file:
            return [name.strip() for name in file.readline().strip().split(",")]

    def page_of_step(self, step):
        """DOCS/REPORTS.md: the page name of the [[pages]] rule written with the same glob, else of the first rule
        matching a plain-path step; None when none."""
        rules = self.site.get("pages", [])
        for rule in rules:
            if rule["match"] == step:
                return rule.get("page", step)
        if "*" not in step:
            for rule in rules:
                if re.fullmatch(glob_regex(rule["match"]), step) and not rule.get("query"):
                    return rule.get("page", step)
        return None


def glob_regex(glob):
    out = ""
    for part in re.split(r"(\*\*+|\*)", glob):
        out += ".*" if part.startswith("**") else "[^/]*" if part == "*" else re.escape(part)
    return out


CUSTOMER_COLUMNS = ["member_id", "grade", "insured", "birth_year", "gender", "occupation", "children", "joined",
                    "first_contract", "maturity_date"]
CAMPAIGN_COLUMNS = ["campaign", "medium", "cost", "sent", "start", "end"]


def relations(site, dialect):
    """The table placeholders, as Parquet over the store's current version (the --parquet flavour); for trino, the
    names of the views TrinoViaDuckDBEngine makes."""
    if dialect == "trino":
        return {name: name for name in ["visits", "pageviews", "daily_hits", "daily_visits", "daily_items", "member_interest",
                                        "history", "members", "customers", "campaign_costs"]}
    out = {}
    partitioned = ["visits", "pageviews", "daily_hits", "daily_visits", "daily_items", "member_interest"]
    if site.manifest is not None:
        # as `footfall sql --parquet` names them: the files of the newest version
        for name in partitioned + ["history", "members"]:
            if dialect == "duckdb":
                out[name] = store_tables.relation(site.store, name, site.manifest)
                continue
            logical = sorted((k, e) for k, e in site.manifest["files"].items() if k.startswith(name + "/"))
            paths = [(k, os.path.join(site.store, e.get("path") or k)) for k, e in logical]
            if name in partitioned:
                parts = [f"SELECT *, DATE '{re.search(r'day=([0-9-]{10})', k).group(1)}' AS day FROM parquet.`{path}`" for k, path in paths]
                out[name] = "(" + " UNION ALL ".join(parts) + ")"
            else:
                out[name] = f"parquet.`{paths[0][1]}`"
    else:
        for name in partitioned:
            path = os.path.join(site.current, name)
            if dialect == "duckdb":
                out[name] = f"read_parquet({literal(path + '/*/*.parquet')}, hive_partitioning = true)"
            else:  # spark: partition discovery gives `day` as DATE
                out[name] = f"parquet.`{path}`"
        for name, file in [("history", "history/visitors.parquet"), ("members", "members/members.parquet")]:
            path = os.path.join(site.current, file)
            out[name] = f"read_parquet({literal(path)})" if dialect == "duckdb" else f"parquet.`{path}`"
    for name, path, wanted in [("customers", site.customers_csv, CUSTOMER_COLUMNS),
                               ("campaign_costs", site.campaigns_csv, CAMPAIGN_COLUMNS)]:
        header = site.header(path)
        if dialect == "duckdb":
            select = ", ".join(f'"{c}"' if c in header else f'CAST(NULL AS VARCHAR) AS "{c}"' for c in wanted)
            out[name] = f"(SELECT {select} FROM read_csv({literal(path)}, header = true, all_varchar = true))"
        else:
            # Spark SQL reads a CSV file without options as _c0, _c1, …: the header row is data; it is dropped by its
            # first cell and the columns are named from the header.
            columns = {c: f"_c{i}" for i, c in enumerate(header)}
            select = ", ".join(f"{columns[c]} AS `{c}`" if c in columns else f"CAST(NULL AS STRING) AS `{c}`" for c in wanted)
            out[name] = f"(SELECT {select} FROM csv.`{path}` WHERE _c0 IS DISTINCT FROM {spark_literal(header[0])})"
    return out


def visit_filter(filters, year):
    """{{visit_filter}}: a predicate over `visits` columns, dialect-neutral."""
    clauses = []
    for key in ["segment", "grade", "gender", "device", "channel", "campaign"]:
        if key in filters:
            clauses.append(f"{key} = {literal(filters[key])}")
    if "age" in filters:
        text = filters["age"]
        if text.endswith("+"):
            clauses.append(f"({year} - birth_year) >= {int(text[:-1])}")
        else:
            low, _, high = text.partition("-")
            clauses.append(f"({year} - birth_year) BETWEEN {int(low)} AND {int(high or low)}")
    return " AND ".join(clauses) if clauses else "TRUE"


def placeholder_values(site, dialect, case, report_json):
    """Every placeholder's value for one case. The range is the one footfall used (cut to the store's days)."""
    first, last = report_json["from"], report_json["to"]
    d0, d1 = datetime.date.fromisoformat(first), datetime.date.fromisoformat(last)
    lit = spark_literal if dialect == "spark" else literal
    values = dict(relations(site, dialect))
    filters = case.get("filters", {})
    values.update({
        "from": first, "to": last, "calendar_days": (d1 - d0).days + 1, "year": d1.year,
        "visit_filter": visit_filter(filters, d1.year),
        "has_visit_filter": "TRUE" if filters else "FALSE",
        "conversion_goals": ", ".join(lit(g) for g in site.conversion_goals),
        # retention-watch: the range end as asked (--to), before the cut
        "retention_end": case.get("to") or last,
    })
    if case["report"] in ("funnel", "funnel-window"):
        name = case["arg"]
        steps = site.funnels[name]
        values["funnel_name_literal"] = lit(name)
        values["funnel_steps"] = ", ".join(lit(s) for s in steps)
        pages = [site.page_of_step(s) for s in steps]
        values["funnel_step_pages"] = ", ".join("NULL" if p is None else lit(p) for p in pages)
        values["window_days"] = case.get("options", {}).get("window", 0)
    if case["report"] == "attribution":
        values["goal_literal"] = lit(case["options"]["goal"])
        values["lookback_days"] = case["options"].get("lookback", 30)
    if case["report"] == "customer":
        values["member_id_literal"] = lit(case["arg"])
    if case["report"] == "cohorts":
        values["cohort_unit"] = case["options"]["by"]
        values["periods"] = case["options"].get("periods", 8)
        goal = case["options"].get("goal")
        values["cohort_goal_literal"] = lit(goal) if goal else "CAST(NULL AS VARCHAR)" if dialect != "spark" else "CAST(NULL AS STRING)"
    return values


# ---- expected rows: footfall's JSON in the result shape of each template (SQLTemplates/README.md) ----------------

def row(**kw):
    return kw


def expected_overview(j):
    keys = ["hits", "bot_hits", "page_views", "visits", "visitors", "first_time_visitors", "logins", "logins_per_day",
            "logins_per_member", "pages_per_visit", "avg_visit_duration_s", "bounce_rate"]
    rows = [dict(section="totals", day=None, device=None, **{k: j["totals"].get(k) for k in keys})]
    for d in j["daily"]:
        rows.append(dict(section="daily", day=d["day"], device=None, **{k: d.get(k) for k in keys}))
    for device, visits in j["devices"].items():
        rows.append(dict(section="devices", day=None, device=device, **{k: (visits if k == "visits" else None) for k in keys}))
    return rows


def ranked_rows(section, items, name_key, value_key, **extra):
    return [dict(section=section, **extra, rank=i + 1, name=item[name_key], value=item[value_key]) for i, item in enumerate(items)]


SEGMENT_COLUMNS = ["section", "segment", "rank", "name", "path", "visitors", "visits", "page_views", "pages_per_visitor",
                   "visits_per_visitor_per_week", "interest"]


def expected_segments(j):
    rows = []
    blank = {c: None for c in SEGMENT_COLUMNS}
    for s in j["segments"]:
        rows.append({**blank, "section": "segments", "segment": s["segment"],
                     **{k: s[k] for k in ["visitors", "visits", "page_views", "pages_per_visitor", "visits_per_visitor_per_week"]}})
    for section, value in [("top_content", "page_views"), ("top_product_categories", "page_views"), ("top_products", "interest"),
                           ("top_paths", "visits")]:
        for s in j["segments"]:
            for i, item in enumerate(s[section]):
                r = {**blank, "section": section, "segment": s["segment"], "rank": i + 1, value: item[value]}
                if section == "top_paths":
                    r["path"] = item["path"]
                else:
                    r["name"] = item["name"]
                rows.append(r)
    return rows


def expected_profile(j):
    cols = ["section", "rank", "name", "visitors", "avg_page_views_per_visitor", "avg_visits_per_visitor_per_week", "page_views", "interest"]
    blank = {c: None for c in cols}
    rows = [{**blank, "section": "profile", **{k: j[k] for k in ["visitors", "avg_page_views_per_visitor", "avg_visits_per_visitor_per_week"]}}]
    for section, value in [("content_preference", "page_views"), ("product_category_preference", "page_views"), ("product_preference", "interest")]:
        for i, item in enumerate(j[section]):
            rows.append({**blank, "section": section, "rank": i + 1, "name": item["name"], value: item[value]})
    return rows


def expected_groups(j):
    return [dict(c) for c in j["cells"]]


def expected_pages(j):
    return [dict(p) for p in j["pages"]]


def expected_paths(j):
    cols = ["section", "rank", "path", "from", "to", "page", "visits", "count"]
    blank = {c: None for c in cols}
    rows = [{**blank, "section": "top_paths", "rank": i + 1, "path": p["path"], "visits": p["visits"]} for i, p in enumerate(j["top_paths"])]
    rows += [{**blank, "section": "transitions", "rank": i + 1, "from": t["from"], "to": t["to"], "count": t["count"]}
             for i, t in enumerate(j["transitions"])]
    for section in ["entry_pages", "exit_pages"]:
        rows += [{**blank, "section": section, "rank": i + 1, "page": p["page"], "visits": p["visits"]} for i, p in enumerate(j[section])]
    return rows


def expected_funnel(j):
    cols = ["section", "funnel", "step", "name", "page", "segment", "visits", "conversion_from_start", "conversion_from_previous"]
    blank = {c: None for c in cols}
    rows = [{**blank, "section": "steps", "funnel": j["funnel"], "step": i + 1, **{k: s[k] for k in
             ["name", "page", "visits", "conversion_from_start", "conversion_from_previous"]}} for i, s in enumerate(j["steps"])]
    for segment in SEGMENTS:
        for i, visits in enumerate(j["by_segment"][segment]):
            rows.append({**blank, "section": "by_segment", "funnel": j["funnel"], "step": i + 1, "name": j["steps"][i]["name"],
                         "segment": segment, "visits": visits})
    return rows


CAMPAIGN_FIELDS = ["campaign", "source", "medium", "visits", "visitors", "bounce_rate", "pages_per_visit", "conversions", "opens",
                   "unique_opens", "clickers", "sent", "open_rate", "click_rate", "click_to_open", "cost", "cost_per_visit",
                   "cost_per_conversion", "cost_from", "cost_to"]


def expected_campaigns(j):
    cols = ["section"] + CAMPAIGN_FIELDS + ["goal", "goal_visits"]
    blank = {c: None for c in cols}
    rows = []
    for c in j["campaigns"]:
        days = c.get("cost_days") or {}
        rows.append({**blank, "section": "campaigns", **{k: c.get(k) for k in CAMPAIGN_FIELDS[:-2]},
                     "cost_from": days.get("from"), "cost_to": days.get("to")})
    for c in j["campaigns"]:
        for goal, visits in sorted(c["goals"].items()):
            rows.append({**blank, "section": "goals", "campaign": c["campaign"], "goal": goal, "goal_visits": visits})
    return rows


def expected_referrers(j):
    cols = ["section", "rank", "engine", "keyword", "network", "host", "visits", "conversions"]
    blank = {c: None for c in cols}
    rows = []
    rows += [{**blank, "section": "search_engines", "rank": i + 1, "engine": e["engine"], "visits": e["visits"], "conversions": e["conversions"]}
             for i, e in enumerate(j["search_engines"])]
    rows += [{**blank, "section": "keywords", "rank": i + 1, "engine": k["engine"], "keyword": k["keyword"], "visits": k["visits"]}
             for i, k in enumerate(j["keywords"])]
    rows += [{**blank, "section": "social", "rank": i + 1, "host": s["host"], "network": s["network"], "visits": s["visits"],
              "conversions": s["conversions"]} for i, s in enumerate(j["social"])]
    rows += [{**blank, "section": "social_networks", "rank": i + 1, "network": n["network"], "visits": n["visits"],
              "conversions": n["conversions"]} for i, n in enumerate(j["social_networks"])]
    for i, n in enumerate(j["social_networks"]):
        rows += [{**blank, "section": "social_network_hosts", "rank": i + 1, "network": n["network"], "host": h["host"],
                  "visits": h["visits"], "conversions": h["conversions"]} for h in n["hosts"]]
    rows += [{**blank, "section": "referral", "rank": i + 1, "host": r["host"], "visits": r["visits"], "conversions": r["conversions"]}
             for i, r in enumerate(j["referral"])]
    return rows


def expected_logins(j):
    cols = ["section", "bucket", "grade", "members", "logins"]
    blank = {c: None for c in cols}
    rows = [{**blank, "section": "totals", "members": j["members"], "logins": j["logins"]}]
    rows += [{**blank, "section": "frequency", "bucket": k, "members": v} for k, v in j["frequency"].items()]
    rows += [{**blank, "section": "recency_days", "bucket": k, "members": v} for k, v in j["recency_days"].items()]
    rows += [{**blank, "section": "by_grade", "grade": g["grade"], "members": g["members"], "logins": g["logins"]} for g in j["by_grade"]]
    return rows


PROFILE_FIELDS = ["insured", "birth_year", "gender", "occupation", "children", "joined", "first_contract", "maturity_date"]


def expected_customer(j):
    cols = (["section", "member_id", "grade", "segment", "visits", "page_views", "last_visit"] + PROFILE_FIELDS
            + ["rank", "name", "interest", "goal", "funnel", "steps", "start", "channel", "entry_page"])
    blank = {c: None for c in cols}
    profile = j.get("profile") or {}
    rows = [{**blank, "section": "customer", **{k: j[k] for k in ["member_id", "grade", "segment", "visits", "page_views", "last_visit"]},
             **{k: profile.get(k) for k in PROFILE_FIELDS}}]
    rows += [{**blank, "section": "top_content", "rank": i + 1, "name": c["name"], "page_views": c["page_views"]} for i, c in enumerate(j["top_content"])]
    rows += [{**blank, "section": "top_products", "rank": i + 1, "name": c["name"], "interest": c["interest"]} for i, c in enumerate(j["top_products"])]
    rows += [{**blank, "section": "goals", "goal": g, "visits": n} for g, n in sorted(j["goals"].items())]
    rows += [{**blank, "section": "funnel_steps", "funnel": f, "steps": n} for f, n in sorted(j["funnel_steps"].items())]
    rows += [{**blank, "section": "recent_visits", "rank": i + 1, "start": v["start"], "page_views": v["page_views"], "channel": v["channel"],
              "entry_page": v["entry_page"]} for i, v in enumerate(j["recent_visits"])]
    return rows


def expected_conversions(j):
    cols = ["section", "channel", "member_id", "signup_visits", "new_members", "first_contracts", "anonymous_visits", "signup_rate",
            "members_visited", "first_contract_rate", "visits"]
    blank = {c: None for c in cols}
    rows = [{**blank, "section": "totals", **{k: j[k] for k in ["signup_visits", "new_members", "first_contracts", "anonymous_visits",
                                                                "signup_rate", "members_visited", "first_contract_rate"]}}]
    rows += [{**blank, "section": "by_channel", **c} for c in j["by_channel"]]
    rows += [{**blank, "section": "new_member_ids", "member_id": m} for m in j["new_member_ids"]]
    rows += [{**blank, "section": "first_contract_member_ids", "member_id": m} for m in j["first_contract_member_ids"]]
    return rows


def expected_retention_watch(j):
    cols = ["section", "member_id", "grade", "maturity_date", "days_to_maturity", "visits", "rank", "name", "interest"]
    blank = {c: None for c in cols}
    rows = [{**blank, "section": "customers", **{k: c[k] for k in ["member_id", "grade", "maturity_date", "days_to_maturity", "visits"]}}
            for c in j["customers"]]
    for c in j["customers"]:
        rows += [{**blank, "section": "top_products", "member_id": c["member_id"], "rank": i + 1, "name": p["name"], "interest": p["interest"]}
                 for i, p in enumerate(c["top_products"])]
    return rows


def expected_hours(j):
    return [dict(weekday=w, hour=h, page_views=j["page_views"][w][h]) for w in WEEKDAYS for h in range(24)]


def expected_status(j):
    return [dict(status=k, hits=v) for k, v in sorted(j["statuses"].items())]


def expected_bots(j):
    rows = [dict(section="totals", rank=None, agent=None, hits=j["bot_hits"])]
    rows += [dict(section="agents", rank=i + 1, agent=a["agent"], hits=a["hits"]) for i, a in enumerate(j["agents"])]
    return rows


def expected_cohorts(j):
    return [dict(start=c["start"], size=c["size"], period=k, count=c["counts"][k], share=c["shares"][k])
            for c in j["cohorts"] for k in range(len(c["counts"]))]


MODELS = ["last_touch", "first_touch", "linear", "position_based", "time_decay"]
ATTRIBUTION_COLUMNS = ["section", "goal", "lookback_days", "conversions", "avg_touchpoints", "lag_days_median", "lag_days_p90", "rank",
                       "channel", "campaign", "touchpoints", "model", "credit", "cost", "cost_per_conversion"]


def expected_attribution(j):
    blank = {c: None for c in ATTRIBUTION_COLUMNS}
    rows = [{**blank, "section": "totals", "goal": j["goal"], "lookback_days": j["lookback_days"], "conversions": j["conversions"],
             "avg_touchpoints": j["avg_touchpoints"], "lag_days_median": j["lag_days"]["median"], "lag_days_p90": j["lag_days"]["p90"]}]
    for i, c in enumerate(j["channels"]):
        rows += [{**blank, "section": "channels", "rank": i + 1, "channel": c["channel"], "touchpoints": c["touchpoints"], "model": m,
                  "credit": c["credit"][m]} for m in MODELS]
    for i, c in enumerate(j["campaigns"]):
        rows += [{**blank, "section": "campaigns", "rank": i + 1, "campaign": c["campaign"], "touchpoints": c["touchpoints"], "model": m,
                  "credit": c["credit"][m], "cost": c["cost"], "cost_per_conversion": c["cost_per_conversion"][m]} for m in MODELS]
    return rows


FUNNEL_WINDOW_COLUMNS = ["section", "funnel", "window_days", "step", "name", "page", "segment", "channel", "rank", "persons",
                         "conversion_from_start", "conversion_from_previous", "median_s_from_previous", "p90_s_from_previous", "dropped"]


def expected_funnel_window(j):
    blank = {c: None for c in FUNNEL_WINDOW_COLUMNS}
    common = {"funnel": j["funnel"], "window_days": j["window_days"]}
    steps = j["steps"]
    rows = [{**blank, **common, "section": "steps", "step": i + 1, **{k: s[k] for k in
             ["name", "page", "persons", "conversion_from_start", "conversion_from_previous", "median_s_from_previous", "p90_s_from_previous"]}}
            for i, s in enumerate(steps)]
    for key, column, names in [("by_segment", "segment", SEGMENTS), ("by_channel", "channel", CHANNELS)]:
        for name in names:
            rows += [{**blank, **common, "section": key, "step": i + 1, "name": steps[i]["name"], column: name, "persons": n}
                     for i, n in enumerate(j[key][name])]
    for i, d in enumerate(j["next_pages_after_drop"]):
        rows.append({**blank, **common, "section": "drops", "step": i + 1, "name": d["step"], "dropped": d["dropped"]})
    for i, d in enumerate(j["next_pages_after_drop"]):
        rows += [{**blank, **common, "section": "next_pages", "step": i + 1, "name": d["step"], "rank": r + 1, "page": p["page"],
                  "persons": p["persons"]} for r, p in enumerate(d["pages"])]
    return rows


EXPECTED = {
    "cohorts": expected_cohorts, "attribution": expected_attribution, "funnel-window": expected_funnel_window,
    "overview": expected_overview, "segments": expected_segments, "profile": expected_profile, "groups": expected_groups,
    "pages": expected_pages, "paths": expected_paths, "funnel": expected_funnel, "campaigns": expected_campaigns,
    "referrers": expected_referrers, "logins": expected_logins, "customer": expected_customer, "conversions": expected_conversions,
    "retention-watch": expected_retention_watch, "hours": expected_hours, "status": expected_status, "bots": expected_bots,
}


# ---- the cases -------------------------------------------------------------------------------------------------

def cases(site):
    first, last = site.days[0], site.days[-1]
    funnel = next(iter(site.funnels))
    member = "M415309"
    out = []
    for report in ["overview", "segments", "profile", "groups", "pages", "paths", "campaigns", "referrers", "logins",
                   "conversions", "hours", "status", "bots"]:
        out.append(dict(report=report))
    out.append(dict(report="funnel", arg=funnel))
    out.append(dict(report="customer", arg=member))
    out.append(dict(report="retention-watch"))
    # filters and sub-ranges
    middle = site.days[len(site.days) // 2]
    for report in ["overview", "segments", "profile", "groups", "pages", "paths", "campaigns", "referrers", "logins",
                   "conversions", "hours", "retention-watch"]:
        out.append(dict(report=report, filters={"segment": "member"}, **{"from": middle}))
        out.append(dict(report=report, filters={"gender": "F", "age": "30-49"}))
        out.append(dict(report=report, filters={"channel": "search", "device": "mobile"}, to=middle))
    out.append(dict(report="funnel", arg=funnel, filters={"segment": "member"}))
    out.append(dict(report="funnel", arg=funnel, filters={"age": "60+"}))
    out.append(dict(report="overview", filters={"campaign": "EM2026NOV01"}))
    out.append(dict(report="campaigns", filters={"campaign": "EM2026NOV01"}))
    out.append(dict(report="overview", **{"from": first, "to": first}))
    out.append(dict(report="campaigns", **{"from": last, "to": last}))
    out.append(dict(report="customer", arg="M011983", to=middle))
    out.append(dict(report="retention-watch", to="2026-12-01"))
    out.append(dict(report="retention-watch", to="2026-12-01", filters={"segment": "customer"}))
    out.append(dict(report="customer", arg="M000376"))  # in customers.csv, no visit
    out.append(dict(report="customer", arg="M800023"))  # a member not in customers.csv

    out.append(dict(report="status", **{"from": middle, "to": middle}))
    out.append(dict(report="cohorts", options={"by": "week"}))
    out.append(dict(report="cohorts", options={"by": "month", "goal": "login", "periods": 3}, filters={"segment": "anonymous_new"}))
    out.append(dict(report="cohorts", options={"by": "week", "goal": "premium_quote", "periods": 2}, **{"from": middle}))
    out.append(dict(report="bots", **{"from": middle}))
    # journeys (SPEC §14): attribution and the funnel across visits
    out.append(dict(report="attribution", options={"goal": "signup_complete"}))
    out.append(dict(report="attribution", options={"goal": "premium_quote", "lookback": 1}))
    out.append(dict(report="attribution", options={"goal": "apply_complete", "lookback": 7}, **{"from": middle}))
    out.append(dict(report="attribution", options={"goal": "consult_request"}, filters={"segment": "member"}))
    out.append(dict(report="attribution", options={"goal": "login", "lookback": 0}, filters={"channel": "search", "device": "mobile"}, to=middle))
    out.append(dict(report="funnel", arg=funnel, options={"window": 7}))
    out.append(dict(report="funnel", arg=funnel, options={"window": 1}))
    out.append(dict(report="funnel", arg=funnel, options={"window": 1}, **{"from": middle}))
    out.append(dict(report="funnel", arg=funnel, options={"window": 7}, filters={"segment": "anonymous_new"}))
    out.append(dict(report="funnel", arg=funnel, options={"window": 7}, filters={"gender": "F", "age": "30-49"}, to=middle))
    return out


def case_label(case):
    parts = [case["report"]] + ([case["arg"]] if "arg" in case else [])
    parts += [f"--{k} {case[k]}" for k in ["from", "to"] if k in case]
    parts += [f"--{k} {v}" for k, v in case.get("options", {}).items()]
    parts += [f"--{k} {v}" for k, v in case.get("filters", {}).items()]
    return " ".join(parts)


def footfall_args(case):
    args = [case["report"]] + ([case["arg"]] if "arg" in case else [])
    for key in ["from", "to"]:
        if key in case:
            args += [f"--{key}", case[key]]
    for key, value in list(case.get("options", {}).items()) + list(case.get("filters", {}).items()):
        args += [f"--{key}", str(value)]
    return args


# ---- engines ---------------------------------------------------------------------------------------------------

class DuckDBEngine:
    name = "duckdb"

    def __init__(self):
        import duckdb
        self.con = duckdb.connect()
        self.con.execute("SET TimeZone = 'UTC'")

    def run(self, sql):
        cursor = self.con.execute(sql)
        names = [d[0] for d in cursor.description]
        return [dict(zip(names, r)) for r in cursor.fetchall()]


class TrinoViaDuckDBEngine:
    """Not Trino: the Trino templates translated by sqlglot (if installed) into DuckDB SQL and run by DuckDB over views
    named like Trino catalog tables. It catches Trino-syntax and logic slips in the untested dialect; it does not
    prove that Trino accepts the query."""
    name = "trino"

    def __init__(self, site):
        import duckdb
        import sqlglot  # noqa: F401  (fails early when missing)
        self.con = duckdb.connect()
        self.con.execute("SET TimeZone = 'UTC'")
        for name, relation in relations(site, "duckdb").items():
            self.con.execute(f"CREATE VIEW {name} AS SELECT * FROM {relation} AS r")

    def run(self, sql):
        import sqlglot
        translated = sqlglot.transpile(sql, read="trino", write="duckdb")[0]
        # what this sqlglot leaves untranslated for this DuckDB
        translated = translated.replace("ARRAYS_OVERLAP(", "LIST_HAS_ANY(")
        # a Java-style group reference in a replacement ($1, funnel-window's glob escaping) is \1 to DuckDB (RE2)
        translated = translated.replace(r"'\\$1'", r"'\\\1'")
        translated = re.sub(r"UNNEST\((CAST\(JSON\([a-z_]+\) AS MAP\(TEXT, BIGINT\)\))\) AS f\(funnel, steps\)",
                            r"(SELECT unnest(map_keys(\1)) AS funnel, unnest(map_values(\1)) AS steps) AS f", translated)
        cursor = self.con.execute(translated)
        names = [d[0] for d in cursor.description]
        return [dict(zip(names, r)) for r in cursor.fetchall()]


class SparkEngine:
    name = "spark"

    def __init__(self):
        from pyspark.sql import SparkSession
        started = time.perf_counter()
        self.spark = (SparkSession.builder.master("local[2]").appName("report_sql_check")
                      .config("spark.driver.memory", "1g").config("spark.sql.session.timeZone", "UTC")
                      .config("spark.ui.enabled", "false").config("spark.ui.showConsoleProgress", "false").config("spark.sql.shuffle.partitions", "4")
                      .config("spark.sql.adaptive.enabled", "true").getOrCreate())
        self.spark.sparkContext.setLogLevel("ERROR")
        self.startup = time.perf_counter() - started

    def run(self, sql):
        frame = self.spark.sql(sql)
        names = frame.columns
        return [dict(zip(names, list(r))) for r in frame.collect()]


# ---- comparison ------------------------------------------------------------------------------------------------

def normal(value):
    """Engine values as JSON-like values: dates and timestamps as ISO text, decimals as floats, arrays as lists."""
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    if hasattr(value, "as_integer_ratio") and not isinstance(value, (int, float)):  # Decimal
        return float(value)
    if isinstance(value, tuple):
        return list(value)
    if isinstance(value, list):
        return [normal(v) for v in value]
    return value


def same(a, b):
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
    if isinstance(a, bool) or isinstance(b, bool):
        return a == b
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        if isinstance(a, int) and isinstance(b, int):
            return a == b
        if math.isnan(float(a)) or math.isnan(float(b)):
            return False
        diff = abs(float(a) - float(b))
        return diff <= 1e-6 * max(abs(a), abs(b)) or diff <= 5e-7 + 1e-12
    return a == b


def compare(expected, actual):
    """Differences as text lines (empty when equal)."""
    problems = []
    if actual and expected:
        want, got = list(expected[0].keys()), list(actual[0].keys())
        if want != got:
            problems.append(f"columns differ:\n      want {want}\n      got  {got}")
            return problems
    for i in range(max(len(expected), len(actual))):
        e = expected[i] if i < len(expected) else None
        a = {k: normal(v) for k, v in actual[i].items()} if i < len(actual) else None
        if e is None or a is None or any(not same(e.get(k), a.get(k)) for k in set(e) | set(a)):
            problems.append(f"row {i + 1}:\n      footfall {json.dumps(e, ensure_ascii=False, default=str)}\n"
                            f"      sql      {json.dumps(a, ensure_ascii=False, default=str)}")
        if len(problems) > 12:
            problems.append("…")
            break
    if len(expected) != len(actual):
        problems.insert(0, f"{len(expected)} rows from footfall, {len(actual)} from the query")
    return problems


def template_name(case):
    """The template (and the expected rows) of a case: the funnel across visits (--window) has its own."""
    if case["report"] == "funnel" and case.get("options", {}).get("window", 0) > 0:
        return "funnel-window"
    return case["report"]


def own_sql(site, case, dialect, report_json):
    path = os.path.join(TEMPLATES, f"{template_name(case)}.{dialect}.sql")
    with open(path, encoding="utf-8") as file:
        template = file.read()
    return render(template, placeholder_values(site, dialect, case, report_json))


def footfall_sql(args, case, dialect):
    """--footfall-sql: the query as `footfall sql` prints it."""
    command = [args.binary, "sql", *footfall_args(case), "--store", args.store, "--config", args.config, "--dialect", dialect]
    if args.parquet:
        command.append("--parquet")
    done = subprocess.run(command, capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed ({done.returncode}): {done.stderr[-2000:]}")
    return done.stdout


def run_footfall(args, case):
    command = [args.binary, "report", *footfall_args(case), "--store", args.store, "--config", args.config, "--format", "json"]
    done = subprocess.run(command, capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed ({done.returncode}): {done.stderr[-2000:]}")
    return json.loads(done.stdout)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--engine", choices=["duckdb", "spark", "both", "trino-via-duckdb"], default="both",
                        help="both: duckdb and spark; trino-via-duckdb: the trino templates translated by sqlglot, run by DuckDB")
    parser.add_argument("--binary", default="/tmp/ref-dc6/footfall")
    parser.add_argument("--store", default="/tmp/sqlwork/store")
    parser.add_argument("--config", default=os.path.join(ROOT, "SampleLogs", "site.toml"))
    parser.add_argument("--reports", help="only these reports, comma-separated (a template name too: funnel-window)")
    parser.add_argument("--plain-only", action="store_true", help="only the cases without filters or options")
    parser.add_argument("--footfall-sql", action="store_true", help="take the SQL from `BINARY sql …` instead of rendering the templates")
    parser.add_argument("--parquet", action="store_true", help="with --footfall-sql: pass --parquet to `footfall sql`")
    parser.add_argument("--show-sql", action="store_true", help="print each rendered query")
    args = parser.parse_args()
    args.store = os.path.abspath(args.store)
    args.config = os.path.abspath(args.config)

    site = Site(args.store, args.config, args.binary)
    chosen = cases(site)
    if args.reports:
        wanted = args.reports.split(",")
        chosen = [c for c in chosen if c["report"] in wanted or template_name(c) in wanted]
    if args.plain_only:
        chosen = [c for c in chosen if set(c) <= {"report", "arg", "options"}]
    engines = []
    if args.engine in ("duckdb", "both"):
        engines.append(DuckDBEngine())
    if args.engine == "trino-via-duckdb":
        engines.append(TrinoViaDuckDBEngine(site))
    if args.engine in ("spark", "both"):
        engines.append(SparkEngine())
        print(f"spark session started in {engines[-1].startup:.1f} s", flush=True)

    failures, total = 0, 0
    timings = {e.name: 0.0 for e in engines}
    for case in chosen:
        label = case_label(case)
        report_json = run_footfall(args, case)
        expected = EXPECTED[template_name(case)](report_json)
        for engine in engines:
            total += 1
            try:
                sql = footfall_sql(args, case, engine.name) if args.footfall_sql else own_sql(site, case, engine.name, report_json)
                if args.show_sql:
                    print(sql)
                started = time.perf_counter()
                actual = engine.run(sql)
                elapsed = time.perf_counter() - started
                timings[engine.name] += elapsed
                problems = compare(expected, actual)
            except Exception as error:  # an engine error is a failure of the case, reported with the rest
                problems, elapsed = [f"error: {str(error)[:3000]}"], 0.0
            status = "ok" if not problems else "DIFFER"
            print(f"{status:6} {engine.name:6} {label}  ({len(expected)} rows, {elapsed:.2f} s)", flush=True)
            if problems:
                failures += 1
                for line in problems:
                    print("    " + line)
    print(f"\n{total - failures} of {total} agree; query time " + ", ".join(f"{k} {v:.1f} s" for k, v in timings.items()))
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()

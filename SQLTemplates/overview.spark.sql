-- footfall report overview (SPEC §8, §10, §12.15-17). Rows: section 'totals' (1 row), 'daily' (one per day of the
-- range, empty days too), 'devices' (desktop, mobile, tablet). hits/bot_hits are NULL under a visit filter.
WITH v AS (
    SELECT day, visitor_no, member_no, logged_in, first_visit, page_views, duration_s, bounce, device
    FROM {{visits}} AS v0
    WHERE day BETWEEN DATE '{{from}}' AND DATE '{{to}}' AND ({{visit_filter}})
),
calendar AS (
    SELECT explode(sequence(DATE '{{from}}', DATE '{{to}}')) AS day
),
hits_by_day AS (
    SELECT day, sum(CASE WHEN kind = 'hits' THEN `count` ELSE 0 END) AS hits,
           sum(CASE WHEN kind = 'bot_hits' THEN `count` ELSE 0 END) AS bot_hits
    FROM {{daily_hits}} AS h0
    WHERE day BETWEEN DATE '{{from}}' AND DATE '{{to}}' AND kind IN ('hits', 'bot_hits')
    GROUP BY day
),
by_day AS (
    SELECT day, count(*) AS visits, sum(page_views) AS page_views, count(DISTINCT visitor_no) AS visitors,
           sum(CASE WHEN first_visit THEN 1 ELSE 0 END) AS first_time_visitors,
           sum(CASE WHEN logged_in THEN 1 ELSE 0 END) AS logins,
           count(DISTINCT CASE WHEN logged_in THEN member_no END) AS members,
           sum(duration_s) AS duration_s, sum(CASE WHEN bounce THEN 1 ELSE 0 END) AS bounces
    FROM v GROUP BY day
),
total AS (
    SELECT count(*) AS visits, coalesce(sum(page_views), 0) AS page_views, count(DISTINCT visitor_no) AS visitors,
           coalesce(sum(CASE WHEN first_visit THEN 1 ELSE 0 END), 0) AS first_time_visitors,
           coalesce(sum(CASE WHEN logged_in THEN 1 ELSE 0 END), 0) AS logins,
           count(DISTINCT CASE WHEN logged_in THEN member_no END) AS members,
           coalesce(sum(duration_s), 0) AS duration_s, coalesce(sum(CASE WHEN bounce THEN 1 ELSE 0 END), 0) AS bounces,
           (SELECT sum(hits) FROM hits_by_day) AS hits, (SELECT sum(bot_hits) FROM hits_by_day) AS bot_hits
    FROM v
),
devices AS (
    SELECT device, count(*) AS visits FROM v GROUP BY device
),
rows_ AS (
    SELECT 1 AS sort_a, CAST(NULL AS DATE) AS sort_b, 'totals' AS section, CAST(NULL AS DATE) AS day, CAST(NULL AS STRING) AS device,
           CASE WHEN {{has_visit_filter}} THEN NULL ELSE coalesce(hits, 0) END AS hits,
           CASE WHEN {{has_visit_filter}} THEN NULL ELSE coalesce(bot_hits, 0) END AS bot_hits,
           page_views, visits, visitors, first_time_visitors, logins,
           CAST(logins AS DOUBLE) / {{calendar_days}} AS logins_per_day,
           coalesce(CAST(logins AS DOUBLE) / nullif(members, 0), 0) AS logins_per_member,
           coalesce(CAST(page_views AS DOUBLE) / nullif(visits, 0), 0) AS pages_per_visit,
           coalesce(CAST(duration_s AS DOUBLE) / nullif(visits, 0), 0) AS avg_visit_duration_s,
           coalesce(CAST(bounces AS DOUBLE) / nullif(visits, 0), 0) AS bounce_rate
    FROM total
    UNION ALL
    SELECT 2, c.day, 'daily', c.day, NULL,
           CASE WHEN {{has_visit_filter}} THEN NULL ELSE coalesce(h.hits, 0) END,
           CASE WHEN {{has_visit_filter}} THEN NULL ELSE coalesce(h.bot_hits, 0) END,
           coalesce(d.page_views, 0), coalesce(d.visits, 0), coalesce(d.visitors, 0), coalesce(d.first_time_visitors, 0),
           coalesce(d.logins, 0), CAST(coalesce(d.logins, 0) AS DOUBLE),
           coalesce(CAST(d.logins AS DOUBLE) / nullif(d.members, 0), 0),
           coalesce(CAST(d.page_views AS DOUBLE) / nullif(d.visits, 0), 0),
           coalesce(CAST(d.duration_s AS DOUBLE) / nullif(d.visits, 0), 0),
           coalesce(CAST(d.bounces AS DOUBLE) / nullif(d.visits, 0), 0)
    FROM calendar AS c LEFT JOIN by_day AS d ON d.day = c.day LEFT JOIN hits_by_day AS h ON h.day = c.day
    UNION ALL
    SELECT 3, NULL, 'devices', NULL, k.device, NULL, NULL, NULL, coalesce(x.visits, 0), NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL
    FROM (VALUES ('desktop'), ('mobile'), ('tablet')) AS k(device) LEFT JOIN devices AS x ON x.device = k.device
)
SELECT section, day, device, hits, bot_hits, page_views, visits, visitors, first_time_visitors, logins, logins_per_day,
       logins_per_member, pages_per_visit, avg_visit_duration_s, bounce_rate
FROM rows_
ORDER BY sort_a, sort_b NULLS FIRST, device NULLS FIRST

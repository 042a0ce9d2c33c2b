-- footfall report hours (SPEC §8): page views by weekday (Mon..Sun) and hour (0-23) of the site's local time. One row
-- per weekday and hour (168 rows, zeros included), Monday 0h first.
WITH v AS (
    SELECT day, visit_id FROM {{visits}} AS v0
    WHERE day BETWEEN DATE '{{from}}' AND DATE '{{to}}' AND ({{visit_filter}})
),
local_times AS (
    SELECT CAST(floor(to_unixtime(p.ts)) AS BIGINT) + p.site_offset_s AS local_s
    FROM {{pageviews}} AS p JOIN v ON p.day = v.day AND p.visit_id = v.visit_id
    WHERE p.day BETWEEN DATE '{{from}}' AND DATE '{{to}}'
),
counts AS (
    -- 1970-01-01 was a Thursday: (days + 3) % 7 is 0 on a Monday
    SELECT (floor(local_s / 86400) + 3) % 7 AS weekday_no, floor(local_s % 86400 / 3600) AS hour, count(*) AS page_views
    FROM local_times GROUP BY 1, 2
),
grid AS (
    SELECT w.weekday_no, w.weekday, CAST(hour AS BIGINT) AS hour
    FROM (VALUES (0, 'Mon'), (1, 'Tue'), (2, 'Wed'), (3, 'Thu'), (4, 'Fri'), (5, 'Sat'), (6, 'Sun')) AS w(weekday_no, weekday)
         CROSS JOIN UNNEST(sequence(0, 23)) AS h(hour)
)
SELECT g.weekday, g.hour, coalesce(c.page_views, 0) AS page_views
FROM grid AS g LEFT JOIN counts AS c ON c.weekday_no = g.weekday_no AND c.hour = g.hour
ORDER BY g.weekday_no, g.hour

-- footfall report pages (SPEC §8; docs/REPORTS.md): the 50 most viewed pages (page views, then page name). content:
-- the content most of the page's views had (ties: the first by name); visits: visits that saw the page; entries:
-- first page views; exits: last page views; avg_time_on_page_s over the views that have a time on page (0 if none).
WITH v AS (
    SELECT day, visit_id FROM {{visits}} AS v0
    WHERE day BETWEEN DATE '{{from}}' AND DATE '{{to}}' AND ({{visit_filter}})
),
pv AS (
    SELECT p.visit_id, p.page, p.content, p."sequence" AS seq, p.time_on_page_s
    FROM {{pageviews}} AS p JOIN v ON p.day = v.day AND p.visit_id = v.visit_id
    WHERE p.day BETWEEN DATE '{{from}}' AND DATE '{{to}}' AND p.page IS NOT NULL
),
contents AS (
    SELECT page, content FROM (
        SELECT page, content, row_number() OVER (PARTITION BY page ORDER BY count(*) DESC, content) AS rank
        FROM pv WHERE content IS NOT NULL GROUP BY page, content
    ) AS r WHERE rank = 1
),
pages AS (
    SELECT page, count(*) AS page_views, count(DISTINCT visit_id) AS visits,
           sum(CASE WHEN seq = 1 THEN 1 ELSE 0 END) AS entries, sum(CASE WHEN time_on_page_s IS NULL THEN 1 ELSE 0 END) AS exits,
           coalesce(CAST(sum(time_on_page_s) AS DOUBLE) / nullif(count(time_on_page_s), 0), 0) AS avg_time_on_page_s
    FROM pv GROUP BY page
)
SELECT p.page, c.content, p.page_views, p.visits, p.entries, p.exits, p.avg_time_on_page_s
FROM pages AS p LEFT JOIN contents AS c ON c.page = p.page
ORDER BY p.page_views DESC, p.page
LIMIT 50

-- footfall report segments (SPEC §8, §10, §12.16, §12.18). Rows: section 'segments' (the four segments, in the order
-- customer, member, anonymous_new, anonymous, zeros included), then per segment the top 3 of 'top_content',
-- 'top_product_categories' (page_views), 'top_products' (interest at the range end, SPEC §7) and 'top_paths'
-- (path: the first three pages, visits); ties broken by name.
WITH v AS (
    SELECT day, visit_id, visitor_no, segment, page_views, path
    FROM {{visits}} AS v0
    WHERE day BETWEEN DATE '{{from}}' AND DATE '{{to}}' AND ({{visit_filter}})
),
pv AS (
    SELECT v.segment, p.content, p.product_category, p.product,
           (1 + CAST(least(greatest(coalesce(p.time_on_page_s, 0), 0), 600) AS DOUBLE) / 60 + coalesce(p.interest_action, 0))
             * power(0.5, CAST(date_diff('day', p.day, DATE '{{to}}') AS DOUBLE) / 30) AS interest
    FROM {{pageviews}} AS p JOIN v ON p.day = v.day AND p.visit_id = v.visit_id
    WHERE p.day BETWEEN DATE '{{from}}' AND DATE '{{to}}'
),
segment_names AS (
    SELECT * FROM (VALUES ('customer', 1), ('member', 2), ('anonymous_new', 3), ('anonymous', 4)) AS s(segment, segment_order)
),
figures AS (
    SELECT segment, count(DISTINCT visitor_no) AS visitors, count(*) AS visits, sum(page_views) AS page_views FROM v GROUP BY segment
),
items AS (
    SELECT 'top_content' AS section, 2 AS section_order, segment, content AS name, count(*) AS page_views, CAST(NULL AS DOUBLE) AS interest
    FROM pv WHERE content IS NOT NULL GROUP BY segment, content
    UNION ALL
    SELECT 'top_product_categories', 3, segment, product_category, count(*), NULL FROM pv WHERE product_category IS NOT NULL GROUP BY segment, product_category
    UNION ALL
    SELECT 'top_products', 4, segment, product, NULL, sum(interest) FROM pv WHERE product IS NOT NULL GROUP BY segment, product
),
ranked_items AS (
    SELECT * FROM (
        SELECT items.*, row_number() OVER (PARTITION BY section, segment ORDER BY coalesce(page_views, interest) DESC, name) AS rank FROM items
    ) AS r WHERE rank <= 3
),
paths AS (
    SELECT * FROM (
        SELECT segment, prefix, visits, row_number() OVER (PARTITION BY segment ORDER BY visits DESC, prefix) AS rank
        FROM (SELECT segment, prefix, count(*) AS visits
              FROM (SELECT segment, slice(CAST(json_parse(coalesce(path, '[]')) AS ARRAY(VARCHAR)), 1, 3) AS prefix FROM v) AS x
              GROUP BY segment, prefix) AS y
    ) AS r WHERE rank <= 3
),
rows_ AS (
    SELECT 1 AS section_order, s.segment_order, 'segments' AS section, s.segment, CAST(NULL AS BIGINT) AS rank, CAST(NULL AS VARCHAR) AS name,
           CAST(NULL AS ARRAY(VARCHAR)) AS path, coalesce(f.visitors, 0) AS visitors, coalesce(f.visits, 0) AS visits,
           coalesce(f.page_views, 0) AS page_views,
           coalesce(CAST(f.page_views AS DOUBLE) / nullif(f.visitors, 0), 0) AS pages_per_visitor,
           coalesce(CAST(f.visits AS DOUBLE) / nullif(f.visitors, 0), 0) / (CAST({{calendar_days}} AS DOUBLE) / 7) AS visits_per_visitor_per_week,
           CAST(NULL AS DOUBLE) AS interest
    FROM segment_names AS s LEFT JOIN figures AS f ON f.segment = s.segment
    UNION ALL
    SELECT i.section_order, s.segment_order, i.section, i.segment, i.rank, i.name, NULL, NULL, NULL, i.page_views, NULL, NULL, i.interest
    FROM ranked_items AS i JOIN segment_names AS s ON s.segment = i.segment
    UNION ALL
    SELECT 5, s.segment_order, 'top_paths', p.segment, p.rank, NULL, p.prefix, NULL, p.visits, NULL, NULL, NULL, NULL
    FROM paths AS p JOIN segment_names AS s ON s.segment = p.segment
)
SELECT section, segment, rank, name, path, visitors, visits, page_views, pages_per_visitor, visits_per_visitor_per_week, interest
FROM rows_
ORDER BY section_order, segment_order, rank NULLS FIRST

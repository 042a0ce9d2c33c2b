-- footfall report profile (SPEC §8, §10): the filtered group's figures. Rows: section 'profile' (1 row), then the
-- top 5 of 'content_preference', 'product_category_preference' (page_views) and 'product_preference' (interest at
-- the range end, SPEC §7); ties broken by name.
WITH v AS (
    SELECT day, visit_id, visitor_no, page_views
    FROM {{visits}} AS v0
    WHERE day BETWEEN DATE '{{from}}' AND DATE '{{to}}' AND ({{visit_filter}})
),
pv AS (
    SELECT p.content, p.product_category, p.product,
           (1 + CAST(least(greatest(coalesce(p.time_on_page_s, 0), 0), 600) AS DOUBLE) / 60 + coalesce(p.interest_action, 0))
             * power(0.5, CAST(datediff(DATE '{{to}}', p.day) AS DOUBLE) / 30) AS interest
    FROM {{pageviews}} AS p JOIN v ON p.day = v.day AND p.visit_id = v.visit_id
    WHERE p.day BETWEEN DATE '{{from}}' AND DATE '{{to}}'
),
items AS (
    SELECT 'content_preference' AS section, 2 AS section_order, content AS name, count(*) AS page_views, CAST(NULL AS DOUBLE) AS interest
    FROM pv WHERE content IS NOT NULL GROUP BY content
    UNION ALL
    SELECT 'product_category_preference', 3, product_category, count(*), NULL FROM pv WHERE product_category IS NOT NULL GROUP BY product_category
    UNION ALL
    SELECT 'product_preference', 4, product, NULL, sum(interest) FROM pv WHERE product IS NOT NULL GROUP BY product
),
ranked_items AS (
    SELECT * FROM (
        SELECT items.*, row_number() OVER (PARTITION BY section ORDER BY coalesce(page_views, interest) DESC, name) AS rank FROM items
    ) AS r WHERE rank <= 5
),
rows_ AS (
    SELECT 1 AS section_order, 'profile' AS section, CAST(NULL AS BIGINT) AS rank, CAST(NULL AS STRING) AS name,
           count(DISTINCT visitor_no) AS visitors,
           coalesce(CAST(sum(page_views) AS DOUBLE) / nullif(count(DISTINCT visitor_no), 0), 0) AS avg_page_views_per_visitor,
           coalesce(CAST(count(*) AS DOUBLE) / nullif(count(DISTINCT visitor_no), 0), 0) / (CAST({{calendar_days}} AS DOUBLE) / 7) AS avg_visits_per_visitor_per_week,
           CAST(NULL AS BIGINT) AS page_views, CAST(NULL AS DOUBLE) AS interest
    FROM v
    UNION ALL
    SELECT section_order, section, rank, name, NULL, NULL, NULL, page_views, interest FROM ranked_items
)
SELECT section, rank, name, visitors, avg_page_views_per_visitor, avg_visits_per_visitor_per_week, page_views, interest
FROM rows_
ORDER BY section_order, rank NULLS FIRST

-- footfall report groups (SPEC §8): customer grade x age band x gender cells of the visits with a grade (members found
-- in customers.csv). One row per cell, ordered by grade, age_band, gender (text order); age = {{year}} - birth_year
-- (the range end's year); top_product: the cell's product with the most interest (SPEC §7), ties by name.
WITH v AS (
    SELECT day, visit_id, visitor_no, page_views, grade, coalesce(gender, 'unknown') AS gender,
           CASE WHEN birth_year IS NULL THEN 'unknown'
                WHEN {{year}} - birth_year < 20 THEN '10s' WHEN {{year}} - birth_year < 30 THEN '20s'
                WHEN {{year}} - birth_year < 40 THEN '30s' WHEN {{year}} - birth_year < 50 THEN '40s'
                WHEN {{year}} - birth_year < 60 THEN '50s' ELSE '60+' END AS age_band
    FROM {{visits}} AS v0
    WHERE day BETWEEN DATE '{{from}}' AND DATE '{{to}}' AND grade IS NOT NULL AND ({{visit_filter}})
),
cells AS (
    SELECT grade, age_band, gender, count(DISTINCT visitor_no) AS visitors, count(*) AS visits, sum(page_views) AS page_views
    FROM v GROUP BY grade, age_band, gender
),
products AS (
    SELECT v.grade, v.age_band, v.gender, p.product,
           sum((1 + CAST(least(greatest(coalesce(p.time_on_page_s, 0), 0), 600) AS DOUBLE) / 60 + coalesce(p.interest_action, 0))
               * power(0.5, CAST(date_diff('day', p.day, DATE '{{to}}') AS DOUBLE) / 30)) AS interest
    FROM {{pageviews}} AS p JOIN v ON p.day = v.day AND p.visit_id = v.visit_id
    WHERE p.day BETWEEN DATE '{{from}}' AND DATE '{{to}}' AND p.product IS NOT NULL
    GROUP BY v.grade, v.age_band, v.gender, p.product
),
top AS (
    SELECT * FROM (
        SELECT products.*, row_number() OVER (PARTITION BY grade, age_band, gender ORDER BY interest DESC, product) AS rank FROM products
    ) AS r WHERE rank = 1
)
SELECT c.grade, c.age_band, c.gender, c.visitors, c.visits, c.page_views, t.product AS top_product
FROM cells AS c LEFT JOIN top AS t ON t.grade = c.grade AND t.age_band = c.age_band AND t.gender = c.gender
ORDER BY c.grade, c.age_band, c.gender

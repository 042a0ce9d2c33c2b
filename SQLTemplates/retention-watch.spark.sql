-- footfall report retention-watch (SPEC §8): customers of customers.csv whose maturity_date falls 1-20 days after
-- {{retention_end}} (the --to asked for, before any cut) and who visited in the range. Rows: 'customers' (member_id,
-- grade, maturity_date, days_to_maturity, visits; by maturity_date, then member_id), then 'top_products' (per customer
-- in the same order, the top 3 products by interest decayed to the same day: rank, name, interest).
WITH c AS (
    SELECT trim(member_id) AS member_id,
           CASE lower(trim(grade)) WHEN '우수' THEN 'vip' WHEN '일반' THEN 'regular' WHEN '이탈' THEN 'churned'
                WHEN '휴면' THEN 'dormant' WHEN '재활성화' THEN 'reactivated' WHEN '가망' THEN 'prospect' ELSE lower(trim(grade)) END AS grade,
           TRY_CAST(nullif(trim(maturity_date), '') AS DATE) AS maturity
    FROM {{customers}} AS c0
),
watched AS (
    SELECT * FROM c
    WHERE maturity BETWEEN date_add(DATE '{{retention_end}}', 1) AND date_add(DATE '{{retention_end}}', 20)
),
v AS (
    SELECT v0.day, v0.visit_id, v0.member_id
    FROM {{visits}} AS v0
    WHERE v0.day BETWEEN DATE '{{from}}' AND DATE '{{to}}' AND v0.member_id IN (SELECT member_id FROM watched) AND ({{visit_filter}})
),
customers_ AS (
    SELECT w.member_id, w.grade, w.maturity, datediff(w.maturity, DATE '{{retention_end}}') AS days_to_maturity,
           count(*) AS visits, row_number() OVER (ORDER BY w.maturity, w.member_id) AS customer_rank
    FROM watched AS w JOIN v ON v.member_id = w.member_id
    GROUP BY w.member_id, w.grade, w.maturity
),
products AS (
    SELECT * FROM (
        SELECT member_id, product, interest, row_number() OVER (PARTITION BY member_id ORDER BY interest DESC, product) AS rank
        FROM (SELECT v.member_id, p.product,
                     sum((1 + CAST(least(greatest(coalesce(p.time_on_page_s, 0), 0), 600) AS DOUBLE) / 60 + coalesce(p.interest_action, 0))
                         * power(0.5, CAST(datediff(DATE '{{retention_end}}', p.day) AS DOUBLE) / 30)) AS interest
              FROM {{pageviews}} AS p JOIN v ON p.day = v.day AND p.visit_id = v.visit_id
              WHERE p.day BETWEEN DATE '{{from}}' AND DATE '{{to}}' AND p.product IS NOT NULL
              GROUP BY v.member_id, p.product) AS x
    ) AS r WHERE rank <= 3
),
rows_ AS (
    SELECT 1 AS section_order, customer_rank, 'customers' AS section, member_id, grade, CAST(maturity AS STRING) AS maturity_date,
           days_to_maturity, visits, CAST(NULL AS BIGINT) AS rank, CAST(NULL AS STRING) AS name, CAST(NULL AS DOUBLE) AS interest
    FROM customers_
    UNION ALL
    SELECT 2, c.customer_rank, 'top_products', p.member_id, NULL, NULL, NULL, NULL, p.rank, p.product, p.interest
    FROM products AS p JOIN customers_ AS c ON c.member_id = p.member_id
)
SELECT section, member_id, grade, maturity_date, days_to_maturity, visits, rank, name, interest
FROM rows_
ORDER BY section_order, customer_rank, rank

-- footfall report customer MEMBER_ID (SPEC §8, §10): one member's preference sheet over the range (visit filters do
-- not apply). Rows: 'customer' (1 row: member_id, grade and the profile fields from customers.csv -- NULL when the
-- member is not in it --, segment of the last visit, visits, page_views, last_visit), 'top_content' (top 5: name,
-- page_views), 'top_products' (top 5: name, interest at the range end), 'goals' (goal, visits reaching it; by goal),
-- 'funnel_steps' (funnel, steps: the furthest step reached; by funnel), 'recent_visits' (the 10 latest: start,
-- page_views, channel, entry_page). Times are ISO 8601 in the site's offset.
WITH mv AS (
    SELECT day, visit_id, segment, page_views, channel, entry_page, coalesce(goals, '[]') AS goals,
           coalesce(funnel_steps, '{}') AS funnel_steps, epoch_us("start") AS start_us, site_offset_s,
           strftime(make_timestamp(epoch_us("start") + CAST(site_offset_s AS BIGINT) * 1000000), '%Y-%m-%dT%H:%M:%S')
             || CASE WHEN site_offset_s < 0 THEN '-' ELSE '+' END
             || lpad(CAST(abs(site_offset_s) // 3600 AS VARCHAR), 2, '0') || ':' || lpad(CAST(abs(site_offset_s) // 60 % 60 AS VARCHAR), 2, '0') AS start_text
    FROM {{visits}} AS v0
    WHERE day BETWEEN DATE '{{from}}' AND DATE '{{to}}' AND member_id = {{member_id_literal}}
),
pv AS (
    SELECT p.content, p.product,
           (1 + CAST(least(greatest(coalesce(p.time_on_page_s, 0), 0), 600) AS DOUBLE) / 60 + coalesce(p.interest_action, 0))
             * power(0.5, CAST(date_diff('day', p.day, DATE '{{to}}') AS DOUBLE) / 30) AS interest
    FROM {{pageviews}} AS p JOIN mv ON p.day = mv.day AND p.visit_id = mv.visit_id
    WHERE p.day BETWEEN DATE '{{from}}' AND DATE '{{to}}'
),
profile AS (
    SELECT * FROM {{customers}} AS c WHERE trim(c.member_id) = {{member_id_literal}}
),
figures AS (
    SELECT count(*) AS visits, coalesce(sum(page_views), 0) AS page_views, max_by(segment, start_us) AS segment,
           max_by(start_text, start_us) AS last_visit
    FROM mv
),
items AS (
    SELECT 'top_content' AS section, 2 AS section_order, content AS name, count(*) AS page_views, CAST(NULL AS DOUBLE) AS interest
    FROM pv WHERE content IS NOT NULL GROUP BY content
    UNION ALL
    SELECT 'top_products', 3, product, NULL, sum(interest) FROM pv WHERE product IS NOT NULL GROUP BY product
),
ranked_items AS (
    SELECT * FROM (
        SELECT items.*, row_number() OVER (PARTITION BY section ORDER BY coalesce(page_views, interest) DESC, name) AS rank FROM items
    ) AS r WHERE rank <= 5
),
goal_rows AS (
    SELECT goal, count(*) AS visits FROM mv CROSS JOIN unnest(from_json(goals, '["VARCHAR"]')) AS g(goal) GROUP BY goal
),
funnel_rows AS (
    SELECT e."key" AS funnel, max(e."value") AS steps
    FROM mv CROSS JOIN unnest(map_entries(from_json(funnel_steps, '"MAP(VARCHAR, BIGINT)"'))) AS f(e)
    GROUP BY e."key"
),
recent AS (
    SELECT start_text, page_views, channel, entry_page, row_number() OVER (ORDER BY start_us DESC) AS rank FROM mv
),
rows_ AS (
    SELECT 1 AS section_order, CAST(NULL AS BIGINT) AS rank, CAST(NULL AS VARCHAR) AS sort_c, 'customer' AS section,
           {{member_id_literal}} AS member_id,
           (SELECT CASE lower(trim(grade)) WHEN '우수' THEN 'vip' WHEN '일반' THEN 'regular' WHEN '이탈' THEN 'churned'
                   WHEN '휴면' THEN 'dormant' WHEN '재활성화' THEN 'reactivated' WHEN '가망' THEN 'prospect' ELSE lower(trim(grade)) END
            FROM profile) AS grade,
           f.segment, f.visits, f.page_views, f.last_visit,
           (SELECT upper(trim(insured)) = 'Y' FROM profile) AS insured,
           (SELECT TRY_CAST(trim(birth_year) AS BIGINT) FROM profile) AS birth_year,
           (SELECT nullif(trim(gender), '') FROM profile) AS gender,
           (SELECT nullif(trim(occupation), '') FROM profile) AS occupation,
           (SELECT TRY_CAST(trim(children) AS BIGINT) FROM profile) AS children,
           (SELECT nullif(trim(joined), '') FROM profile) AS joined,
           (SELECT nullif(trim(first_contract), '') FROM profile) AS first_contract,
           (SELECT nullif(trim(maturity_date), '') FROM profile) AS maturity_date,
           CAST(NULL AS VARCHAR) AS name, CAST(NULL AS DOUBLE) AS interest, CAST(NULL AS VARCHAR) AS goal,
           CAST(NULL AS VARCHAR) AS funnel, CAST(NULL AS BIGINT) AS steps, CAST(NULL AS VARCHAR) AS "start",
           CAST(NULL AS VARCHAR) AS channel, CAST(NULL AS VARCHAR) AS entry_page
    FROM figures AS f
    UNION ALL
    SELECT section_order, rank, NULL, section, NULL, NULL, NULL, NULL, page_views, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
           name, interest, NULL, NULL, NULL, NULL, NULL, NULL
    FROM ranked_items
    UNION ALL
    SELECT 4, NULL, goal, 'goals', NULL, NULL, NULL, visits, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
           NULL, NULL, goal, NULL, NULL, NULL, NULL, NULL
    FROM goal_rows
    UNION ALL
    SELECT 5, NULL, funnel, 'funnel_steps', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
           NULL, NULL, NULL, funnel, steps, NULL, NULL, NULL
    FROM funnel_rows
    UNION ALL
    SELECT 6, rank, NULL, 'recent_visits', NULL, NULL, NULL, NULL, page_views, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
           NULL, NULL, NULL, NULL, NULL, start_text, channel, entry_page
    FROM recent WHERE rank <= 10
)
SELECT section, member_id, grade, segment, visits, page_views, last_visit, insured, birth_year, gender, occupation, children,
       joined, first_contract, maturity_date, rank, name, interest, goal, funnel, steps, "start", channel, entry_page
FROM rows_
ORDER BY section_order, rank, sort_c

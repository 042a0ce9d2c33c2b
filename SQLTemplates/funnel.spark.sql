-- footfall report funnel NAME (SPEC §7, §12.14), within a visit. Rows: section 'steps' (step 1..N: name = the step's
-- glob, page, visits, conversion_from_start, conversion_from_previous), then 'by_segment' (the four segments in the
-- order customer, member, anonymous_new, anonymous; per step: visits). A visit reaches step k when its
-- funnel_steps[NAME] >= k.
WITH steps AS (
    SELECT array({{funnel_steps}}) AS names, CAST(array({{funnel_step_pages}}) AS ARRAY<STRING>) AS pages
),
k AS (
    SELECT CAST(i + 1 AS BIGINT) AS step, name, element_at(pages, i + 1) AS page FROM steps LATERAL VIEW posexplode(names) r AS i, name
),
reached AS (
    SELECT segment, coalesce(try_element_at(from_json(funnel_steps, 'map<string,bigint>'), {{funnel_name_literal}}), 0) AS reached,
           count(*) AS n
    FROM {{visits}} AS v0
    WHERE day BETWEEN DATE '{{from}}' AND DATE '{{to}}' AND ({{visit_filter}})
    GROUP BY 1, 2
),
segment_names AS (
    SELECT * FROM (VALUES ('customer', 1), ('member', 2), ('anonymous_new', 3), ('anonymous', 4)) AS s(segment, segment_order)
),
by_step AS (
    SELECT k.step, k.name, k.page, coalesce(sum(CASE WHEN r.reached >= k.step THEN r.n END), 0) AS visits
    FROM k LEFT JOIN reached AS r ON 1 = 1 GROUP BY k.step, k.name, k.page
),
overall AS (
    SELECT step, name, page, visits,
           coalesce(CAST(visits AS DOUBLE) / nullif(first_value(visits) OVER (ORDER BY step), 0), 0) AS conversion_from_start,
           coalesce(CAST(visits AS DOUBLE) / nullif(coalesce(lag(visits) OVER (ORDER BY step), visits), 0), 0) AS conversion_from_previous
    FROM by_step
),
by_segment AS (
    SELECT s.segment, s.segment_order, k.step, k.name, coalesce(sum(CASE WHEN r.reached >= k.step THEN r.n END), 0) AS visits
    FROM k CROSS JOIN segment_names AS s LEFT JOIN reached AS r ON r.segment = s.segment
    GROUP BY s.segment, s.segment_order, k.step, k.name
),
rows_ AS (
    SELECT 1 AS section_order, 0 AS segment_order, 'steps' AS section, step, name, page, CAST(NULL AS STRING) AS segment, visits,
           conversion_from_start, conversion_from_previous
    FROM overall
    UNION ALL
    SELECT 2, segment_order, 'by_segment', step, name, NULL, segment, visits, NULL, NULL FROM by_segment
)
SELECT section, {{funnel_name_literal}} AS funnel, step, name, page, segment, visits, conversion_from_start, conversion_from_previous
FROM rows_
ORDER BY section_order, segment_order, step

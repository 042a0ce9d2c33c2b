-- footfall report cohorts --by week|month [--goal G] [--periods N] (SPEC §14). A cohort: the visitor keys whose first
-- visit ever (visits.first_visit) falls in the range and passes the filter, grouped by the week (Monday) or month
-- that contains it. One row per cohort and period k = 0..N-1: start (the cohort's period start), size, period, count
-- (keys of the cohort with a visit -- with a goal, a visit reaching it -- in the k-th period after the cohort's own,
-- over every stored day), share = count / size; count and share are NULL for a period starting after the store's
-- last day. Ordered by start, period.
WITH all_visits AS (
    SELECT day, visitor_no, from_json(coalesce(goals, '[]'), 'array<string>') AS goal_list FROM {{visits}} AS v0
),
store_end AS (SELECT max(day) AS last_day FROM all_visits),
cohort_keys AS (
    SELECT visitor_no, min(CAST(date_trunc('{{cohort_unit}}', day) AS DATE)) AS cstart
    FROM {{visits}} AS v1
    WHERE day BETWEEN DATE '{{from}}' AND DATE '{{to}}' AND first_visit AND ({{visit_filter}})
    GROUP BY visitor_no
),
sizes AS (SELECT cstart, count(*) AS size FROM cohort_keys GROUP BY cstart),
periods AS (
    SELECT s.cstart, s.size, CAST(k AS BIGINT) AS period,
           CASE WHEN '{{cohort_unit}}' = 'week' THEN date_add(s.cstart, 7 * k) ELSE add_months(s.cstart, k) END AS period_start
    FROM sizes AS s LATERAL VIEW explode(sequence(0, {{periods}} - 1)) r AS k
),
cells AS (
    SELECT c.cstart,
           CASE WHEN '{{cohort_unit}}' = 'week' THEN datediff(CAST(date_trunc('{{cohort_unit}}', a.day) AS DATE), c.cstart) div 7
                ELSE CAST(months_between(CAST(date_trunc('{{cohort_unit}}', a.day) AS DATE), c.cstart) AS BIGINT) END AS period,
           count(DISTINCT a.visitor_no) AS n
    FROM cohort_keys AS c JOIN all_visits AS a ON a.visitor_no = c.visitor_no
    WHERE a.day >= c.cstart AND ({{cohort_goal_literal}} IS NULL OR array_contains(a.goal_list, {{cohort_goal_literal}}))
    GROUP BY 1, 2
)
SELECT CAST(p.cstart AS STRING) AS `start`, p.size, p.period,
       CASE WHEN p.period_start <= e.last_day THEN coalesce(c.n, 0) END AS `count`,
       CASE WHEN p.period_start <= e.last_day THEN CAST(coalesce(c.n, 0) AS DOUBLE) / p.size END AS share
FROM periods AS p CROSS JOIN store_end AS e LEFT JOIN cells AS c ON c.cstart = p.cstart AND c.period = p.period
ORDER BY p.cstart, p.period

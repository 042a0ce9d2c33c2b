-- footfall report campaigns (SPEC §6, §12.18-20). Rows: section 'campaigns' (one per campaign with a visit in the
-- range, or, without a visit filter, an e-mail open; by visits, most first, then name), then section 'goals' (per
-- campaign, in the same order, and goal name: goal, goal_visits = visits reaching it). cost_from/cost_to: the days
-- the cost is spread over (JSON cost_days). Under a visit filter opens, unique_opens, open_rate, click_to_open, cost,
-- cost_per_visit and cost_per_conversion are NULL.
WITH cv AS (
    SELECT campaign, visitor_no, page_views, bounce, source, medium, from_json(coalesce(goals, '[]'), '["VARCHAR"]') AS goal_list
    FROM {{visits}} AS v0
    WHERE day BETWEEN DATE '{{from}}' AND DATE '{{to}}' AND campaign IS NOT NULL AND ({{visit_filter}})
),
spans AS (
    SELECT campaign, min(day) AS first_day, max(day) AS last_day FROM {{visits}} AS v1 WHERE campaign IS NOT NULL GROUP BY campaign
),
tally AS (
    SELECT campaign, count(*) AS visits, count(DISTINCT visitor_no) AS visitors, sum(CASE WHEN bounce THEN 1 ELSE 0 END) AS bounces,
           sum(page_views) AS page_views,
           sum(CASE WHEN list_has_any(goal_list, [{{conversion_goals}}]) THEN 1 ELSE 0 END) AS conversions
    FROM cv GROUP BY campaign
),
sources AS (
    SELECT campaign, source FROM (
        SELECT campaign, source, row_number() OVER (PARTITION BY campaign ORDER BY count(*) DESC, source) AS rank
        FROM cv WHERE source IS NOT NULL GROUP BY campaign, source) AS r
    WHERE rank = 1
),
mediums AS (
    SELECT campaign, medium FROM (
        SELECT campaign, medium, row_number() OVER (PARTITION BY campaign ORDER BY count(*) DESC, medium) AS rank
        FROM cv WHERE medium IS NOT NULL GROUP BY campaign, medium) AS r
    WHERE rank = 1
),
opens AS (
    SELECT coalesce("key", '') AS campaign, sum("count") AS opens
    FROM {{daily_hits}} AS h0
    WHERE day BETWEEN DATE '{{from}}' AND DATE '{{to}}' AND kind = 'email_open'
    GROUP BY coalesce("key", '')
),
openers AS (
    SELECT split_part("key", chr(9), 1) AS campaign, count(DISTINCT split_part("key", chr(9), 2)) AS unique_opens
    FROM {{daily_hits}} AS h1
    WHERE day BETWEEN DATE '{{from}}' AND DATE '{{to}}' AND kind = 'email_opener'
    GROUP BY split_part("key", chr(9), 1)
),
costs AS (
    SELECT c.campaign, c.medium, TRY_CAST(nullif(c.cost, '') AS DOUBLE) AS cost, TRY_CAST(nullif(c.sent, '') AS BIGINT) AS sent,
           coalesce(TRY_CAST(nullif(c."start", '') AS DATE), s.first_day) AS cost_from,
           coalesce(TRY_CAST(nullif(c."end", '') AS DATE), s.last_day) AS cost_to
    FROM {{campaign_costs}} AS c LEFT JOIN spans AS s ON s.campaign = c.campaign
),
spread AS (
    SELECT campaign, medium, sent, cost_from, cost_to,
           cost * greatest(0, date_diff('day', greatest(cost_from, DATE '{{from}}'), least(cost_to, DATE '{{to}}')) + 1)
                / (date_diff('day', cost_from, cost_to) + 1) AS cost
    FROM costs
),
names AS (
    SELECT campaign FROM tally
    UNION
    SELECT campaign FROM opens WHERE NOT {{has_visit_filter}}
),
campaign_rows AS (
    SELECT n.campaign, so.source, coalesce(me.medium, sp.medium, CASE WHEN o.opens IS NOT NULL THEN 'email' END) AS medium,
           coalesce(t.visits, 0) AS visits, coalesce(t.visitors, 0) AS visitors,
           coalesce(CAST(t.bounces AS DOUBLE) / nullif(t.visits, 0), 0) AS bounce_rate,
           coalesce(CAST(t.page_views AS DOUBLE) / nullif(t.visits, 0), 0) AS pages_per_visit,
           coalesce(t.conversions, 0) AS conversions,
           CASE WHEN {{has_visit_filter}} THEN NULL ELSE coalesce(o.opens, 0) END AS opens,
           CASE WHEN {{has_visit_filter}} THEN NULL ELSE coalesce(op.unique_opens, 0) END AS unique_opens,
           coalesce(t.visitors, 0) AS clickers, sp.sent,
           CASE WHEN {{has_visit_filter}} THEN NULL ELSE CAST(coalesce(op.unique_opens, 0) AS DOUBLE) / sp.sent END AS open_rate,
           CAST(coalesce(t.visitors, 0) AS DOUBLE) / sp.sent AS click_rate,
           CASE WHEN {{has_visit_filter}} THEN NULL WHEN coalesce(op.unique_opens, 0) > 0 THEN CAST(coalesce(t.visitors, 0) AS DOUBLE) / op.unique_opens END AS click_to_open,
           CASE WHEN {{has_visit_filter}} THEN NULL ELSE sp.cost END AS cost,
           CASE WHEN {{has_visit_filter}} THEN NULL ELSE sp.cost / nullif(t.visits, 0) END AS cost_per_visit,
           CASE WHEN {{has_visit_filter}} THEN NULL ELSE sp.cost / nullif(t.conversions, 0) END AS cost_per_conversion,
           CASE WHEN sp.cost IS NOT NULL THEN sp.cost_from END AS cost_from, CASE WHEN sp.cost IS NOT NULL THEN sp.cost_to END AS cost_to
    FROM names AS n LEFT JOIN tally AS t ON t.campaign = n.campaign LEFT JOIN opens AS o ON o.campaign = n.campaign
         LEFT JOIN openers AS op ON op.campaign = n.campaign LEFT JOIN sources AS so ON so.campaign = n.campaign
         LEFT JOIN mediums AS me ON me.campaign = n.campaign LEFT JOIN spread AS sp ON sp.campaign = n.campaign
),
ranked AS (
    SELECT campaign_rows.*, row_number() OVER (ORDER BY visits DESC, campaign) AS campaign_rank FROM campaign_rows
),
goal_rows AS (
    SELECT campaign, goal, count(*) AS goal_visits FROM cv CROSS JOIN unnest(goal_list) AS g(goal) GROUP BY campaign, goal
),
rows_ AS (
    SELECT 1 AS section_order, campaign_rank, 'campaigns' AS section, campaign, source, medium, visits, visitors, bounce_rate,
           pages_per_visit, conversions, opens, unique_opens, clickers, sent, open_rate, click_rate, click_to_open, cost,
           cost_per_visit, cost_per_conversion, cost_from, cost_to, CAST(NULL AS VARCHAR) AS goal, CAST(NULL AS BIGINT) AS goal_visits
    FROM ranked
    UNION ALL
    SELECT 2, r.campaign_rank, 'goals', g.campaign, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
           NULL, NULL, NULL, NULL, NULL, NULL, g.goal, g.goal_visits
    FROM goal_rows AS g JOIN ranked AS r ON r.campaign = g.campaign
)
SELECT section, campaign, source, medium, visits, visitors, bounce_rate, pages_per_visit, conversions, opens, unique_opens,
       clickers, sent, open_rate, click_rate, click_to_open, cost, cost_per_visit, cost_per_conversion, cost_from, cost_to,
       goal, goal_visits
FROM rows_
ORDER BY section_order, campaign_rank, goal

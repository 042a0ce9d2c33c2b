-- footfall report attribution --goal G [--lookback DAYS] (SPEC §14, docs/JOURNEYS.md). A conversion: a visit of the
-- range passing the filter that reaches G. Its touchpoints: the visits of the same person (its member number, else
-- the first member ever linked to its visitor key, else the key) starting no more than DAYS x 86,400 s before it and
-- no later than it (itself included), in time order (start, then day and visit_id). Rows: section 'totals' (1: goal,
-- lookback_days, conversions, avg_touchpoints, lag_days_median, lag_days_p90), then 'channels' and 'campaigns' (by
-- touchpoints, most first, then name; rank = the position in the JSON list), one row per model in the JSON's order
-- (last_touch, first_touch, linear, position_based, time_decay): touchpoints, model, credit; campaigns also cost (the
-- campaign's cost spent in the range, SPEC §12.18; NULL under a visit filter) and cost_per_conversion = cost / credit
-- (NULL without a cost or a credit).
WITH linked AS (
    SELECT visitor_no, member_no AS first_member FROM (
        SELECT visitor_no, member_no, row_number() OVER (PARTITION BY visitor_no ORDER BY "start", day, member_no) AS r
        FROM {{visits}} AS v0 WHERE member_no IS NOT NULL) AS f
    WHERE r = 1
),
near_raw AS (
    SELECT day, visit_id, visitor_no, member_no, epoch_us("start") AS start_us, channel, campaign,
           (day BETWEEN DATE '{{from}}' AND DATE '{{to}}' AND ({{visit_filter}})
            AND list_contains(from_json(coalesce(goals, '[]'), '["VARCHAR"]'), {{goal_literal}})) AS converts
    FROM {{visits}} AS v1
    WHERE day BETWEEN CAST(DATE '{{from}}' - INTERVAL ({{lookback_days}} + 1) DAY AS DATE) AND DATE '{{to}}'
),
near AS (
    SELECT n.day, n.visit_id, coalesce(n.member_no, l.first_member, -1 - n.visitor_no) AS person, n.start_us, n.channel,
           n.campaign, n.converts
    FROM near_raw AS n LEFT JOIN linked AS l ON l.visitor_no = n.visitor_no
),
conversions AS (
    SELECT person, day AS cday, visit_id AS cid, start_us AS cs FROM near WHERE converts
),
touches AS (
    SELECT c.cday, c.cid, c.cs, t.channel, t.campaign, t.start_us AS ts,
           row_number() OVER (PARTITION BY c.cday, c.cid ORDER BY t.start_us, t.day, t.visit_id) AS rn,
           count(*) OVER (PARTITION BY c.cday, c.cid) AS n
    FROM conversions AS c JOIN near AS t
      ON t.person = c.person AND t.start_us BETWEEN c.cs - CAST({{lookback_days}} AS BIGINT) * 86400000000 AND c.cs
),
last_credited AS (
    SELECT cday, cid, coalesce(max(CASE WHEN channel IS DISTINCT FROM 'direct' THEN rn END), max(n)) AS last_rn
    FROM touches GROUP BY cday, cid
),
decayed AS (
    SELECT t.*, l.last_rn, pow(2.0, -CAST(t.cs - t.ts AS DOUBLE) / 1e6 / 604800.0) AS decay FROM touches AS t JOIN last_credited AS l
      ON l.cday = t.cday AND l.cid = t.cid
),
credited AS (
    SELECT channel, campaign,
           CASE WHEN rn = last_rn THEN 1.0 ELSE 0.0 END AS last_touch,
           CASE WHEN rn = 1 THEN 1.0 ELSE 0.0 END AS first_touch,
           1.0 / n AS linear,
           CASE WHEN n = 1 THEN 1.0 WHEN n = 2 THEN 0.5 WHEN rn = 1 OR rn = n THEN 0.4 ELSE 0.2 / (n - 2) END AS position_based,
           decay / sum(decay) OVER (PARTITION BY cday, cid) AS time_decay
    FROM decayed
),
models AS (
    SELECT * FROM (VALUES ('last_touch', 1), ('first_touch', 2), ('linear', 3), ('position_based', 4), ('time_decay', 5)) AS m(model, model_order)
),
lags AS (
    SELECT cday, cid, any_value(n) AS n, CAST(any_value(cs) - min(ts) AS DOUBLE) / 86400e6 AS lag FROM touches GROUP BY cday, cid
),
lag_ranks AS (
    SELECT n, lag, row_number() OVER (ORDER BY lag) AS r, count(*) OVER () AS total FROM lags
),
totals AS (
    SELECT (SELECT count(*) FROM conversions) AS conversions,
           avg(n) AS avg_touchpoints,
           avg(CASE WHEN r IN ((total + 1) // 2, total // 2 + 1) THEN lag END) AS lag_days_median,
           max(CASE WHEN r = (9 * total + 9) // 10 THEN lag END) AS lag_days_p90
    FROM lag_ranks
),
channel_tally AS (
    SELECT channel, count(*) AS touchpoints, sum(last_touch) AS last_touch, sum(first_touch) AS first_touch, sum(linear) AS linear,
           sum(position_based) AS position_based, sum(time_decay) AS time_decay
    FROM credited WHERE channel IS NOT NULL GROUP BY channel
),
campaign_tally AS (
    SELECT campaign, count(*) AS touchpoints, sum(last_touch) AS last_touch, sum(first_touch) AS first_touch, sum(linear) AS linear,
           sum(position_based) AS position_based, sum(time_decay) AS time_decay
    FROM credited WHERE campaign IS NOT NULL GROUP BY campaign
),
spans AS (
    SELECT campaign, min(day) AS first_day, max(day) AS last_day FROM {{visits}} AS v2 WHERE campaign IS NOT NULL GROUP BY campaign
),
costs AS (
    SELECT c.campaign, TRY_CAST(nullif(c.cost, '') AS DOUBLE) AS cost,
           coalesce(TRY_CAST(nullif(c."start", '') AS DATE), s.first_day) AS cost_from,
           coalesce(TRY_CAST(nullif(c."end", '') AS DATE), s.last_day) AS cost_to
    FROM {{campaign_costs}} AS c LEFT JOIN spans AS s ON s.campaign = c.campaign
),
spread AS (
    SELECT campaign,
           coalesce(cost * greatest(0, date_diff('day', greatest(cost_from, DATE '{{from}}'), least(cost_to, DATE '{{to}}')) + 1)
                / (date_diff('day', cost_from, cost_to) + 1), CASE WHEN cost IS NOT NULL THEN 0.0 END) AS cost
    FROM costs
),
tallies AS (
    SELECT 2 AS section_order, 'channels' AS section, channel, CAST(NULL AS VARCHAR) AS campaign, touchpoints, last_touch, first_touch,
           linear, position_based, time_decay, CAST(NULL AS DOUBLE) AS cost,
           row_number() OVER (ORDER BY touchpoints DESC, channel) AS rank
    FROM channel_tally
    UNION ALL
    SELECT 3, 'campaigns', NULL, t.campaign, t.touchpoints, t.last_touch, t.first_touch, t.linear, t.position_based, t.time_decay,
           CASE WHEN {{has_visit_filter}} THEN NULL ELSE s.cost END,
           row_number() OVER (ORDER BY t.touchpoints DESC, t.campaign)
    FROM campaign_tally AS t LEFT JOIN spread AS s ON s.campaign = t.campaign
),
long_rows AS (
    SELECT t.section_order, t.section, t.rank, t.channel, t.campaign, t.touchpoints, m.model, m.model_order,
           CAST(CASE m.model WHEN 'last_touch' THEN t.last_touch WHEN 'first_touch' THEN t.first_touch WHEN 'linear' THEN t.linear
                WHEN 'position_based' THEN t.position_based ELSE t.time_decay END AS DOUBLE) AS credit,
           t.cost
    FROM tallies AS t CROSS JOIN models AS m
),
rows_ AS (
    SELECT 1 AS section_order, 0 AS model_order, 'totals' AS section, {{goal_literal}} AS goal, CAST({{lookback_days}} AS BIGINT) AS lookback_days,
           conversions, CAST(avg_touchpoints AS DOUBLE) AS avg_touchpoints, lag_days_median, lag_days_p90,
           CAST(NULL AS BIGINT) AS rank, CAST(NULL AS VARCHAR) AS channel, CAST(NULL AS VARCHAR) AS campaign,
           CAST(NULL AS BIGINT) AS touchpoints, CAST(NULL AS VARCHAR) AS model, CAST(NULL AS DOUBLE) AS credit,
           CAST(NULL AS DOUBLE) AS cost, CAST(NULL AS DOUBLE) AS cost_per_conversion
    FROM totals
    UNION ALL
    SELECT section_order, model_order, section, NULL, NULL, NULL, NULL, NULL, NULL, rank, channel, campaign, touchpoints, model, credit,
           cost, CASE WHEN section = 'campaigns' AND credit > 0 THEN cost / credit END
    FROM long_rows
)
SELECT section, goal, lookback_days, conversions, avg_touchpoints, lag_days_median, lag_days_p90, rank, channel, campaign,
       touchpoints, model, credit, cost, cost_per_conversion
FROM rows_
ORDER BY section_order, rank, model_order

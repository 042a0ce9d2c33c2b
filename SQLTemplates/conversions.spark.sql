-- footfall report conversions (SPEC §8; docs/REPORTS.md). Rows: 'totals' (1 row: signup_visits, new_members,
-- first_contracts, anonymous_visits, signup_rate, members_visited, first_contract_rate), 'by_channel' (the five
-- channels in the order campaign, search, social, referral, direct: visits, anonymous_visits, signup_visits,
-- signup_rate), 'new_member_ids' and 'first_contract_member_ids' (member_id, by id). A sign-up visit reaches the goal
-- signup_complete; new members / first contracts: members who visited in the range whose customers.csv joined /
-- first_contract falls in the range.
WITH v AS (
    SELECT channel, segment, member_id,
           CASE WHEN array_contains(from_json(coalesce(goals, '[]'), 'array<string>'), 'signup_complete') THEN 1 ELSE 0 END AS signup,
           CASE WHEN segment IN ('anonymous_new', 'anonymous') THEN 1 ELSE 0 END AS anonymous
    FROM {{visits}} AS v0
    WHERE day BETWEEN DATE '{{from}}' AND DATE '{{to}}' AND ({{visit_filter}})
),
visited AS (SELECT DISTINCT member_id FROM v WHERE member_id IS NOT NULL),
members AS (
    SELECT m.member_id,
           TRY_CAST(nullif(trim(c.joined), '') AS DATE) BETWEEN DATE '{{from}}' AND DATE '{{to}}' AS joined_in_range,
           TRY_CAST(nullif(trim(c.first_contract), '') AS DATE) BETWEEN DATE '{{from}}' AND DATE '{{to}}' AS contract_in_range
    FROM visited AS m JOIN {{customers}} AS c ON trim(c.member_id) = m.member_id
),
channels AS (
    SELECT * FROM (VALUES ('campaign', 1), ('search', 2), ('social', 3), ('referral', 4), ('direct', 5)) AS c(channel, channel_order)
),
by_channel AS (
    SELECT channel, count(*) AS visits, sum(anonymous) AS anonymous_visits, sum(signup) AS signup_visits FROM v GROUP BY channel
),
totals AS (
    SELECT coalesce(sum(signup), 0) AS signup_visits, coalesce(sum(anonymous), 0) AS anonymous_visits,
           (SELECT count(*) FROM visited) AS members_visited,
           (SELECT count(*) FROM members WHERE joined_in_range) AS new_members,
           (SELECT count(*) FROM members WHERE contract_in_range) AS first_contracts
    FROM v
),
rows_ AS (
    SELECT 1 AS section_order, 0 AS channel_order, 'totals' AS section, CAST(NULL AS STRING) AS channel, CAST(NULL AS STRING) AS member_id,
           signup_visits, new_members, first_contracts, anonymous_visits,
           coalesce(CAST(signup_visits AS DOUBLE) / nullif(anonymous_visits, 0), 0) AS signup_rate, members_visited,
           coalesce(CAST(first_contracts AS DOUBLE) / nullif(members_visited, 0), 0) AS first_contract_rate,
           CAST(NULL AS BIGINT) AS visits
    FROM totals
    UNION ALL
    SELECT 2, c.channel_order, 'by_channel', c.channel, NULL, coalesce(b.signup_visits, 0), NULL, NULL, coalesce(b.anonymous_visits, 0),
           coalesce(CAST(b.signup_visits AS DOUBLE) / nullif(b.anonymous_visits, 0), 0), NULL, NULL, coalesce(b.visits, 0)
    FROM channels AS c LEFT JOIN by_channel AS b ON b.channel = c.channel
    UNION ALL
    SELECT 3, 0, 'new_member_ids', NULL, member_id, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL FROM members WHERE joined_in_range
    UNION ALL
    SELECT 4, 0, 'first_contract_member_ids', NULL, member_id, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL FROM members WHERE contract_in_range
)
SELECT section, channel, member_id, signup_visits, new_members, first_contracts, anonymous_visits, signup_rate, members_visited,
       first_contract_rate, visits
FROM rows_
ORDER BY section_order, channel_order, member_id

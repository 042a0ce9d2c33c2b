-- footfall report bots (SPEC §2, §8): rows 'totals' (bot_hits: as hits) and 'agents' (the 50 agents with the most
-- bot hits, ties by agent: rank, agent, hits). Visit filters do not apply.
WITH h AS (
    SELECT kind, `key`, `count` FROM {{daily_hits}} AS h0
    WHERE day BETWEEN DATE '{{from}}' AND DATE '{{to}}' AND kind IN ('bot_hits', 'bot_agent')
),
agents AS (
    SELECT coalesce(`key`, '') AS agent, sum(`count`) AS hits FROM h WHERE kind = 'bot_agent' GROUP BY coalesce(`key`, '')
),
rows_ AS (
    SELECT 1 AS section_order, 'totals' AS section, CAST(NULL AS BIGINT) AS rank, CAST(NULL AS STRING) AS agent,
           coalesce(sum(CASE WHEN kind = 'bot_hits' THEN `count` END), 0) AS hits
    FROM h
    UNION ALL
    SELECT 2, 'agents', row_number() OVER (ORDER BY hits DESC, agent), agent, hits FROM agents
)
SELECT section, rank, agent, hits
FROM rows_ WHERE rank IS NULL OR rank <= 50
ORDER BY section_order, rank

-- footfall report referrers (SPEC §6, §12.12, §12.19). Rows, each list ranked by visits (most first) then name, top 20:
-- 'search_engines' (engine, visits, conversions), 'keywords' (engine, keyword, visits; '(not provided)' without a
-- keyword), 'social' (host, network, visits, conversions), 'social_networks' (network, visits, conversions),
-- 'social_network_hosts' (every social host of each listed network: rank = the network's rank), 'referral' (host,
-- visits, conversions). conversions: visits reaching a conversion goal.
WITH v AS (
    SELECT channel, coalesce(search_engine, '?') AS engine, coalesce(keyword, '(not provided)') AS keyword,
           coalesce(referrer_host, '?') AS host,
           CASE WHEN list_has_any(from_json(coalesce(goals, '[]'), '["VARCHAR"]'), [{{conversion_goals}}]) THEN 1 ELSE 0 END AS converted
    FROM {{visits}} AS v0
    WHERE day BETWEEN DATE '{{from}}' AND DATE '{{to}}' AND channel IN ('search', 'social', 'referral') AND ({{visit_filter}})
),
engines AS (SELECT engine, count(*) AS visits, sum(converted) AS conversions FROM v WHERE channel = 'search' GROUP BY engine),
keywords AS (SELECT engine, keyword, count(*) AS visits FROM v WHERE channel = 'search' GROUP BY engine, keyword),
social_hosts AS (
    SELECT host, count(*) AS visits, sum(converted) AS conversions,
           CASE
               WHEN host = 'twitter.com' OR host LIKE '%.twitter.com' THEN 'twitter'
               WHEN host = 'x.com' OR host LIKE '%.x.com' THEN 'twitter'
               WHEN host = 't.co' OR host LIKE '%.t.co' THEN 'twitter'
               WHEN host = 'facebook.com' OR host LIKE '%.facebook.com' THEN 'facebook'
               WHEN host = 'instagram.com' OR host LIKE '%.instagram.com' THEN 'instagram'
               WHEN host = 'youtube.com' OR host LIKE '%.youtube.com' THEN 'youtube'
               WHEN host = 'youtu.be' OR host LIKE '%.youtu.be' THEN 'youtube'
               WHEN host = 'blog.naver.com' OR host LIKE '%.blog.naver.com' THEN 'naver_blog'
               WHEN host = 'cafe.naver.com' OR host LIKE '%.cafe.naver.com' THEN 'naver_cafe'
               WHEN host = 'kin.naver.com' OR host LIKE '%.kin.naver.com' THEN 'naver_kin'
               WHEN host = 'band.us' OR host LIKE '%.band.us' THEN 'band'
               WHEN host = 'story.kakao.com' OR host LIKE '%.story.kakao.com' THEN 'kakao_story'
               WHEN host = 'tistory.com' OR host LIKE '%.tistory.com' THEN 'tistory'
               WHEN host = 'me2day.net' OR host LIKE '%.me2day.net' THEN 'me2day'
               WHEN host = 'cyworld.com' OR host LIKE '%.cyworld.com' THEN 'cyworld'
               WHEN host = 'linkedin.com' OR host LIKE '%.linkedin.com' THEN 'linkedin'
               WHEN host = 'threads.net' OR host LIKE '%.threads.net' THEN 'threads'
               WHEN host = 'bit.ly' OR host LIKE '%.bit.ly' THEN 'bitly'
               ELSE host
           END AS network
    FROM v WHERE channel = 'social' GROUP BY host
),
networks AS (
    SELECT network, sum(visits) AS visits, sum(conversions) AS conversions,
           row_number() OVER (ORDER BY sum(visits) DESC, network) AS rank
    FROM social_hosts GROUP BY network
),
referral AS (SELECT host, count(*) AS visits, sum(converted) AS conversions FROM v WHERE channel = 'referral' GROUP BY host),
rows_ AS (
    SELECT 1 AS section_order, 'search_engines' AS section, row_number() OVER (ORDER BY visits DESC, engine) AS rank, engine,
           CAST(NULL AS VARCHAR) AS keyword, CAST(NULL AS VARCHAR) AS network, CAST(NULL AS VARCHAR) AS host, visits, conversions,
           CAST(NULL AS BIGINT) AS host_rank
    FROM engines
    UNION ALL
    SELECT 2, 'keywords', row_number() OVER (ORDER BY visits DESC, engine, keyword), engine, keyword, NULL, NULL, visits, NULL, NULL FROM keywords
    UNION ALL
    SELECT 3, 'social', row_number() OVER (ORDER BY visits DESC, host), NULL, NULL, network, host, visits, conversions, NULL FROM social_hosts
    UNION ALL
    SELECT 4, 'social_networks', rank, NULL, NULL, network, NULL, visits, conversions, NULL FROM networks
    UNION ALL
    SELECT 5, 'social_network_hosts', n.rank, NULL, NULL, n.network, h.host, h.visits, h.conversions,
           row_number() OVER (PARTITION BY n.network ORDER BY h.visits DESC, h.host)
    FROM social_hosts AS h JOIN networks AS n ON n.network = h.network
    UNION ALL
    SELECT 6, 'referral', row_number() OVER (ORDER BY visits DESC, host), NULL, NULL, NULL, host, visits, conversions, NULL FROM referral
)
SELECT section, rank, engine, keyword, network, host, visits, conversions
FROM rows_ WHERE rank <= 20
ORDER BY section_order, rank, host_rank

-- footfall report paths (SPEC §5, §12.10): from each visit's path (page names, repeats collapsed). Rows: section
-- 'top_paths' (path: the first three pages, visits), 'transitions' (from, to, count), 'entry_pages', 'exit_pages'
-- (page, visits); each the top 20 by count, ties by name (a path compared page by page).
WITH v AS (
    SELECT from_json(coalesce(path, '[]'), '["VARCHAR"]') AS p
    FROM {{visits}} AS v0
    WHERE day BETWEEN DATE '{{from}}' AND DATE '{{to}}' AND ({{visit_filter}})
),
walks AS (SELECT p FROM v WHERE len(p) > 0),
prefixes AS (SELECT p[1:3] AS path, count(*) AS visits FROM walks GROUP BY p[1:3]),
steps AS (
    SELECT p[i] AS from_page, p[i + 1] AS to_page, count(*) AS n
    FROM walks CROSS JOIN unnest(range(1, len(p))) AS t(i)
    GROUP BY p[i], p[i + 1]
),
entries AS (SELECT p[1] AS page, count(*) AS visits FROM walks GROUP BY p[1]),
exits AS (SELECT p[len(p)] AS page, count(*) AS visits FROM walks GROUP BY p[len(p)]),
rows_ AS (
    SELECT 1 AS section_order, 'top_paths' AS section, row_number() OVER (ORDER BY visits DESC, path) AS rank, path,
           CAST(NULL AS VARCHAR) AS from_page, CAST(NULL AS VARCHAR) AS to_page, CAST(NULL AS VARCHAR) AS page, visits, CAST(NULL AS BIGINT) AS n
    FROM prefixes
    UNION ALL
    SELECT 2, 'transitions', row_number() OVER (ORDER BY n DESC, from_page, to_page), NULL, from_page, to_page, NULL, NULL, n FROM steps
    UNION ALL
    SELECT 3, 'entry_pages', row_number() OVER (ORDER BY visits DESC, page), NULL, NULL, NULL, page, visits, NULL FROM entries
    UNION ALL
    SELECT 4, 'exit_pages', row_number() OVER (ORDER BY visits DESC, page), NULL, NULL, NULL, page, visits, NULL FROM exits
)
SELECT section, rank, path, from_page AS "from", to_page AS "to", page, visits, n AS "count"
FROM rows_ WHERE rank <= 20
ORDER BY section_order, rank

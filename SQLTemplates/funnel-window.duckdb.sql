-- footfall report funnel NAME --window DAYS (SPEC §14, docs/JOURNEYS.md): persons across visits. A visit's person: its
-- member number, else the first member ever linked to its visitor key, else the key. An attempt starts at a page view
-- whose path matches step 1 in a visit of the range passing the filter; step k+1 is the person's first later page
-- view (in time order: ts, then day, visit_id, sequence) matching step k+1 no later than DAYS x 86,400 s after the
-- attempt's start (a fold over the person's matching page views after the start). A person counts once, with the
-- attempt that reached furthest (the earliest of those). Rows: section 'steps' (step 1..N: name = the step's glob,
-- page, persons, conversion_from_start, conversion_from_previous, median_s_from_previous, p90_s_from_previous), then
-- 'by_segment' (customer, member, anonymous_new, anonymous) and 'by_channel' (campaign, search, social, referral,
-- direct): per step, persons by the segment / channel of the attempt's first visit; 'drops' (per step: dropped =
-- persons whose counted attempt stopped there); 'next_pages' (per step, top 5: page = the page viewed right after the
-- stopping step's page view in the same visit, persons, rank).
WITH steps AS (
    SELECT [{{funnel_steps}}] AS globs, CAST([{{funnel_step_pages}}] AS VARCHAR[]) AS pages
),
k AS (
    SELECT CAST(i AS BIGINT) AS step, globs[i] AS name, pages[i] AS page,
           -- a glob as a regular expression: `**` any run, `*` a run without '/', the rest literal
           '^' || replace(regexp_replace(regexp_replace(regexp_replace(globs[i], '([.^$+?()\[\]{}|\\])', '\\\1', 'g'),
                                                        '\*\*+', chr(1), 'g'), '\*', '[^/]*', 'g'), chr(1), '.*') || '$' AS re
    FROM steps CROSS JOIN range(1, len(globs) + 1) AS r(i)
),
regexes AS (SELECT list(re ORDER BY step) AS res, count(*) AS n_steps FROM k),
linked AS (
    SELECT visitor_no, member_no AS first_member FROM (
        SELECT visitor_no, member_no, row_number() OVER (PARTITION BY visitor_no ORDER BY "start", day, member_no) AS r
        FROM {{visits}} AS v0 WHERE member_no IS NOT NULL) AS f
    WHERE r = 1
),
vis_raw AS (
    SELECT day, visit_id, visitor_no, member_no, segment, channel,
           (day BETWEEN DATE '{{from}}' AND DATE '{{to}}' AND ({{visit_filter}})) AS selected
    FROM {{visits}} AS v1
    WHERE day BETWEEN DATE '{{from}}' AND CAST(DATE '{{to}}' + INTERVAL ({{window_days}} + 1) DAY AS DATE)
),
vis AS (
    SELECT v.day, v.visit_id, coalesce(v.member_no, l.first_member, -1 - v.visitor_no) AS person, v.segment, v.channel, v.selected
    FROM vis_raw AS v LEFT JOIN linked AS l ON l.visitor_no = v.visitor_no
),
pv AS (
    SELECT day, visit_id, "sequence", ts, path, page FROM {{pageviews}} AS p0
    WHERE day BETWEEN DATE '{{from}}' AND CAST(DATE '{{to}}' + INTERVAL ({{window_days}} + 1) DAY AS DATE)
),
matched_all AS (
    SELECT * FROM (
        SELECT v.person, v.selected, v.segment, v.channel, p.day, p.visit_id, p."sequence" AS seq, epoch_us(p.ts) AS ts,
               list_transform(r.res, lambda x: coalesce(regexp_matches(p.path, x), false)) AS m
        FROM pv AS p JOIN vis AS v ON v.day = p.day AND v.visit_id = p.visit_id CROSS JOIN regexes AS r) AS a
    WHERE list_bool_or(m)
),
open_days AS (
    -- the days a person's attempts may start on (SPEC §14: page views from the first such day to one day past the
    -- window after the last are followed)
    SELECT person, min(day) AS first_open, max(day) AS last_open FROM matched_all WHERE selected AND m[1] GROUP BY person
),
matched AS (
    SELECT a.*, row_number() OVER (PARTITION BY a.person ORDER BY a.ts, a.day, a.visit_id, a.seq) AS pos
    FROM matched_all AS a JOIN open_days AS o ON o.person = a.person
    WHERE a.day BETWEEN o.first_open AND CAST(o.last_open + INTERVAL ({{window_days}} + 1) DAY AS DATE)
),
attempts AS (
    SELECT o.person, o.pos AS p1, any_value(o.segment) AS segment, any_value(o.channel) AS channel,
           list({'pos': c.pos, 'ts': c.ts, 'm': c.m, 'day': c.day, 'visit_id': c.visit_id, 'seq': c.seq} ORDER BY c.pos) AS views
    FROM matched AS o JOIN matched AS c
      ON c.person = o.person AND c.pos >= o.pos AND c.ts <= o.ts + CAST({{window_days}} AS BIGINT) * 86400000000
    WHERE o.selected AND o.m[1]
    GROUP BY o.person, o.pos
),
chains AS (
    -- the greedy chain: the start, then each page view that matches the next step
    SELECT a.person, a.p1, a.segment, a.channel,
           list_reduce(a.views[2:], lambda acc, x: CASE WHEN len(acc) < r.n_steps AND x.m[len(acc) + 1] THEN list_append(acc, x) ELSE acc END,
                       [a.views[1]]) AS chain
    FROM attempts AS a CROSS JOIN regexes AS r
),
best AS (
    SELECT * FROM (
        SELECT person, segment, channel, chain, CAST(len(chain) AS BIGINT) AS reached,
               row_number() OVER (PARTITION BY person ORDER BY len(chain) DESC, p1) AS r
        FROM chains) AS b
    WHERE r = 1
),
gaps AS (
    SELECT k.step, CAST(b.chain[k.step].ts - b.chain[k.step - 1].ts AS DOUBLE) / 1e6 AS gap
    FROM best AS b JOIN k ON k.step > 1 AND k.step <= b.reached
),
gap_ranks AS (
    SELECT step, gap, row_number() OVER (PARTITION BY step ORDER BY gap) AS r, count(*) OVER (PARTITION BY step) AS total FROM gaps
),
gap_stats AS (
    SELECT step, avg(CASE WHEN r IN ((total + 1) // 2, total // 2 + 1) THEN gap END) AS median_s,
           max(CASE WHEN r = (9 * total + 9) // 10 THEN gap END) AS p90_s
    FROM gap_ranks GROUP BY step
),
by_step AS (
    SELECT k.step, k.name, k.page, (SELECT count(*) FROM best AS b WHERE b.reached >= k.step) AS persons FROM k
),
overall AS (
    SELECT s.step, s.name, s.page, s.persons,
           coalesce(CAST(s.persons AS DOUBLE) / nullif(first_value(s.persons) OVER (ORDER BY s.step), 0), 0) AS conversion_from_start,
           coalesce(CAST(s.persons AS DOUBLE) / nullif(coalesce(lag(s.persons) OVER (ORDER BY s.step), s.persons), 0), 0) AS conversion_from_previous,
           g.median_s, g.p90_s
    FROM by_step AS s LEFT JOIN gap_stats AS g ON g.step = s.step
),
segment_names AS (
    SELECT * FROM (VALUES ('customer', 1), ('member', 2), ('anonymous_new', 3), ('anonymous', 4)) AS s(segment, segment_order)
),
channel_names AS (
    SELECT * FROM (VALUES ('campaign', 1), ('search', 2), ('social', 3), ('referral', 4), ('direct', 5)) AS c(channel, channel_order)
),
by_segment AS (
    SELECT s.segment, s.segment_order, k.step, k.name, count(b.person) AS persons
    FROM k CROSS JOIN segment_names AS s LEFT JOIN best AS b ON b.segment = s.segment AND b.reached >= k.step
    GROUP BY s.segment, s.segment_order, k.step, k.name
),
by_channel AS (
    SELECT c.channel, c.channel_order, k.step, k.name, count(b.person) AS persons
    FROM k CROSS JOIN channel_names AS c LEFT JOIN best AS b ON b.channel = c.channel AND b.reached >= k.step
    GROUP BY c.channel, c.channel_order, k.step, k.name
),
stopped AS (
    SELECT b.person, b.reached AS step, b.chain[b.reached] AS last_view FROM best AS b CROSS JOIN regexes AS r WHERE b.reached < r.n_steps
),
drops AS (
    SELECT k.step, k.name, count(s.person) AS dropped FROM k LEFT JOIN stopped AS s ON s.step = k.step GROUP BY k.step, k.name
),
next_counts AS (
    SELECT s.step, p.page, count(*) AS persons
    FROM stopped AS s JOIN pv AS p ON p.day = s.last_view.day AND p.visit_id = s.last_view.visit_id AND p."sequence" = s.last_view.seq + 1
    WHERE p.page IS NOT NULL
    GROUP BY s.step, p.page
),
next_pages AS (
    SELECT * FROM (
        SELECT n.step, k.name, n.page, n.persons, row_number() OVER (PARTITION BY n.step ORDER BY n.persons DESC, n.page) AS rank
        FROM next_counts AS n JOIN k ON k.step = n.step) AS t
    WHERE rank <= 5
),
rows_ AS (
    SELECT 1 AS section_order, 0 AS group_order, 'steps' AS section, step, name, page, CAST(NULL AS VARCHAR) AS segment,
           CAST(NULL AS VARCHAR) AS channel, CAST(NULL AS BIGINT) AS rank, persons, conversion_from_start, conversion_from_previous,
           median_s AS median_s_from_previous, p90_s AS p90_s_from_previous, CAST(NULL AS BIGINT) AS dropped
    FROM overall
    UNION ALL
    SELECT 2, segment_order, 'by_segment', step, name, NULL, segment, NULL, NULL, persons, NULL, NULL, NULL, NULL, NULL FROM by_segment
    UNION ALL
    SELECT 3, channel_order, 'by_channel', step, name, NULL, NULL, channel, NULL, persons, NULL, NULL, NULL, NULL, NULL FROM by_channel
    UNION ALL
    SELECT 4, 0, 'drops', step, name, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, dropped FROM drops
    UNION ALL
    SELECT 5, 0, 'next_pages', step, name, page, NULL, NULL, rank, persons, NULL, NULL, NULL, NULL, NULL FROM next_pages
)
SELECT section, {{funnel_name_literal}} AS funnel, CAST({{window_days}} AS BIGINT) AS window_days, step, name, page, segment, channel,
       rank, persons, conversion_from_start, conversion_from_previous, median_s_from_previous, p90_s_from_previous, dropped
FROM rows_
ORDER BY section_order, group_order, step, rank

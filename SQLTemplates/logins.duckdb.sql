-- footfall report logins (SPEC §8): members with logged-in visits in the range. Rows: 'totals' (members, logins),
-- 'frequency' (bucket '1', '2-3', '4-7', '8+': members by logged-in visits), 'recency_days' (bucket '0', '1-6', '7-29',
-- '30+': members by days from their last logged-in visit to the range end), 'by_grade' (grade of the member's last
-- logged-in visit, 'none' without one; by members, most first, then grade).
WITH v AS (
    SELECT member_no, day, "start", grade
    FROM {{visits}} AS v0
    WHERE day BETWEEN DATE '{{from}}' AND DATE '{{to}}' AND logged_in AND member_no IS NOT NULL AND ({{visit_filter}})
),
per_member AS (
    SELECT member_no, count(*) AS n, date_diff('day', max(day), DATE '{{to}}') AS age,
           coalesce(max_by(grade, "start"), 'none') AS grade
    FROM v GROUP BY member_no
),
buckets AS (
    SELECT * FROM (VALUES ('frequency', 1, '1'), ('frequency', 2, '2-3'), ('frequency', 3, '4-7'), ('frequency', 4, '8+'),
                          ('recency_days', 1, '0'), ('recency_days', 2, '1-6'), ('recency_days', 3, '7-29'), ('recency_days', 4, '30+'))
           AS b(section, bucket_order, bucket)
),
member_buckets AS (
    SELECT 'frequency' AS section, CASE WHEN n = 1 THEN '1' WHEN n <= 3 THEN '2-3' WHEN n <= 7 THEN '4-7' ELSE '8+' END AS bucket FROM per_member
    UNION ALL
    SELECT 'recency_days', CASE WHEN age = 0 THEN '0' WHEN age <= 6 THEN '1-6' WHEN age <= 29 THEN '7-29' ELSE '30+' END FROM per_member
),
grades AS (
    SELECT grade, count(*) AS members, sum(n) AS logins, row_number() OVER (ORDER BY count(*) DESC, grade) AS rank
    FROM per_member GROUP BY grade
),
rows_ AS (
    SELECT 1 AS section_order, 0 AS sort_b, 'totals' AS section, CAST(NULL AS VARCHAR) AS bucket, CAST(NULL AS VARCHAR) AS grade,
           count(*) AS members, coalesce(sum(n), 0) AS logins
    FROM per_member
    UNION ALL
    SELECT CASE WHEN b.section = 'frequency' THEN 2 ELSE 3 END, b.bucket_order, b.section, b.bucket, NULL, count(m.bucket), NULL
    FROM buckets AS b LEFT JOIN member_buckets AS m ON m.section = b.section AND m.bucket = b.bucket
    GROUP BY b.section, b.bucket_order, b.bucket
    UNION ALL
    SELECT 4, rank, 'by_grade', NULL, grade, members, logins FROM grades
)
SELECT section, bucket, grade, members, logins
FROM rows_
ORDER BY section_order, sort_b

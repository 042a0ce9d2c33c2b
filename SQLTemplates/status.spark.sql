-- footfall report status (SPEC §12.20): hits by HTTP status over every parsed hit of the range, bots included (visit
-- filters do not apply). One row per status code (text), in text order.
SELECT `key` AS status, sum(`count`) AS hits
FROM {{daily_hits}} AS h0
WHERE day BETWEEN DATE '{{from}}' AND DATE '{{to}}' AND kind = 'status'
GROUP BY `key`
ORDER BY `key`

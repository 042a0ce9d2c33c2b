#!/usr/bin/env bash
# Builds the 30-day store that Scripts/bench_reports.py measures (issue 5's "30 days of about 200k visits
# a day"): one generated day per date (October 2026, ~3.1M lines, ~200k visits each, a different seed per
# day so that visitors differ from day to day), then one nightly `footfall ingest` per day, as the nightly
# job runs. Prints each night's ingest time. Data goes to bench-data/ (git-ignored).
#
#   bash Scripts/make_month_store.sh            # then: python3 Scripts/bench_reports.py --write
set -euo pipefail
cd "$(dirname "$0")/.."
DATA=bench-data/month
STORE=bench-data/month-store
mkdir -p "$DATA"
swift build -c release >/dev/null
for d in $(seq -w 1 30); do
  out="$DATA/2026-10-$d.log.gz"
  [ -f "$out" ] && continue
  python3 Scripts/generate_logs.py --lines 3100000 --visitors 123000 --days 1 --start "2026-10-$d" \
    --seed $((10#$d + 100)) --out "$out.tmp" > "$DATA/gen-$d.log"
  mv "$out.tmp" "$out"
done
rm -rf "$STORE"
for d in $(seq -w 1 30); do
  /usr/bin/time -f "night 2026-10-$d: %e s, %M KB" .build/release/footfall ingest --config SampleLogs/site.toml \
    --store "$STORE" "$DATA/2026-10-$d.log.gz" 2>&1 >/dev/null | grep -E "^night|error" || true
done
du -sh "$STORE/current/" "$STORE/versions"

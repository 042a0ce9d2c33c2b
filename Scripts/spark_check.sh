#!/usr/bin/env bash
# Spark runs every report's `footfall sql --dialect spark --parquet` query on the sample store and must get
# footfall's own figures (SPEC §16; Scripts/report_sql_check.py, 78 cases; about 5 minutes on 2 cores).
# Installs Java 17 (Debian's openjdk-17-jre-headless) and pyspark (PyPI) when missing.
#
#   bash Scripts/spark_check.sh [FOOTFALL-BINARY]
set -euo pipefail
cd "$(dirname "$0")/.."
export DEBIAN_FRONTEND=noninteractive
if ! dpkg -s openjdk-17-jre-headless >/dev/null 2>&1; then
    apt-get update -qq
    apt-get install -y -qq openjdk-17-jre-headless
fi
python3 -c "import pyspark" >/dev/null 2>&1 || python3 -m pip install --quiet --root-user-action=ignore pyspark
binary=${1:-$(swift build --show-bin-path)/footfall}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$binary" ingest --config SampleLogs/site.toml --store "$work/store" SampleLogs/*.log.gz >/dev/null 2>&1
python3 Scripts/report_sql_check.py --engine spark --footfall-sql --parquet --binary "$binary" --store "$work/store" --config SampleLogs/site.toml

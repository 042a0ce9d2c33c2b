#!/usr/bin/env bash
# Installs the system packages footfall builds and tests with, when missing. Idempotent.
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive
# libdeflate-dev: whole-page gzip for Parquet pages (faster than zlib where the sizes are known).
# libisal-dev: Intel ISA-L igzip, streaming inflate of the gzipped logs (about 2.7x zlib).
# chromium, chromium-driver: the HTML reports are opened in headless Chromium by the report tests (through
# Selenium, below); fonts-nanum: a Korean font, without which Chromium draws Hangul as empty boxes.
packages=(zlib1g-dev libdeflate-dev libisal-dev pkg-config chromium chromium-driver fonts-nanum)
missing=()
for package in "${packages[@]}"; do
    dpkg -s "$package" >/dev/null 2>&1 || missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ]; then
    apt-get update -qq
    apt-get install -y -qq "${missing[@]}"
fi

# Independent Parquet readers for the ParquetStore interoperability tests, when missing.
# The tests skip those checks (and install nothing) if this has not run.
if command -v python3 >/dev/null 2>&1; then
    if ! python3 -c "import pyarrow, duckdb" >/dev/null 2>&1; then
        python3 -m pip install --quiet --root-user-action=ignore duckdb pyarrow \
            || echo "warning: pip could not install duckdb and pyarrow; their interoperability tests will be skipped" >&2
    fi
    # Independent Delta Lake readers for the open-table tests (SPEC §16): delta-rs and Polars.
    if ! python3 -c "import deltalake, polars" >/dev/null 2>&1; then
        python3 -m pip install --quiet --root-user-action=ignore deltalake polars \
            || echo "warning: pip could not install deltalake and polars; the Delta Lake reader tests will be skipped" >&2
    fi
    # Selenium drives headless Chromium for the HTML layout tests (window sizes, overflow, Hangul glyphs).
    if ! python3 -c "import selenium" >/dev/null 2>&1; then
        python3 -m pip install --quiet --root-user-action=ignore selenium \
            || echo "warning: pip could not install selenium; the HTML layout tests will be skipped" >&2
    fi
fi

#!/usr/bin/env bash
# Installs the system packages footfall builds and tests with, when missing. Idempotent.
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive
packages=(zlib1g-dev pkg-config)
missing=()
for package in "${packages[@]}"; do
    dpkg -s "$package" >/dev/null 2>&1 || missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ]; then
    apt-get update -qq
    apt-get install -y -qq "${missing[@]}"
fi

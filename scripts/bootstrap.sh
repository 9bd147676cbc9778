#!/usr/bin/env bash
# Set up everything Summit Digest needs on a fresh Debian machine, then build seeds/ into output/.
# Safe to run again: each step skips what is already in place.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-system.sh

if [ ! -x .venv/bin/python ]; then
  python3 -m venv .venv
fi
.venv/bin/pip install --quiet --disable-pip-version-check -r requirements.txt

if [ -f package.json ]; then
  npm ci --no-audit --no-fund --loglevel=error
fi

.venv/bin/invoke build

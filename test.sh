#!/usr/bin/env bash
# Runs goalgraph's whole test suite (installing what the tests need first).
set -euo pipefail
cd "$(dirname "$0")"
scripts/setup.sh test
exec .venv/bin/python -m pytest "$@"

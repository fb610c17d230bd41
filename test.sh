#!/usr/bin/env bash
# Runs goalgraph's whole test suite (installing what the tests need first).
set -euo pipefail
cd "$(dirname "$0")"
scripts/setup.sh test
# one worker per core, each taking whole test files (their servers and fixtures stay shared);
# GOALGRAPH_TEST_WORKERS=0 runs everything in one process
exec .venv/bin/python -m pytest -n "${GOALGRAPH_TEST_WORKERS:-auto}" --dist loadfile "$@"

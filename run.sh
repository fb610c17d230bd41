#!/usr/bin/env bash
# Runs goalgraph's main job on the embedded store: builds the knowledge graph from data/,
# validates it, and serves the API and web pages on http://127.0.0.1:8000/ (PORT to change).
set -euo pipefail
cd "$(dirname "$0")"
scripts/setup.sh
exec .venv/bin/goalgraph run --host 127.0.0.1 --port "${PORT:-8000}" "$@"

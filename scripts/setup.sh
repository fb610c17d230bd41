#!/usr/bin/env bash
# Installs what goalgraph needs on a Debian machine with Python 3.11:
# the Graphviz binary (apt, when `dot` is missing) and a virtualenv in .venv with goalgraph.
# Usage: scripts/setup.sh [extra]   e.g. scripts/setup.sh test
set -euo pipefail
cd "$(dirname "$0")/.."
extra="${1:-}"

apt_install() {
  if [ "$(id -u)" -ne 0 ]; then
    echo "goalgraph setup: please install the Debian packages: $*" >&2
    return 1
  fi
  if [ ! -f /tmp/.goalgraph-apt-updated ]; then
    DEBIAN_FRONTEND=noninteractive apt-get update -qq && touch /tmp/.goalgraph-apt-updated
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

if ! command -v dot >/dev/null 2>&1; then
  echo "goalgraph setup: installing Graphviz" >&2
  apt_install graphviz
fi

# The browser tests drive Debian's Chromium (no browser download at test time).
if [ "$extra" = "test" ] && [ ! -x /usr/bin/chromium ]; then
  echo "goalgraph setup: installing Chromium for the browser tests" >&2
  apt_install chromium
fi

# The remote-store tests also run against Debian's Virtuoso Open Source server.
if [ "$extra" = "test" ] && ! command -v virtuoso-t >/dev/null 2>&1; then
  echo "goalgraph setup: installing Virtuoso for the SPARQL server tests" >&2
  apt_install virtuoso-opensource
fi

PYTHON="${PYTHON:-python3}"
if [ ! -x .venv/bin/python ]; then
  "$PYTHON" -m venv .venv
fi
stamp=".venv/.goalgraph-installed${extra:+-$extra}"
if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
  .venv/bin/python -m pip install -q --upgrade pip >/dev/null
  .venv/bin/python -m pip install -q -e ".${extra:+[$extra]}"
  touch "$stamp"
fi

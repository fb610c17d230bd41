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
  echo "goalgraph setup: creating the virtualenv in .venv" >&2
  "$PYTHON" -m venv .venv
fi
stamp=".venv/.goalgraph-installed${extra:+-$extra}"
if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
  started=$SECONDS
  echo "goalgraph setup: installing goalgraph${extra:+ with [$extra]} and its dependencies into .venv (the first time takes about a minute)" >&2
  .venv/bin/python -m pip install -q --upgrade pip >/dev/null 2>&1
  # one line per package as pip collects it, so a long first install shows progress
  if ! .venv/bin/python -m pip install -e ".${extra:+[$extra]}" 2>&1 \
    | { grep --line-buffered -E '^(Collecting|Installing collected|Successfully installed|ERROR)' || true; } \
    | sed -u -e 's/^Collecting /goalgraph setup:   /' \
        -e 's/^Installing collected packages: .*/goalgraph setup: unpacking the packages into .venv …/' \
        -e 's/^Successfully installed .*/goalgraph setup: installed/' >&2; then
    echo "goalgraph setup: pip failed; run: .venv/bin/python -m pip install -e '.${extra:+[$extra]}'" >&2
    exit 1
  fi
  echo "goalgraph setup: done in $((SECONDS - started)) s" >&2
  touch "$stamp"
fi

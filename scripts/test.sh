#!/usr/bin/env bash
# The whole test suite: lint, migrations check, pytest on SQLite (with real-browser tests in Chromium),
# then pytest on a throw-away PostgreSQL (with the concurrency tests). Installs what it needs.
set -uo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
export WITH_TEST=1 TIJARA_DEBUG=1 PYTHONDONTWRITEBYTECODE=1
export TIJARA_ARTIFACTS=${TIJARA_ARTIFACTS:-$ROOT/artifacts}
bash scripts/setup.sh || { echo "set-up failed"; exit 1; }

sudo=""; [ "$(id -u)" = 0 ] || sudo="sudo"
need=()
command -v chromium >/dev/null || need+=(chromium)
fc-list 2>/dev/null | grep -qi "Noto Sans Arabic" || need+=(fonts-noto-core)
ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1 || need+=(postgresql)
if [ ${#need[@]} -gt 0 ]; then
  echo "installing with apt: ${need[*]}"
  $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${need[@]}" >/dev/null \
    || { echo "apt-get install failed"; exit 1; }
fi

status=0
step() { echo; echo "=== $*"; }

step "ruff"
.venv/bin/ruff check src tests bench scripts || status=1

step "migrations are committed"
(cd "$(mktemp -d)" && "$ROOT/.venv/bin/tijara" makemigrations --check --dry-run -v1) || status=1

step "pytest on SQLite (unit, integration, browser)"
.venv/bin/pytest -q -p no:cacheprovider "$@" || status=1

step "pytest on PostgreSQL (unit, integration, concurrency)"
source scripts/pg.sh
if pg_start; then
  trap 'pg_stop "$PG_TMP"' EXIT
  .venv/bin/pytest -q -p no:cacheprovider -m "not browser" "$@" || status=1
  pg_stop "$PG_TMP"; trap - EXIT
else
  echo "could not start PostgreSQL"; status=1
fi

echo
[ $status = 0 ] && echo "ALL CHECKS PASSED" || echo "SOME CHECKS FAILED"
exit $status

#!/usr/bin/env bash
# The whole test suite: lint, import contracts, migrations check, production settings check, pytest on
# SQLite (with real-browser tests in Chromium), then pytest on a throw-away PostgreSQL (with the concurrency
# tests and a smoke run of every benchmark). Installs what it needs. The tests set their own environment
# (tests/environment.py): production settings with a throw-away key over plain HTTP.
set -uo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
export WITH_TEST=1 PYTHONDONTWRITEBYTECODE=1
export TIJARA_ARTIFACTS=${TIJARA_ARTIFACTS:-$ROOT/artifacts}
bash scripts/setup.sh || { echo "set-up failed"; exit 1; }

sudo=""; [ "$(id -u)" = 0 ] || sudo="sudo"
need=()
command -v chromium >/dev/null || need+=(chromium)
fc-list 2>/dev/null | grep -qi "Noto Sans Arabic" || need+=(fonts-noto-core)
ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1 || need+=(postgresql)
command -v wrk >/dev/null || need+=(wrk)  # the HTTP load of bench/storefront
if [ ${#need[@]} -gt 0 ]; then
  echo "installing with apt: ${need[*]}"
  $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${need[@]}" >/dev/null \
    || { echo "apt-get install failed"; exit 1; }
fi

status=0
step() { echo; echo "=== $*"; }

step "ruff"
.venv/bin/ruff check src tests bench scripts || status=1

step "import contracts"
.venv/bin/lint-imports --no-logo --no-cache || status=1

step "migrations are committed"
(cd "$(mktemp -d)" && TIJARA_DEBUG=1 "$ROOT/.venv/bin/tijara" makemigrations --check --dry-run -v1) || status=1

step "production settings: no environment but a secret key gives debug off and a clean check --deploy"
key=$(.venv/bin/python -c 'import secrets; print(secrets.token_urlsafe(50))')
(cd "$(mktemp -d)" && env -i PATH="$PATH" HOME="$HOME" TIJARA_SECRET_KEY="$key" \
  "$ROOT/.venv/bin/tijara" check --deploy --fail-level WARNING) || status=1

step "the demo's flags (plain HTTP on 127.0.0.1, see scripts/demo.sh): check --deploy clean too"
(cd "$(mktemp -d)" && env -i PATH="$PATH" HOME="$HOME" TIJARA_SECRET_KEY="$key" TIJARA_DEBUG=0 \
  TIJARA_SSL_REDIRECT=0 TIJARA_SECURE_COOKIES=0 "$ROOT/.venv/bin/tijara" check --deploy --fail-level WARNING) || status=1

step "bandit: no high-severity finding in src/ (allowed ones in scripts/security-allowlist.toml, with reasons)"
.venv/bin/python scripts/security_scan.py bandit || status=1

step "pip-audit: no locked dependency with a known vulnerability (needs https://pypi.org)"
.venv/bin/python scripts/security_scan.py pip-audit || status=1

step "pytest on SQLite (unit, integration, browser)"
.venv/bin/pytest -q -p no:cacheprovider "$@" || status=1

step "pytest on PostgreSQL (unit, integration, concurrency, benchmark smoke runs)"
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

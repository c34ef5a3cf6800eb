#!/usr/bin/env bash
# One command for the demo: installs, migrates, seeds (first run only) and serves http://127.0.0.1:8000
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
mkdir -p var
export TIJARA_DEBUG=${TIJARA_DEBUG:-0}
export TIJARA_SSL_REDIRECT=${TIJARA_SSL_REDIRECT:-0} TIJARA_SECURE_COOKIES=${TIJARA_SECURE_COOKIES:-0}
export TIJARA_EMAIL_BACKEND=${TIJARA_EMAIL_BACKEND:-django.core.mail.backends.filebased.EmailBackend}
export DATABASE_URL=${DATABASE_URL:-sqlite:///$PWD/var/demo.sqlite3}
# A random secret per checkout, kept out of the repository.
[ -f var/secret_key ] || .venv/bin/python -c 'import secrets; print(secrets.token_urlsafe(50))' > var/secret_key
export TIJARA_SECRET_KEY=${TIJARA_SECRET_KEY:-$(cat var/secret_key)}
.venv/bin/tijara migrate --no-input -v0
.venv/bin/tijara seed --if-empty
.venv/bin/tijara seed_shipping
# The observatory: national-scale series generated at 1/100 (first run only), plus tijara's own sales.
if [ ! -d "${TIJARA_OBSERVATORY_DIR:-var/observatory}" ]; then
  .venv/bin/tijara observatory generate --from 2011 --to 2025 --scale 0.01 --seed 1
fi
.venv/bin/tijara observatory_feed
.venv/bin/tijara collectstatic --no-input -v0
# The background worker sends queued e-mails (order acknowledgements); it stops with the demo.
.venv/bin/tijara db_worker &
worker=$!
trap 'kill $worker 2>/dev/null' EXIT INT TERM
echo "tijara demo: http://127.0.0.1:8000/ (Ctrl+C to stop)"
.venv/bin/gunicorn tijara.config.wsgi:application --bind 127.0.0.1:8000 --workers 2 --threads 4 --access-logfile -

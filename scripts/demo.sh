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
# The card gateway's store key, shared by the shop and the gateway simulator, also generated once.
[ -f var/cmi_store_key ] || .venv/bin/python -c 'import secrets; print(secrets.token_urlsafe(32))' > var/cmi_store_key
export TIJARA_CMI_STORE_KEY=${TIJARA_CMI_STORE_KEY:-$(cat var/cmi_store_key)}
# The contract archive's Ed25519 signing key (base64 of 32 random bytes), generated once, readable by its owner only.
[ -f var/archive_signing_key ] || (umask 077; .venv/bin/python -c 'import base64, os; print(base64.b64encode(os.urandom(32)).decode())' > var/archive_signing_key)
export TIJARA_ARCHIVE_SIGNING_KEY=${TIJARA_ARCHIVE_SIGNING_KEY:-$(cat var/archive_signing_key)}
.venv/bin/tijara migrate --no-input -v0
# Responsive sizes of product photos uploaded before they existed (nothing to do afterwards).
.venv/bin/tijara photo_sizes
.venv/bin/tijara seed --if-empty
.venv/bin/tijara seed_shipping
# Sign-in accounts (store owner, platform reviewer, buyer; passwords drawn once into var/demo_accounts.json, mode
# 600) and a few months of the owner's orders through the real services (first run only; prints the accounts).
.venv/bin/tijara seed_demo
# The observatory: national-scale series generated as a 1 % sample (first run only; every figure counts each
# generated row 100 times and says so), plus tijara's own sales.
if [ ! -d "${TIJARA_OBSERVATORY_DIR:-var/observatory}" ]; then
  .venv/bin/tijara observatory generate --from 2011 --to 2025 --scale 0.01 --seed 1
fi
.venv/bin/tijara observatory_feed
.venv/bin/tijara collectstatic --no-input -v0
# The background worker sends queued e-mails (order acknowledgements); it stops with the demo.
.venv/bin/tijara db_worker &
worker=$!
# The test card gateway (hosted payment page, signed callbacks, refunds) on its own port; stops with the demo.
.venv/bin/tijara gateway_simulator --port 8001 &
simulator=$!
# Unpaid card checkouts expire (their stock goes back) after TIJARA_CARD_PAYMENT_TIMEOUT_MINUTES: checked every minute.
(while sleep 60; do .venv/bin/tijara payments_expire -v0 || true; done) &
expiry=$!
trap 'kill $worker $simulator $expiry 2>/dev/null' EXIT INT TERM
echo "tijara demo: http://127.0.0.1:8000/ (Ctrl+C to stop)"
echo "card gateway simulator: http://127.0.0.1:8001/ (test cards listed there)"
echo "e-mails sent by the demo land as files in var/mail/; demo accounts: see above (or var/demo_accounts.json)"
.venv/bin/gunicorn tijara.config.wsgi:application --bind 127.0.0.1:8000 --workers 2 --threads 4 --access-logfile -

#!/usr/bin/env bash
# Creates .venv with Python 3.11 and installs exactly the locked, hashed versions: requirements.lock, or
# requirements-test.lock (runtime + test tools) with WITH_TEST=1; then tijara itself and its translations.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-$(command -v python3.11 || command -v python3)}
"$PYTHON" -c 'import sys; assert sys.version_info >= (3, 11), "Python 3.11+ is required"'
if [ ! -x .venv/bin/python ]; then
  "$PYTHON" -m venv .venv
fi
lock=requirements.lock
[ "${WITH_TEST:-0}" = "1" ] && lock=requirements-test.lock
pip=(.venv/bin/python -m pip --quiet --disable-pip-version-check)
"${pip[@]}" install --require-hashes -r "$lock"
"${pip[@]}" install --no-deps -e .
# Compiling the catalogues needs the settings but no secret.
TIJARA_DEBUG=1 .venv/bin/tijara i18n_compile

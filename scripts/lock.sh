#!/usr/bin/env bash
# Re-resolves requirements.lock (runtime) and requirements-test.lock (runtime + test extras) from the
# ranges in pyproject.toml, with hashes, for CPython 3.11 on Linux x86_64. Extra arguments go to
# `uv pip compile`, e.g. `bash scripts/lock.sh --upgrade` (everything) or `--upgrade-package django`.
# Without them, versions already in the lock are kept when the ranges still allow them.
set -euo pipefail
cd "$(dirname "$0")/.."
UV_VERSION=0.13.9
tools=var/lock-tools
if [ ! -x "$tools/bin/uv" ] || [ "$("$tools/bin/uv" --version | awk '{print $2}')" != "$UV_VERSION" ]; then
  PYTHON=${PYTHON:-$(command -v python3.11 || command -v python3)}
  "$PYTHON" -m venv "$tools"
  "$tools/bin/python" -m pip install --quiet --disable-pip-version-check "uv==$UV_VERSION"
fi
compile() {
  "$tools/bin/uv" pip compile pyproject.toml --quiet --generate-hashes --python-version 3.11 \
    --python-platform x86_64-manylinux_2_28 --custom-compile-command "bash scripts/lock.sh" "$@"
}
compile --output-file requirements.lock "$@"
compile --extra test --output-file requirements-test.lock "$@"
echo "requirements.lock: $(grep -c '==' requirements.lock) packages; requirements-test.lock: $(grep -c '==' requirements-test.lock)"

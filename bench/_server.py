"""Shared benchmark set-up: a throw-away PostgreSQL, a gunicorn server (DEBUG off) and wrk on 127.0.0.1.

Used by bench/storefront and bench/checkout. Only loopback traffic; every run is bounded in time.
"""

from __future__ import annotations

import base64
import json
import os
import re
import secrets
import shutil
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = ROOT / ".venv" / "bin"


def _bash(script: str) -> str:
    done = subprocess.run(["bash", "-c", script], cwd=ROOT, capture_output=True, text=True)
    if done.returncode:
        sys.exit(f"failed: {script}\n{done.stdout}{done.stderr}")
    return done.stdout


@contextmanager
def postgres():
    """Start a throw-away cluster (scripts/pg.sh) and yield its DATABASE_URL; always stopped."""
    # A cluster of its own on a free port, even when the shell already runs one (scripts/test.sh does).
    out = _bash("unset PG_PORT PG_TMP; source scripts/pg.sh; pg_start >&2 && echo \"$DATABASE_URL $PG_TMP\"")
    url, tmp = out.split()
    try:
        yield url
    finally:
        _bash(f"source scripts/pg.sh; pg_stop {tmp}")


def server_env(database_url: str, **extra: str) -> dict[str, str]:
    """Production settings (debug off, a throw-away secret) over plain HTTP on loopback."""
    static_root = ROOT / "var" / "bench-static"
    static_root.mkdir(parents=True, exist_ok=True)
    env = dict(os.environ)
    env.update(
        DATABASE_URL=database_url, TIJARA_DEBUG="0", TIJARA_SECRET_KEY=secrets.token_urlsafe(40),
        TIJARA_SSL_REDIRECT="0", TIJARA_SECURE_COOKIES="0", TIJARA_BENCH="1",
        TIJARA_STATIC_ROOT=str(static_root), TIJARA_LOG_LEVEL="ERROR",
        TIJARA_DB_CONN_MAX_AGE="600",
    )
    # The contract archive signs every order: a throw-away key unless the caller brings one.
    env.setdefault("TIJARA_ARCHIVE_SIGNING_KEY", base64.b64encode(os.urandom(32)).decode())
    env.update(extra)
    return env


def tijara(env: dict[str, str], *args: str) -> None:
    subprocess.run([str(VENV_BIN / "tijara"), *args], cwd=ROOT, env=env, check=True)


_MANAGE = """
import json, os, sys
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tijara.config.settings")
import django
django.setup()
from django.core.management import call_command
for command in json.loads(sys.argv[1]):
    call_command(*command)
"""


def manage(env: dict[str, str], *commands: list[str]) -> str:
    """Run `tijara` commands one after the other in a single process (each start-up costs a second or
    two, which the smoke runs of the test command feel); returns what they printed."""
    done = subprocess.run([str(VENV_BIN / "python"), "-c", _MANAGE, json.dumps(commands)], cwd=ROOT, env=env,
                          capture_output=True, text=True)
    if done.returncode:
        sys.exit(f"failed: {' ; '.join(' '.join(c) for c in commands)}\n{done.stdout}{done.stderr}")
    sys.stderr.write(done.stderr)
    return done.stdout


@contextmanager
def gunicorn(env: dict[str, str], port: int = 8077, workers: int = 2):
    proc = subprocess.Popen(
        [str(VENV_BIN / "gunicorn"), "tijara.config.wsgi:application", "--bind", f"127.0.0.1:{port}",
         "--workers", str(workers), "--log-level", "warning"],
        cwd=ROOT, env=env,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                urllib.request.urlopen(base + "/healthz", timeout=2)
                break
            except OSError:
                if time.monotonic() > deadline or proc.poll() is not None:
                    raise RuntimeError("gunicorn did not start") from None
                time.sleep(0.3)
        yield base
    finally:
        proc.terminate()
        proc.wait(timeout=20)


def wait_quiet(url: str, threshold_s: float = 0.05, timeout_s: float = 30) -> None:
    """After a load run, wait until a cheap page answers quickly again (queued requests drained)."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        started = time.monotonic()
        urllib.request.urlopen(url, timeout=5).read()
        if time.monotonic() - started < threshold_s:
            return
        time.sleep(0.2)


def wrk(url: str, *, connections: int = 16, duration_s: int = 10, threads: int = 2) -> dict[str, float]:
    """Run wrk against one URL; returns requests/s, p50 and p99 latency in ms, and non-2xx count."""
    if not shutil.which("wrk"):
        sys.exit("wrk is missing: apt-get install wrk")
    out = subprocess.run(
        ["wrk", "-t", str(threads), "-c", str(connections), "-d", f"{duration_s}s", "--latency", url],
        check=True, capture_output=True, text=True, timeout=duration_s + 30,
    ).stdout

    def latency(pct: str) -> float:
        match = re.search(rf"^\s+{pct}%\s+([\d.]+)(us|ms|s)\s*$", out, re.M)
        value, unit = float(match.group(1)), match.group(2)
        return value / 1000 if unit == "us" else value * 1000 if unit == "s" else value

    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
        "p50_ms": latency("50"),
        "p99_ms": latency("99"),
        "errors": int(non_2xx.group(1)) if non_2xx else 0,
    }

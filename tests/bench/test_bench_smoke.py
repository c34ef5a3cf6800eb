"""Every script under bench/ runs once at a tiny size (`--smoke`), so a change that breaks a benchmark
fails the test command instead of surprising the next person who measures.

The scripts start together (they mostly wait on process start-up, PostgreSQL and loopback HTTP) with the
environment a developer has, not the test run's; each test then checks one script: it exits 0 and prints
its figures next to the floor it measured in the same run. The figures themselves mean nothing at this
size. They run in the PostgreSQL pass of scripts/test.sh (storefront and checkout start their own
PostgreSQL through scripts/pg.sh; wrk comes from Debian).
"""

import contextlib
import json
import os
import re
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
TIMEOUT_S = 300
SMOKE_RUNS = {
    "bench/storefront": ["bench/storefront", "--smoke"],
    "bench/checkout": ["bench/checkout", "--smoke"],
    "bench/checkout_lib/steps.py": ["bench/checkout_lib/steps.py", "--smoke"],
    "bench/observatory": ["bench/observatory", "--smoke"],
    "bench/catalog_import/run.py": ["bench/catalog_import/run.py", "--smoke"],
}
# Scripts that only ever run under another one.
RUN_BY = {"bench/observatory_lib/phases.py": "bench/observatory"}


class Run:
    """One smoke run in the background; its duration is taken when it ends, whichever test waits for it."""

    def __init__(self, name: str, args: list[str], out: Path, env: dict[str, str]):
        self.name, self.out, self.seconds = name, out, None
        started = time.monotonic()
        with out.open("w") as sink:
            self.proc = subprocess.Popen([sys.executable, *args], cwd=ROOT, env=env, stdout=sink,
                                         stderr=subprocess.STDOUT, text=True, start_new_session=True)

        def clock() -> None:
            self.proc.wait()
            self.seconds = time.monotonic() - started

        self.clock = threading.Thread(target=clock, daemon=True)
        self.clock.start()

    def result(self) -> tuple[int, str]:
        self.clock.join(timeout=TIMEOUT_S)
        if self.clock.is_alive():
            self.stop()
            pytest.fail(f"{self.name} --smoke still running after {TIMEOUT_S} s:\n{self.out.read_text()[-3000:]}")
        return self.proc.returncode, self.out.read_text()

    def stop(self) -> None:
        """Ctrl+C first, so the script stops its server and PostgreSQL; then whatever is left of its group."""
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGINT)
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                pass
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.proc.pid, signal.SIGKILL)
        self.proc.wait()


def checks(script: str):
    """A test of one smoke run: only in the PostgreSQL pass (so once per test command), and slow."""

    def mark(test):
        TESTED_BY[test.__name__] = script
        return pytest.mark.postgres(pytest.mark.slow(test))

    return mark


TESTED_BY: dict[str, str] = {}


@pytest.fixture(scope="module")
def smoke(request, tmp_path_factory):
    """Start the smoke runs of the selected tests at once; each test waits for its own."""
    wanted = {TESTED_BY[item.originalname] for item in request.session.items
              if item.path == request.path and item.originalname in TESTED_BY}
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("TIJARA_", "PG_")) and k not in {"DATABASE_URL", "DJANGO_SETTINGS_MODULE"}}
    env["PYTHONUNBUFFERED"] = "1"
    out = tmp_path_factory.mktemp("bench-smoke")
    runs = {name: Run(name, args, out / f"{name.replace('/', '_')}.log", env)
            for name, args in SMOKE_RUNS.items() if name in wanted}
    yield runs
    for run in runs.values():
        run.stop()
    print("\nbench smoke runs: " + ", ".join(f"{name} {run.seconds:.1f} s" for name, run in runs.items()
                                               if run.seconds is not None))


def finished(smoke, name: str) -> str:
    code, output = smoke[name].result()
    assert code == 0, f"{name} --smoke exited {code}:\n{output[-3000:]}"
    return output


def last_json(output: str) -> dict:
    return json.loads([line for line in output.splitlines() if line.startswith("{")][-1])


def test_every_bench_script_has_a_smoke_run():
    scripts = {
        str(path.relative_to(ROOT)) for path in (ROOT / "bench").rglob("*")
        if path.is_file() and "__pycache__" not in path.parts and 'if __name__ == "__main__"' in path.read_text()
    }
    assert scripts == set(SMOKE_RUNS) | set(RUN_BY)
    assert set(TESTED_BY.values()) == set(SMOKE_RUNS)


@checks("bench/storefront")
def test_storefront_bench_serves_every_page_and_the_floor(smoke):
    output = finished(smoke, "bench/storefront")
    figures = last_json(output)
    pages = figures["pages"]
    assert set(pages) == {"floor (bare view)", "home", "product list", "product detail", "search",
                          "api product list"}
    assert all(page["rps"] > 0 and page["errors"] == 0 for page in pages.values()), pages
    assert figures["floor_rps"] == pages["floor (bare view)"]["rps"] > 0
    assert re.search(r"^floor \(bare view\)\s+\d+\s", output, re.M)
    assert re.search(r"^product detail\s+\d+\s+[\d.]+\s+[\d.]+\s+\d+%\s+0$", output, re.M)


@checks("bench/checkout")
def test_checkout_bench_places_orders_sends_their_mails_never_oversells_and_pays_by_card(smoke):
    output = finished(smoke, "bench/checkout")
    figures = last_json(output)
    assert figures["throughput"]["orders"] > 0 and figures["throughput"]["errors"] == 0, figures
    assert figures["floor_rps"] > 0
    assert figures["race"] == {"buyers": 4, "placed": 2, "out_of_stock": 2, "other": 0}
    assert figures["oversell"] == 0
    assert set(figures["mails"]) == {"SUCCESSFUL"}, figures["mails"]
    assert re.search(r"^  orders/s\s+[\d.]+", output, re.M)
    assert re.search(r"^  floor\s+\d+ req/s of /_bench/floor", output, re.M)
    card = figures["card"]  # checkout → signed form → gateway simulator → callback → paid
    assert card["orders"] > 0 and card["errors"] == 0, card
    assert card["replies"] == {"ACTION=POSTAUTH": card["callbacks"]} and card["callbacks"] == card["orders"], card
    assert re.search(r"^  card orders/s\s+[\d.]+  \(\d+ paid, 0 errors\)$", output, re.M)
    assert re.search(r"^  callback p50 / p99\s+[\d.]+ ms / [\d.]+ ms", output, re.M)
    documents = figures["documents"]  # in process: invoice (and archive) writing per order
    assert documents["orders"] == documents["checkouts"] > 0 and documents["invoice_ms_per_order"] > 0, documents
    assert re.search(r"^  invoice writing\s+[\d.]+ ms per order .*; invoice PDF [\d.]+ ms$", output, re.M)


@checks("bench/checkout_lib/steps.py")
def test_checkout_steps_profile_reports_queries_and_time_of_each_step(smoke):
    output = finished(smoke, "bench/checkout_lib/steps.py")
    for step in ("create", "add", "checkout", "confirm"):
        assert re.search(rf"^{step}\s+\d+ queries  median\s+[\d.]+ ms$", output, re.M), step


@checks("bench/observatory")
def test_observatory_bench_runs_every_phase_with_its_floor(smoke):
    output = finished(smoke, "bench/observatory")
    assert re.search(r"^generate: [\d,]+ rows .* = [\d,]+ rows/s", output, re.M)
    assert re.search(r"^floor \(same machine, same moment\): .* cold [\d.]+ s, warm [\d.]+ s", output, re.M)
    assert re.search(r"^report 2022 from raw Parquet: cold [\d.]+ s, .*x the cold floor", output, re.M)
    assert "same figures as raw: True" in output
    assert re.search(r"^pandas baseline, report 2022-Q1", output, re.M)
    assert re.search(r"^ingest CSV \(500 rows.* [\d,]+ rows/s \(500 added\); again: .* 500 unchanged, 0 added",
                     output, re.M)


@checks("bench/catalog_import/run.py")
def test_catalog_import_bench_imports_every_row_next_to_its_floor(smoke):
    output = finished(smoke, "bench/catalog_import/run.py")
    assert re.search(r"^rows=200 preview=[\d.]+s import=[\d.]+s", output, re.M)
    assert re.search(r"^first import: [\d,]+ rows/s; floor \(CSV parse \+ bare insert, same run\): [\d.]+ s = "
                     r"[\d,]+ rows/s", output, re.M)

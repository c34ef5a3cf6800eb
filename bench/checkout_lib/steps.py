"""In-process profile of one API purchase (create cart → add line → checkout → confirm) on the configured
database: queries and milliseconds per step, optionally a cProfile of the confirm step.

    DATABASE_URL=postgres://... .venv/bin/python bench/checkout_lib/steps.py [--rounds 200] [--profile STEP]

Needs a migrated, seeded database (`tijara migrate && tijara seed && tijara seed_shipping`), except with
--smoke, which builds a small one in a temporary SQLite file and runs a few rounds (the test command's
check that the script still works). Production settings (debug off) over plain HTTP.
"""

import argparse
import base64
import cProfile
import json
import os
import pstats
import secrets
import shutil
import statistics
import tempfile
import time
import uuid
from collections import defaultdict

parser = argparse.ArgumentParser()
parser.add_argument("--rounds", type=int, default=200)
parser.add_argument("--profile", choices=["create", "add", "checkout", "confirm"], default=None)
parser.add_argument("--show-queries", action="store_true")
parser.add_argument("--smoke", action="store_true", help="a small throw-away SQLite database and 4 rounds")
ARGS = parser.parse_args()
SMOKE_DIR = tempfile.mkdtemp(prefix="tijara-bench-steps-") if ARGS.smoke else None
if SMOKE_DIR:
    os.environ["DATABASE_URL"] = f"sqlite:///{SMOKE_DIR}/bench.sqlite3"
    ARGS.rounds = 4

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tijara.config.settings")
os.environ.setdefault("TIJARA_EMAIL_BACKEND", "django.core.mail.backends.locmem.EmailBackend")
os.environ.setdefault("TIJARA_SECRET_KEY", secrets.token_urlsafe(40))
os.environ.setdefault("TIJARA_ARCHIVE_SIGNING_KEY", base64.b64encode(os.urandom(32)).decode())  # archive signing
os.environ.setdefault("TIJARA_SSL_REDIRECT", "0")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from tijara.catalog.models import Variant  # noqa: E402
from tijara.core.models import City  # noqa: E402
from tijara.merchants.models import MerchantStatus  # noqa: E402


def main() -> None:
    args = ARGS
    if SMOKE_DIR:
        call_command("migrate", verbosity=0)
        call_command("seed", products=30, verbosity=0)
        call_command("seed_shipping", verbosity=0)
    pool = list(Variant.objects.filter(product__is_published=True, product__merchant__status=MerchantStatus.VALIDATED)
                .order_by("pk").values_list("pk", flat=True)[:100])
    Variant.objects.filter(pk__in=pool).update(stock=1_000_000)
    city = City.objects.get(name_fr="Casablanca").pk
    client = Client()
    times: dict[str, list[float]] = defaultdict(list)
    queries: dict[str, int] = {}
    samples: dict[str, list[str]] = {}
    profiler = cProfile.Profile() if args.profile else None

    def step(name: str, url: str, body: dict | None = None, **headers):
        with CaptureQueriesContext(connection) as ctx:
            if profiler and name == args.profile:
                profiler.enable()
            t0 = time.perf_counter()
            response = post(url, body, **headers)
            times[name].append((time.perf_counter() - t0) * 1000)
            if profiler and name == args.profile:
                profiler.disable()
        queries[name] = len(ctx.captured_queries)
        samples[name] = [q["sql"][:160] for q in ctx.captured_queries]
        return response

    def post(url, body=None, **headers):
        return client.post(url, data=json.dumps(body) if body is not None else None,
                           content_type="application/json", **headers)

    for i in range(args.rounds):
        variant = pool[i % len(pool)]
        token = step("create", "/api/v1/carts").json()["token"]
        added = step("add", f"/api/v1/carts/{token}/lines", {"variant_id": variant, "quantity": 1})
        assert added.status_code == 201, added.content
        shipping = {str(s["store"]["id"]): s["shipping_options"][0]["method_id"] for s in added.json()["stores"]}
        recap = step("checkout", f"/api/v1/carts/{token}/checkout", {
            "customer": {"full_name": "Client Bench", "phone": "0612345678", "email": "bench@example.ma"},
            "address": {"line": "1 Boulevard Zerktouni", "city_id": city, "region_code": 6},
            "shipping": shipping, "payment_method": "cod"})
        assert recap.status_code == 200, recap.content
        done = step("confirm", f"/api/v1/carts/{token}/confirm", HTTP_IDEMPOTENCY_KEY=uuid.uuid4().hex)
        assert done.status_code == 201, done.content
    skip = min(20, args.rounds // 4)  # warm-up
    for name in ("create", "add", "checkout", "confirm"):
        values = times[name][skip:]
        print(f"{name:9s} {queries[name]:3d} queries  median {statistics.median(values):6.1f} ms")
        if args.show_queries:
            for sql in samples[name]:
                print("     ", sql)
    if profiler:
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(45)


if __name__ == "__main__":
    try:
        main()
    finally:
        if SMOKE_DIR:
            shutil.rmtree(SMOKE_DIR, ignore_errors=True)

"""Time the CSV import of 10,000 products (one variant each) into a fresh SQLite database, next to a floor:
parsing the same CSV and inserting one bare row per line into the same database, measured in the same run.

Run: .venv/bin/python bench/catalog_import/run.py [rows] [--smoke]   (--smoke: 200 rows, checks it runs)
"""

import argparse
import csv
import io
import os
import secrets
import shutil
import sys
import tempfile
import time
from pathlib import Path


def floor_seconds(data: bytes) -> float:
    """The least any import of these rows costs here and now: parse the CSV and insert one bare row per line
    in one transaction, with no validation and no catalogue logic."""
    from django.db import connection, transaction

    started = time.perf_counter()
    rows = list(csv.reader(io.StringIO(data.decode())))[1:]
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("CREATE TEMP TABLE bench_floor (slug TEXT, name TEXT, sku TEXT, price TEXT, stock INTEGER)")
        cursor.executemany("INSERT INTO bench_floor VALUES (%s, %s, %s, %s, %s)",
                           [(r[0], r[2], r[7], r[9], int(r[10])) for r in rows])
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("rows", type=int, nargs="?", default=10_000)
    parser.add_argument("--smoke", action="store_true", help="200 rows: checks the bench runs, figures mean nothing")
    args = parser.parse_args()
    rows = 200 if args.smoke else args.rows
    workdir = Path(tempfile.mkdtemp(prefix="tijara-bench-"))
    try:
        run(rows, workdir)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def run(rows: int, workdir: Path) -> None:
    os.environ["DATABASE_URL"] = f"sqlite:///{workdir / 'bench.sqlite3'}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tijara.config.settings")
    os.environ.setdefault("TIJARA_SECRET_KEY", secrets.token_urlsafe(40))  # production settings, debug off
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from tests.factories import make_category, make_merchant
    from tijara.catalog.importers import import_apply, import_preview, read_rows
    from tijara.catalog.models import Product

    merchant = make_merchant(name="Bench Store", slug="bench-store")
    make_category("beaute", fr="Beauté")
    lines = ["slug,category,name_fr,name_ar,name_en,vat_class,is_published,sku,options,price,stock"]
    for i in range(rows):
        lines.append(f"produit-{i},beaute,Produit {i},منتج {i},Product {i},standard,1,SKU-{i},size=M,{10 + i % 500}.50,{i % 40}")
    data = ("\n".join(lines) + "\n").encode()

    floor = floor_seconds(data)
    t0 = time.perf_counter()
    plan = import_preview(merchant=merchant, rows=read_rows(name="bench.csv", data=data))
    t1 = time.perf_counter()
    assert not plan.errors, plan.errors[:3]
    ticks = []
    import_apply(merchant=merchant, plan=plan, progress=lambda done, total: ticks.append(done))
    t2 = time.perf_counter()
    assert Product.objects.filter(merchant=merchant).count() == rows
    # Second run: the same file again updates every product (the export/re-import path).
    plan = import_preview(merchant=merchant, rows=read_rows(name="bench.csv", data=data))
    import_apply(merchant=merchant, plan=plan)
    t3 = time.perf_counter()
    print(f"rows={rows} preview={t1 - t0:.2f}s import={t2 - t1:.2f}s total_first={t2 - t0:.2f}s "
          f"reimport_update={t3 - t2:.2f}s progress_ticks={len(ticks)}")
    print(f"first import: {rows / (t2 - t0):,.0f} rows/s; floor (CSV parse + bare insert, same run): "
          f"{floor:.3f} s = {rows / floor:,.0f} rows/s; the import costs {(t2 - t0) / floor:.1f}x the floor")


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
    main()

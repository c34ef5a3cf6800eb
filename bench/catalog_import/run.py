"""Time the CSV import of 10,000 products (one variant each) into a fresh SQLite database.

Run: .venv/bin/python bench/catalog_import/run.py [rows]   (prints preview and import seconds)
"""

import os
import sys
import tempfile
import time
from pathlib import Path

ROWS = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000


def main() -> None:
    workdir = Path(tempfile.mkdtemp(prefix="tijara-bench-"))
    os.environ["DATABASE_URL"] = f"sqlite:///{workdir / 'bench.sqlite3'}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tijara.config.settings")
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
    for i in range(ROWS):
        lines.append(f"produit-{i},beaute,Produit {i},منتج {i},Product {i},standard,1,SKU-{i},size=M,{10 + i % 500}.50,{i % 40}")
    data = ("\n".join(lines) + "\n").encode()

    t0 = time.perf_counter()
    plan = import_preview(merchant=merchant, rows=read_rows(name="bench.csv", data=data))
    t1 = time.perf_counter()
    assert not plan.errors, plan.errors[:3]
    ticks = []
    import_apply(merchant=merchant, plan=plan, progress=lambda done, total: ticks.append(done))
    t2 = time.perf_counter()
    assert Product.objects.filter(merchant=merchant).count() == ROWS
    # Second run: the same file again updates every product (the export/re-import path).
    plan = import_preview(merchant=merchant, rows=read_rows(name="bench.csv", data=data))
    import_apply(merchant=merchant, plan=plan)
    t3 = time.perf_counter()
    print(f"rows={ROWS} preview={t1 - t0:.2f}s import={t2 - t1:.2f}s total_first={t2 - t0:.2f}s "
          f"reimport_update={t3 - t2:.2f}s progress_ticks={len(ticks)}")


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
    main()

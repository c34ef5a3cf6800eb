"""Catalogue import and export (CSV and XLSX), one row per variant.

Import is two steps: `import_preview` reads and validates every row and writes nothing; `import_apply`
writes the whole validated plan in one transaction (all or nothing), reporting progress per batch.
Products are matched by slug and variants by SKU within the merchant: existing ones are updated,
new ones created, and nothing is deleted.
"""

import csv
import io
from collections.abc import Callable, Generator, Iterator
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from tijara.catalog.forms import MAX_IMPORT_BYTES, MAX_PRICE, format_options, parse_options
from tijara.catalog.models import Category, NonWithdrawable, Product, Variant
from tijara.catalog.services import (
    NO_DELIVERY_MESSAGE,
    product_search_text,
    products_refresh_denormalized,
    publishing_refusal,
)
from tijara.core.amounts import parse_amount
from tijara.core.models import VatClass
from tijara.merchants.models import Merchant
from tijara.shipping.selectors import merchant_delivers

COLUMNS = [
    "slug", "category", "name_fr", "name_ar", "name_en", "description_fr", "description_ar", "description_en",
    "vat_class", "is_published", "sku", "options", "price", "stock", "non_withdrawable",
]
REQUIRED_COLUMNS = {"slug", "category", "name_fr", "sku", "price", "stock"}
# Bounds of one file [SEC-WEB-IMPORT]: rows count blank ones too (they cost as much to read), the file's size
# and, for XLSX, the size of its unzipped parts (a small zip can hold gigabytes of empty rows).
MAX_ROWS = 50_000
MAX_FILE_BYTES = MAX_IMPORT_BYTES
MAX_XLSX_UNZIPPED_BYTES = 200 * 1024 * 1024
MAX_STOCK = 10_000_000  # as the product form
# A cell starting with one of these is a formula to a spreadsheet; exported cells get a leading apostrophe so
# they stay text, and the import takes it off again [SEC-WEB-EXPORT].
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
BATCH = 1000
TRUE = {"1", "true", "yes", "oui", "y", "o", "x", "نعم"}
FALSE = {"0", "false", "no", "non", "n", "", "لا"}


class ImportFileError(Exception):
    """The file as a whole cannot be read (wrong type, no header, missing columns, too many rows)."""


@dataclass
class RowError:
    row: int  # 1-based line number in the file, header = 1
    column: str
    message: str


@dataclass
class PlannedProduct:
    slug: str
    category_id: int
    fields: dict
    variants: list[dict] = field(default_factory=list)


@dataclass
class ImportPlan:
    products: dict[str, PlannedProduct]
    errors: list[RowError]
    row_count: int

    @property
    def variant_count(self) -> int:
        return sum(len(p.variants) for p in self.products.values())


# --- Reading -------------------------------------------------------------------------------------

def read_rows(*, name: str, data: bytes) -> list[dict[str, str]]:
    """Rows of a CSV (UTF-8, comma or semicolon) or XLSX file as dicts keyed by lower-case header."""
    if len(data) > MAX_FILE_BYTES:
        raise ImportFileError(_("This file is too large: at most %(mb)d MB.") % {"mb": MAX_FILE_BYTES // 2**20})
    lower = name.lower()
    if lower.endswith(".xlsx"):
        return _read_xlsx(data)
    if lower.endswith(".csv") or lower.endswith(".txt"):
        return _read_csv(data)
    raise ImportFileError(_("Upload a .csv or .xlsx file."))


def _read_csv(data: bytes) -> list[dict[str, str]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ImportFileError(_("The CSV file must be encoded in UTF-8.")) from exc
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    try:
        return _as_dicts(reader)
    except csv.Error as exc:  # a cell over csv.field_size_limit() (131,072 characters), a stray NUL byte…
        raise ImportFileError(_("Line %(line)d cannot be read: %(reason)s.")
                              % {"line": reader.line_num, "reason": _("a cell is too long or damaged")}) from exc


def _read_xlsx(data: bytes) -> list[dict[str, str]]:
    import zipfile

    from openpyxl import load_workbook

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unzipped = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise ImportFileError(_("This file is not a readable XLSX workbook.")) from exc
    if unzipped > MAX_XLSX_UNZIPPED_BYTES:
        raise ImportFileError(_("This workbook is too large once unpacked: at most %(mb)d MB.")
                              % {"mb": MAX_XLSX_UNZIPPED_BYTES // 2**20})
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for a damaged or non-XLSX file
        raise ImportFileError(_("This file is not a readable XLSX workbook.")) from exc
    sheet = workbook.worksheets[0]
    if (sheet.max_row or 0) > MAX_ROWS + 1:  # the sheet's own dimension says so: refused before reading a row
        workbook.close()
        raise ImportFileError(_("Too many rows: at most %(max)d per file.") % {"max": MAX_ROWS})
    rows = ([("" if c is None else _cell(c)) for c in row] for row in sheet.iter_rows(values_only=True))
    try:
        return _as_dicts(rows)
    finally:
        workbook.close()


def _cell(value) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _as_dicts(rows) -> list[dict[str, str]]:
    iterator = iter(rows)
    try:
        header = [str(h).strip().lower() for h in next(iterator)]
    except StopIteration as exc:
        raise ImportFileError(_("The file is empty.")) from exc
    missing = REQUIRED_COLUMNS - set(header)
    if missing:
        raise ImportFileError(_("Missing columns: %(columns)s.") % {"columns": ", ".join(sorted(missing))})
    result = []
    for count, values in enumerate(iterator, start=1):
        if count > MAX_ROWS:  # blank rows count: reading them costs as much [SEC-WEB-IMPORT]
            raise ImportFileError(_("Too many rows: at most %(max)d per file.") % {"max": MAX_ROWS})
        if not any(str(v).strip() for v in values):
            continue
        result.append({h: _unquoted(str(v).strip()) for h, v in zip(header, values, strict=False) if h})
    return result


def _unquoted(text: str) -> str:
    """A cell as exported, its formula guard taken off: "'=x" → "=x" [SEC-WEB-EXPORT]."""
    return text[1:] if text[:1] == "'" and text[1:2] in FORMULA_STARTS else text


def neutralised(text: str) -> str:
    """A cell a spreadsheet shows as text, never runs as a formula (OWASP's CSV injection advice) [SEC-WEB-EXPORT]."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


# --- Validation (no writes) ----------------------------------------------------------------------

def import_preview(*, merchant: Merchant, rows: list[dict[str, str]]) -> ImportPlan:
    """Validate every row; the plan carries row-level errors and is only applied when there are none."""
    categories = dict(Category.objects.values_list("slug", "pk"))
    sku_owner = dict(Variant.objects.filter(merchant=merchant).values_list("sku", "product__slug"))
    delivers = merchant_delivers(merchant.pk)  # only a store that delivers publishes
    # A store whose identity is incomplete keeps its products online but publishes no new one [CP-SHOP-COMPLETE].
    refusal = publishing_refusal(merchant)
    online = set(Product.objects.filter(merchant=merchant, is_published=True).values_list("slug", flat=True)) \
        if refusal else set()
    products: dict[str, PlannedProduct] = {}
    errors: list[RowError] = []
    seen_skus: dict[str, int] = {}
    for index, row in enumerate(rows, start=2):
        def err(column: str, message: str, line: int = index) -> None:
            errors.append(RowError(line, column, message))

        slug = slugify(row.get("slug", ""))[:120]
        if not slug:
            err("slug", _("A slug is required (letters, digits and dashes)."))
        category_id = categories.get(row.get("category", ""))
        if category_id is None:
            err("category", _("Unknown category “%(value)s”.") % {"value": row.get("category", "")})
        name_fr = row.get("name_fr", "")
        if not name_fr:
            err("name_fr", _("The French name is required."))
        vat_class = row.get("vat_class") or VatClass.STANDARD
        if vat_class not in VatClass.values:
            err("vat_class", _("Unknown VAT class “%(value)s”.") % {"value": vat_class})
        published = (row.get("is_published") or "1").lower()
        if published not in TRUE | FALSE:
            err("is_published", _("Write 1 or 0."))
        elif published in TRUE and not delivers:
            err("is_published", NO_DELIVERY_MESSAGE)
        elif published in TRUE and refusal and slug not in online:
            err("is_published", refusal)
        non_withdrawable = row.get("non_withdrawable", "")
        if non_withdrawable not in ("", *NonWithdrawable.values):
            err("non_withdrawable", _("Leave empty (withdrawal right applies) or write one of: %(values)s.")
                % {"values": ", ".join(NonWithdrawable.values)})
        sku = row.get("sku", "")[:64]
        if not sku:
            err("sku", _("A SKU is required."))
        elif sku in seen_skus:
            err("sku", _("SKU %(sku)s is already on line %(line)d.") % {"sku": sku, "line": seen_skus[sku]})
        elif sku in sku_owner and sku_owner[sku] != slug:
            err("sku", _("SKU %(sku)s belongs to another product (%(slug)s).") % {"sku": sku, "slug": sku_owner[sku]})
        seen_skus.setdefault(sku, index)
        price, price_error = _price(row.get("price", ""))
        if price_error:  # "149,00" is 149.00; an ambiguous "1.234,5" is refused with the reason [core.amounts]
            err("price", price_error)
        elif price is None or not Decimal("0.01") <= price <= MAX_PRICE:
            err("price", _("The price must be a number between 0.01 and 1,000,000 (MAD TTC)."))
        stock_text = row.get("stock", "")
        # ASCII digits only: "²".isdigit() is true but int("²") fails; and at most the form's maximum.
        stock = int(stock_text) if stock_text.isascii() and stock_text.isdigit() and len(stock_text) < 10 else None
        if stock is None or stock > MAX_STOCK:
            err("stock", _("The stock must be a whole number, 0 or more."))
        try:
            options = parse_options(row.get("options", ""))
        except ValueError:
            options = {}
            err("options", _("Write options as name=value separated by semicolons."))
        if errors and errors[-1].row == index:
            continue
        planned = products.get(slug)
        if planned is None:
            planned = products[slug] = PlannedProduct(
                slug=slug, category_id=category_id,
                fields={
                    "name_fr": name_fr[:200], "name_ar": row.get("name_ar", "")[:200],
                    "name_en": row.get("name_en", "")[:200], "description_fr": row.get("description_fr", ""),
                    "description_ar": row.get("description_ar", ""), "description_en": row.get("description_en", ""),
                    "vat_class": vat_class, "is_published": published in TRUE,
                },
            )
            if "non_withdrawable" in row:  # a file without the column leaves the products' flags as they are
                planned.fields["non_withdrawable"] = non_withdrawable
        planned.variants.append({"sku": sku, "price": price, "stock": stock, "options": options})
    return ImportPlan(products=products, errors=errors, row_count=len(rows))


def _price(text: str) -> tuple[Decimal | None, str]:
    """The price typed in the file, read like every price field (`core.amounts`), or the reason it is refused."""
    try:
        return parse_amount(text), ""
    except ValidationError as exc:
        return None, exc.messages[0] if exc.code == "amount_ambiguous" else ""


# --- Writing (all or nothing) --------------------------------------------------------------------

Progress = Callable[[int, int], None]


def import_apply(*, merchant: Merchant, plan: ImportPlan, progress: Progress | None = None) -> dict[str, int]:
    """Write a validated plan in one transaction. Raises ValueError if the plan has errors."""
    steps = import_steps(merchant=merchant, plan=plan)
    while True:
        try:
            done, total = next(steps)
        except StopIteration as stop:
            return stop.value
        if progress:
            progress(done, total)


def import_steps(*, merchant: Merchant, plan: ImportPlan) -> Generator[tuple[int, int], None, dict[str, int]]:
    """The import as a generator yielding (done, total) per batch, so a page can stream a progress bar.

    The transaction spans the whole generator: if it is closed early (client gone), everything rolls back.
    """
    if plan.errors:
        raise ValueError("an import plan with errors cannot be applied")
    total = plan.variant_count
    categories = {c.pk: c for c in Category.objects.filter(pk__in={p.category_id for p in plan.products.values()})}
    done = 0
    with transaction.atomic():
        existing = {
            p.slug: p for p in Product.objects.filter(merchant=merchant, slug__in=list(plan.products))
            .only("pk", "slug", "merchant_id", "category_id")
        }
        to_create, to_update = [], []
        for slug, planned in plan.products.items():
            product = existing.get(slug) or Product(merchant=merchant, slug=slug)
            product.category_id = planned.category_id
            for key, value in planned.fields.items():
                setattr(product, key, value)
            product.price = min(v["price"] for v in planned.variants)
            product.search_text = product_search_text(
                product=product, merchant=merchant, category=categories[planned.category_id])
            (to_update if product.pk else to_create).append(product)
        for start in range(0, len(to_create), BATCH):
            Product.objects.bulk_create(to_create[start:start + BATCH])
        if to_update:
            # One plain UPDATE per row: on SQLite this is far faster than bulk_update's CASE WHEN per batch.
            fields = ["category_id", *next(iter(plan.products.values())).fields, "price", "search_text"]
            for product in to_update:
                Product.objects.filter(pk=product.pk).update(**{f: getattr(product, f) for f in fields})
        ids = {p.slug: p.pk for p in [*to_create, *to_update]}
        existing_variants = {
            v.sku: v for v in Variant.objects.filter(merchant=merchant, sku__in=[
                v["sku"] for p in plan.products.values() for v in p.variants]).only("pk", "sku", "product_id")
        } if to_update else {}
        new_variants, changed_variants = [], []
        for planned in plan.products.values():
            for position, data in enumerate(planned.variants):
                variant = existing_variants.get(data["sku"])
                if variant is None:
                    new_variants.append(Variant(merchant=merchant, product_id=ids[planned.slug], position=position, **data))
                else:
                    variant.price, variant.stock, variant.options = data["price"], data["stock"], data["options"]
                    variant.position = position
                    changed_variants.append(variant)
                if len(new_variants) >= BATCH:
                    Variant.objects.bulk_create(new_variants)
                    done += len(new_variants)
                    new_variants = []
                    yield done + len(changed_variants), total
        Variant.objects.bulk_create(new_variants)
        for variant in changed_variants:
            Variant.objects.filter(pk=variant.pk).update(
                price=variant.price, stock=variant.stock, options=variant.options, position=variant.position)
        if to_update:  # new products already carry their lowest price; refresh the ones whose variants changed
            id_list = [p.pk for p in to_update]
            for start in range(0, len(id_list), BATCH):
                products_refresh_denormalized(product_ids=id_list[start:start + BATCH])
        yield total, total
    return {"products_created": len(to_create), "products_updated": len(to_update),
            "variants_created": total - len(changed_variants), "variants_updated": len(changed_variants)}


# --- Export --------------------------------------------------------------------------------------

def export_rows(*, merchant: Merchant) -> Iterator[list[str]]:
    """The catalogue in the import format, one row per variant, header first (three queries in all)."""
    yield COLUMNS
    products = (
        Product.objects.filter(merchant=merchant).select_related("category").prefetch_related("variants")
        .order_by("pk")
    )
    for product in products.iterator(chunk_size=2000):
        for variant in product.variants.all():
            yield [
                product.slug, product.category.slug, product.name_fr, product.name_ar, product.name_en,
                product.description_fr, product.description_ar, product.description_en, product.vat_class,
                "1" if product.is_published else "0", variant.sku, format_options(variant.options),
                str(variant.price), str(variant.stock), product.non_withdrawable,
            ]


def export_csv(*, merchant: Merchant) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerows([neutralised(cell) for cell in row] for row in export_rows(merchant=merchant))
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def export_xlsx(*, merchant: Merchant) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("catalogue")
    for row in export_rows(merchant=merchant):
        sheet.append([neutralised(cell) for cell in row])  # a text cell, never a formula
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()

import re
from datetime import date, datetime
from decimal import Decimal
from typing import Annotated

from ninja import Schema
from pydantic import AfterValidator, BeforeValidator, StringConstraints, WithJsonSchema

# Input types whose schema says exactly what the code accepts (schemathesis checks both ways) [SEC-API-OPENAPI].
# Amounts are decimal strings in MAD with at most two decimals: the pattern is the whole rule.
POSITIVE_AMOUNT_PATTERN = r"^(?:1000000(?:\.0{1,2})?|[1-9][0-9]{0,5}(?:\.[0-9]{1,2})?|0\.(?:0[1-9]|[1-9][0-9]?))$"
AMOUNT_PATTERN = r"^(?:10000000(?:\.0{1,2})?|(?:0|[1-9][0-9]{0,6})(?:\.[0-9]{1,2})?)$"
PositiveAmount = Annotated[str, StringConstraints(pattern=POSITIVE_AMOUNT_PATTERN), AfterValidator(Decimal),
                           WithJsonSchema({"type": "string", "pattern": POSITIVE_AMOUNT_PATTERN,
                                           "description": "MAD, more than 0 and at most 1,000,000, two decimals at most",
                                           "examples": ["130.00"]})]
Amount = Annotated[str, StringConstraints(pattern=AMOUNT_PATTERN), AfterValidator(Decimal),
                   WithJsonSchema({"type": "string", "pattern": AMOUNT_PATTERN,
                                   "description": "MAD, 0 to 10,000,000, two decimals at most", "examples": ["240.00"]})]


def _iso_date_text(value: object) -> object:
    if isinstance(value, str) and re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value):
        return value
    if isinstance(value, date) and not isinstance(value, datetime):
        return value
    raise ValueError("a date written YYYY-MM-DD")


def _iso_datetime_text(value: object) -> object:
    if isinstance(value, str | datetime):
        return value
    raise ValueError("a date and time written as in ISO 8601 (e.g. 2026-03-01T14:30:00+01:00)")


def _json_integer(value: object) -> object:
    """A JSON integer: 2 or 2.0 (the same number in JSON), never "2" nor true."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError("a whole number")
    if isinstance(value, float):
        if not value.is_integer():
            raise ValueError("a whole number")
        return int(value)
    return value


# For models in strict mode (no text for a number, no number for a yes/no): an integer as JSON has it.
JsonInt = Annotated[int, BeforeValidator(_json_integer)]

# Pydantic would also take a number of seconds since 1970 for these; the document promises text only.
IsoDate = Annotated[date, BeforeValidator(_iso_date_text), WithJsonSchema({"type": "string", "format": "date"})]
IsoDateTime = Annotated[datetime, BeforeValidator(_iso_datetime_text),
                        WithJsonSchema({"type": "string", "format": "date-time"})]


class ErrorOut(Schema):
    message: str
    field: str | None = None


class Names(Schema):
    fr: str
    ar: str
    en: str


class StoreOut(Schema):
    id: int
    slug: str
    store_name: str
    legal_name: str
    city: str
    region_code: int
    sector: str
    url: str


class CategoryOut(Schema):
    id: int
    slug: str
    parent_id: int | None
    name: str
    names: Names


class StoreRef(Schema):
    id: int
    slug: str
    name: str


class ProductCardOut(Schema):
    id: int
    slug: str
    name: str
    names: Names
    price: str
    currency: str = "MAD"
    store: StoreRef
    category: str
    url: str


class VariantOut(Schema):
    id: int
    sku: str
    price: str
    stock: int
    options: dict[str, str]


class VatOut(Schema):
    vat_class: str
    rate: str
    exempt: bool


class ProductDetailOut(ProductCardOut):
    description: str
    vat: VatOut | None
    variants: list[VariantOut]


class ProductPageOut(Schema):
    items: list[ProductCardOut]
    count: int
    page: int
    pages: int
    page_size: int


class StorePageOut(Schema):
    items: list[StoreOut]
    count: int
    page: int
    pages: int

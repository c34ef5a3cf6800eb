"""Merchant back-office endpoints, scoped to the signed-in user's merchant (issue 4).

Session auth (django_auth, which makes Ninja check the CSRF token on writes). The merchant always comes
from the user's membership, never from the request, so another merchant's id answers 404.
"""

from decimal import Decimal

from django.http import HttpRequest
from ninja import Router, Schema
from ninja.security import django_auth
from pydantic import Field

from tijara.api.errors import ApiError
from tijara.api.schemas import ErrorOut
from tijara.catalog.models import Category
from tijara.catalog.services import CatalogError, product_save
from tijara.core.models import VatClass
from tijara.dashboard import selectors
from tijara.merchants.permissions import membership_can
from tijara.merchants.selectors import membership_for_user

router = Router(tags=["merchant"], auth=django_auth)


class VariantIn(Schema):
    id: int | None = None
    sku: str = Field(min_length=1, max_length=64)
    price: Decimal = Field(gt=0, le=1_000_000, decimal_places=2)
    stock: int = Field(ge=0, le=10_000_000)
    options: dict[str, str] = {}


class ProductIn(Schema):
    name_fr: str = Field(min_length=1, max_length=200)
    name_ar: str = Field("", max_length=200)
    name_en: str = Field("", max_length=200)
    description_fr: str = ""
    description_ar: str = ""
    description_en: str = ""
    category: str = Field(description="category slug")
    vat_class: str = VatClass.STANDARD
    is_published: bool = True
    variants: list[VariantIn] = Field(min_length=1, max_length=50)


class VariantOut(Schema):
    id: int
    sku: str
    price: str
    stock: int
    options: dict[str, str]


class MerchantProductOut(Schema):
    id: int
    slug: str
    names: dict[str, str]
    price: str
    is_published: bool
    category: str
    vat_class: str
    variants: list[VariantOut] = []


class MerchantProductPageOut(Schema):
    items: list[MerchantProductOut]
    count: int
    page: int
    pages: int


def _membership(request: HttpRequest, action: str = "catalog.edit"):
    membership = membership_for_user(request.user)
    if membership is None:
        raise ApiError(403, "this account does not belong to a merchant team")
    if not membership_can(membership, action):
        raise ApiError(403, "your role does not allow this")
    return membership


def _product_out(product, with_variants: bool) -> dict:
    data = {
        "id": product.pk, "slug": product.slug,
        "names": {"fr": product.name_fr, "ar": product.name_ar, "en": product.name_en},
        "price": str(product.price), "is_published": product.is_published,
        "category": product.category.slug, "vat_class": product.vat_class,
    }
    if with_variants:
        data["variants"] = [
            {"id": v.pk, "sku": v.sku, "price": str(v.price), "stock": v.stock,
             "options": {str(k): str(val) for k, val in v.options.items()}}
            for v in product.variants.all()
        ]
    return data


@router.get("/products", response={200: MerchantProductPageOut, 401: ErrorOut, 403: ErrorOut},
            summary="My store's products")
def list_products(request: HttpRequest, q: str = "", page: int = 1):
    membership = _membership(request)
    current = selectors.product_page(membership.merchant, query=q[:100], page=page)
    return {"items": [_product_out(p, False) for p in current.object_list], "count": current.paginator.count,
            "page": current.number, "pages": current.paginator.num_pages}


def _own(membership, product_id: int):
    try:
        return selectors.product_for_edit(membership.merchant, product_id)
    except selectors.NotFound as exc:
        raise ApiError(404, "product not found", "product_id") from exc


@router.get("/products/{product_id}", response={200: MerchantProductOut, 401: ErrorOut, 404: ErrorOut},
            summary="One of my store's products")
def get_product(request: HttpRequest, product_id: int):
    return _product_out(_own(_membership(request), product_id), True)


def _save(membership, product, payload: ProductIn):
    category = Category.objects.filter(slug=payload.category).first()
    if category is None:
        raise ApiError(400, "unknown category", "category")
    if payload.vat_class not in VatClass.values:
        raise ApiError(400, "unknown VAT class", "vat_class")
    try:
        saved = product_save(
            merchant=membership.merchant, product=product, category=category,
            names={"fr": payload.name_fr, "ar": payload.name_ar, "en": payload.name_en},
            descriptions={"fr": payload.description_fr, "ar": payload.description_ar, "en": payload.description_en},
            vat_class=payload.vat_class, is_published=payload.is_published,
            variants=[v.dict() for v in payload.variants],
        )
    except CatalogError as exc:
        raise ApiError(400, exc.message, exc.field) from exc
    return _product_out(selectors.product_for_edit(membership.merchant, saved.pk), True)


@router.post("/products", response={201: MerchantProductOut, 400: ErrorOut, 401: ErrorOut, 403: ErrorOut},
             summary="Create a product")
def create_product(request: HttpRequest, payload: ProductIn):
    return 201, _save(_membership(request), None, payload)


@router.put("/products/{product_id}", response={200: MerchantProductOut, 400: ErrorOut, 401: ErrorOut, 404: ErrorOut},
            summary="Replace a product and its variants (variants left out are deleted)")
def update_product(request: HttpRequest, product_id: int, payload: ProductIn):
    membership = _membership(request)
    return _save(membership, _own(membership, product_id), payload)

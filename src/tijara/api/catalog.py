"""Public catalogue endpoints: stores, categories, product search and detail."""

from typing import Literal

from django.core.paginator import Paginator
from django.http import HttpRequest
from django.urls import reverse
from django.utils import translation
from ninja import Field, Query, Router, Schema

from tijara.api.errors import ApiError
from tijara.api.schemas import (
    CategoryOut,
    ErrorOut,
    ProductDetailOut,
    ProductPageOut,
    StoreOut,
    StorePageOut,
)
from tijara.catalog import selectors
from tijara.catalog.models import Product
from tijara.catalog.selectors import NotFound, ProductQuery
from tijara.core.vat import VatRateMissing, vat_rate_for

router = Router(tags=["catalogue"])

Lang = Literal["fr", "ar", "en"]


class ProductFilters(Schema):
    q: str = Field("", max_length=100)
    page: int = 1
    page_size: int = Field(24, ge=1, le=100)
    sort: Literal["newest", "price_asc", "price_desc", "name"] = "newest"
    category: str | None = None
    store: str | None = None
    lang: Lang = "fr"


def _names(obj) -> dict[str, str]:
    return {code: obj.tr("name", code) for code in ("fr", "ar", "en")}


def _card(product: Product, lang: str) -> dict:
    merchant = product.merchant
    return {
        "id": product.pk,
        "slug": product.slug,
        "name": product.tr("name", lang),
        "names": _names(product),
        "price": str(product.price),
        "store": {"id": merchant.pk, "slug": merchant.slug, "name": merchant.store_name},
        "category": product.category.slug,
        "url": reverse("storefront:product", args=[merchant.slug, product.slug]),
    }


def _store(merchant, lang: str) -> dict:
    return {
        "id": merchant.pk, "slug": merchant.slug, "store_name": merchant.store_name,
        "legal_name": merchant.legal_name, "city": merchant.city.tr("name", lang),
        "region_code": merchant.region_id, "sector": merchant.sector,
        "url": reverse("storefront:store", args=[merchant.slug]),
    }


@router.get("/stores", response=StorePageOut, summary="Validated stores")
def list_stores(request: HttpRequest, page: int = 1, lang: Lang = "fr"):
    paginator = Paginator(selectors.store_list(), 50)
    current = paginator.get_page(page)
    with translation.override(lang):
        items = [_store(m, lang) for m in current.object_list]
    return {"items": items, "count": paginator.count, "page": current.number, "pages": paginator.num_pages}


@router.get("/stores/{slug}", response={200: StoreOut, 404: ErrorOut}, summary="One validated store")
def get_store(request: HttpRequest, slug: str, lang: Lang = "fr"):
    try:
        return _store(selectors.store_by_slug(slug), lang)
    except NotFound as exc:
        raise ApiError(404, "store not found", "slug") from exc


@router.get("/categories", response=list[CategoryOut], summary="The category tree, flattened")
def list_categories(request: HttpRequest, lang: Lang = "fr"):
    return [
        {"id": c.pk, "slug": c.slug, "parent_id": c.parent_id, "name": c.tr("name", lang), "names": _names(c)}
        for c in selectors.categories_all()
    ]


@router.get(
    "/products",
    response={200: ProductPageOut, 400: ErrorOut, 404: ErrorOut},
    summary="Search and list products across all stores",
    description="Accent- and case-insensitive search on names in every language (`q`), "
    "with filters by category (and its sub-categories) and store, sorting and pagination. "
    "A page number past the end returns the last page.",
)
def list_products(request: HttpRequest, filters: Query[ProductFilters]):
    if not 1 <= filters.page_size <= 100:
        raise ApiError(400, "page_size must be between 1 and 100", "page_size")
    if len(filters.q) > 100:
        raise ApiError(400, "q must be at most 100 characters", "q")
    category_ids: tuple[int, ...] = ()
    if filters.category:
        try:
            category = selectors.category_by_slug(filters.category)
        except NotFound as exc:
            raise ApiError(404, "category not found", "category") from exc
        category_ids = tuple(selectors.category_descendant_ids(category, selectors.categories_all()))
    merchant_id = None
    if filters.store:
        try:
            merchant_id = selectors.store_by_slug(filters.store).pk
        except NotFound as exc:
            raise ApiError(404, "store not found", "store") from exc
    page = selectors.product_page(
        ProductQuery(query=filters.q, category_ids=category_ids, merchant_id=merchant_id, sort=filters.sort,
                     page=filters.page, per_page=filters.page_size)
    )
    with translation.override(filters.lang):
        items = [_card(p, filters.lang) for p in page.object_list]
    return {
        "items": items, "count": page.paginator.count, "page": page.number,
        "pages": page.paginator.num_pages, "page_size": filters.page_size,
    }


@router.get("/products/{product_id}", response={200: ProductDetailOut, 404: ErrorOut}, summary="One product")
def get_product(request: HttpRequest, product_id: int, lang: Lang = "fr"):
    try:
        product = selectors.product_detail(product_id=product_id)
    except NotFound as exc:
        raise ApiError(404, "product not found", "product_id") from exc
    try:
        rate = vat_rate_for(product.vat_class)
        vat = {"vat_class": rate.vat_class, "rate": str(rate.rate), "exempt": rate.exempt}
    except VatRateMissing:
        vat = None
    with translation.override(lang):
        card = _card(product, lang)
    return {
        **card,
        "description": product.tr("description", lang),
        "vat": vat,
        "variants": [
            {"id": v.pk, "sku": v.sku, "price": str(v.price), "stock": v.stock,
             "options": {str(k): str(val) for k, val in v.options.items()}}
            for v in product.variants.all()
        ],
    }

"""Catalogue reads for public pages and the API: a constant number of queries whatever the page size."""

import hashlib
from dataclasses import dataclass
from functools import cached_property

from django.conf import settings
from django.core.cache import cache
from django.core.paginator import Page, Paginator
from django.db.models import Prefetch, QuerySet

from tijara.catalog.models import Category, Product, Variant
from tijara.core.text import search_terms
from tijara.merchants.models import Merchant, MerchantStatus


class NotFound(LookupError):
    """The thing asked for does not exist or is not public."""


SORTS = {
    "newest": ("-created_at", "-pk"),
    "price_asc": ("price", "pk"),
    "price_desc": ("-price", "-pk"),
    "name": ("name_fr", "pk"),
}
DEFAULT_SORT = "newest"

CARD_FIELDS = (
    "id", "slug", "name_fr", "name_ar", "name_en", "price", "created_at", "vat_class",
    "merchant__id", "merchant__slug", "merchant__store_name", "merchant__city_id",
    "category__id", "category__slug", "category__name_fr", "category__name_ar", "category__name_en",
)


def public_products() -> QuerySet[Product]:
    """Published products of validated merchants: the only ones the public may see."""
    return Product.objects.filter(is_published=True, merchant__status=MerchantStatus.VALIDATED)


def categories_all() -> list[Category]:
    return list(Category.objects.all())


def category_by_slug(slug: str) -> Category:
    category = Category.objects.filter(slug=slug).first()
    if category is None:
        raise NotFound(slug)
    return category


def category_descendant_ids(category: Category, categories: list[Category]) -> list[int]:
    children: dict[int | None, list[int]] = {}
    for c in categories:
        children.setdefault(c.parent_id, []).append(c.pk)
    ids, stack = [], [category.pk]
    while stack:
        current = stack.pop()
        ids.append(current)
        stack.extend(children.get(current, []))
    return ids


@dataclass(frozen=True)
class ProductQuery:
    query: str = ""
    category_ids: tuple[int, ...] = ()
    merchant_id: int | None = None
    sort: str = DEFAULT_SORT
    page: int | str = 1
    per_page: int = settings.TIJARA_PAGE_SIZE


def clamp_page_size(value: object, default: int | None = None) -> int:
    default = default or settings.TIJARA_PAGE_SIZE
    try:
        size = int(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return default
    return max(1, min(size, settings.TIJARA_MAX_PAGE_SIZE))


class CountCachingPaginator(Paginator):
    """Remembers the number of matches of a listing for a minute: the COUNT over the catalogue costs more
    than the page itself, and a page count a few seconds old only shifts where the last page ends."""

    def __init__(self, object_list, per_page, *, count_key: str):
        super().__init__(object_list, per_page)
        self.count_key = count_key

    @cached_property
    def count(self) -> int:
        seconds = settings.TIJARA_COUNT_CACHE_SECONDS
        if seconds <= 0:
            return super().count
        key = "count:" + hashlib.blake2b(self.count_key.encode(), digest_size=16).hexdigest()
        value = cache.get(key)
        if value is None:
            value = super().count
            cache.set(key, value, seconds)
        return value


def product_page(spec: ProductQuery) -> Page:
    """One page of product cards: a COUNT and one SELECT, joined to merchant and category."""
    qs = public_products().select_related("merchant", "category").only(*CARD_FIELDS)
    terms = search_terms(spec.query)
    for term in terms:
        qs = qs.filter(search_text__contains=term)
    if spec.category_ids:
        qs = qs.filter(category_id__in=spec.category_ids)
    if spec.merchant_id is not None:
        qs = qs.filter(merchant_id=spec.merchant_id)
    qs = qs.order_by(*SORTS.get(spec.sort, SORTS[DEFAULT_SORT]))
    count_key = repr((terms, spec.category_ids, spec.merchant_id))
    return CountCachingPaginator(qs, spec.per_page, count_key=count_key).get_page(spec.page)


def product_detail(*, product_id: int | None = None, store_slug: str = "", product_slug: str = "") -> Product:
    qs = public_products().select_related("merchant", "merchant__city", "category").prefetch_related(
        Prefetch("variants", queryset=Variant.objects.order_by("position", "pk"))
    )
    if product_id is not None:
        qs = qs.filter(pk=product_id)
    else:
        qs = qs.filter(merchant__slug=store_slug, slug=product_slug)
    product = qs.first()
    if product is None:
        raise NotFound(product_id or product_slug)
    return product


def store_list() -> QuerySet[Merchant]:
    return Merchant.objects.public().select_related("region", "city").order_by("store_name")


def store_by_slug(slug: str) -> Merchant:
    merchant = Merchant.objects.public().select_related("region", "city").filter(slug=slug).first()
    if merchant is None:
        raise NotFound(slug)
    return merchant


def store_is_suspended(slug: str) -> bool:
    return Merchant.objects.filter(slug=slug, status=MerchantStatus.SUSPENDED).exists()


def featured_stores(limit: int = 8) -> list[Merchant]:
    return list(store_list().filter(featured=True)[:limit])


def featured_products(limit: int = 12) -> list[Product]:
    return list(
        public_products().select_related("merchant", "category").only(*CARD_FIELDS).order_by("-created_at", "-pk")[
            :limit
        ]
    )

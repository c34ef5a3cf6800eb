"""Catalogue reads for public pages, the back-office and the API: a constant number of queries whatever
the page size. Merchant-facing reads take the merchant first and filter by it."""

import hashlib
from dataclasses import dataclass
from functools import cached_property

from django.conf import settings
from django.core.cache import cache
from django.core.paginator import Page, Paginator
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet, Sum, prefetch_related_objects
from django.utils.translation import gettext as _

from tijara.catalog.models import Category, Product, ProductImage, Variant
from tijara.core.errors import NotFound as CoreNotFound
from tijara.core.text import normalize, search_terms
from tijara.merchants.models import Merchant, MerchantStatus


class NotFound(CoreNotFound):
    """The thing asked for does not exist, is not public, or is another store's."""


SORTS = {
    "newest": ("-created_at", "-pk"),
    "price_asc": ("price", "pk"),
    "price_desc": ("-price", "-pk"),
    "name": ("name_fr", "pk"),
}
DEFAULT_SORT = "newest"

CARD_FIELDS = (
    "id", "slug", "name_fr", "name_ar", "name_en", "price", "created_at", "vat_class", "cover",
    "merchant__id", "merchant__slug", "merchant__store_name", "merchant__city_id",
    "category__id", "category__slug", "category__name_fr", "category__name_ar", "category__name_en",
)


def public_products() -> QuerySet[Product]:
    """Published products of validated merchants with an active delivery method: the only ones the public
    may see, so that every product shown can be ordered."""
    return Product.objects.filter(is_published=True, merchant__status=MerchantStatus.VALIDATED,
                                  merchant__delivers=True)


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
    # The gallery's photos: one more query, only for a product that has a photo (its cover says so).
    prefetch_related_objects([product], Prefetch("images", queryset=ProductImage.objects.order_by("position", "pk"))
                             if product.cover else Prefetch("images", queryset=ProductImage.objects.none()))
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


# --- The merchant's own catalogue (back-office and merchant API) ------------------------------------

MERCHANT_PRODUCTS_PER_PAGE = 50


def merchant_product_page(merchant: Merchant, *, query: str = "", status: str = "", page: int | str = 1) -> Page:
    """The merchant's products, published or not, with variant count and total stock, in a constant number
    of queries; `query` matches names (accent-insensitive) or an exact SKU, `status` is published or draft."""
    qs = (
        Product.objects.filter(merchant=merchant)
        .select_related("category")
        .only("pk", "slug", "name_fr", "name_ar", "name_en", "price", "is_published", "created_at",
              "category__name_fr", "category__name_ar", "category__name_en", "merchant_id")
        .annotate(variant_count=Count("variants"), total_stock=Sum("variants__stock"))
        .order_by("-created_at", "-pk")
    )
    if query:
        # EXISTS, not a join: a join to variants would multiply the variant count and stock annotated above.
        by_sku = Exists(Variant.objects.filter(product_id=OuterRef("pk"), sku__iexact=query.strip()))
        qs = qs.filter(Q(search_text__contains=normalize(query)) | by_sku)
    if status == "published":
        qs = qs.filter(is_published=True)
    elif status == "draft":
        qs = qs.filter(is_published=False)
    return Paginator(qs, MERCHANT_PRODUCTS_PER_PAGE).get_page(page)


def merchant_product(merchant: Merchant, product_id: int) -> Product:
    """One of the merchant's products with its variants and photos, published or not; NotFound for anyone
    else's."""
    product = (
        Product.objects.filter(merchant=merchant, pk=product_id)
        .select_related("category")
        .prefetch_related(Prefetch("variants", queryset=Variant.objects.order_by("position", "pk")),
                          Prefetch("images", queryset=ProductImage.objects.order_by("position", "pk")))
        .first()
    )
    if product is None:
        raise NotFound(_("No such product in your store."), "product_id")
    return product


def merchant_catalogue_stats(merchant: Merchant) -> dict[str, int]:
    """Products, published products and variants out of stock, in one aggregate query."""
    return Product.objects.filter(merchant=merchant).aggregate(
        products=Count("pk", distinct=True),
        published=Count("pk", filter=Q(is_published=True), distinct=True),
        out_of_stock=Count("variants", filter=Q(variants__stock=0)),
    )

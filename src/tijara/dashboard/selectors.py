"""Reads of the back-office. Every function takes the merchant first and filters by it."""

from django.apps import apps
from django.core.paginator import Page, Paginator
from django.db.models import Count, Prefetch, Q, Sum

from tijara.catalog.models import Product, Variant
from tijara.core.text import normalize
from tijara.dashboard.models import ProductImage
from tijara.merchants.models import Merchant

PRODUCTS_PER_PAGE = 50


class NotFound(LookupError):
    pass


def product_page(merchant: Merchant, *, query: str = "", status: str = "", page: int | str = 1) -> Page:
    """The merchant's products with variant count and total stock, in a constant number of queries."""
    qs = (
        Product.objects.filter(merchant=merchant)
        .select_related("category")
        .only("pk", "slug", "name_fr", "name_ar", "name_en", "price", "is_published", "created_at",
              "category__name_fr", "category__name_ar", "category__name_en", "merchant_id")
        .annotate(variant_count=Count("variants"), total_stock=Sum("variants__stock"))
        .order_by("-created_at", "-pk")
    )
    if query:
        qs = qs.filter(Q(search_text__contains=normalize(query)) | Q(variants__sku__iexact=query.strip())).distinct()
    if status == "published":
        qs = qs.filter(is_published=True)
    elif status == "draft":
        qs = qs.filter(is_published=False)
    return Paginator(qs, PRODUCTS_PER_PAGE).get_page(page)


def product_for_edit(merchant: Merchant, product_id: int) -> Product:
    """One of the merchant's products with its variants and images; NotFound for anyone else's."""
    product = (
        Product.objects.filter(merchant=merchant, pk=product_id)
        .select_related("category")
        .prefetch_related(Prefetch("variants", queryset=Variant.objects.order_by("position", "pk")),
                          Prefetch("images", queryset=ProductImage.objects.order_by("position", "pk")))
        .first()
    )
    if product is None:
        raise NotFound(product_id)
    return product


def product_image(merchant: Merchant, product_id: int, image_id: int) -> ProductImage:
    image = ProductImage.objects.filter(merchant=merchant, product_id=product_id, pk=image_id).first()
    if image is None:
        raise NotFound(image_id)
    return image


def catalogue_stats(merchant: Merchant) -> dict[str, int]:
    """Products, published products and variants out of stock, in one aggregate query."""
    return Product.objects.filter(merchant=merchant).aggregate(
        products=Count("pk", distinct=True),
        published=Count("pk", filter=Q(is_published=True), distinct=True),
        out_of_stock=Count("variants", filter=Q(variants__stock=0)),
    )


def orders_available() -> bool:
    """The checkout issue's orders app has models (it lands in parallel with this back-office)."""
    try:
        apps.get_model("orders", "Order")
    except LookupError:
        return False
    return True


def shipping_methods(merchant: Merchant) -> list:
    """The store's delivery methods with their zone fees (cities and regions named), in three queries."""
    from tijara.checkout.models import ShippingMethod, ShippingZoneFee

    return list(
        ShippingMethod.objects.filter(merchant=merchant).order_by("position", "pk").prefetch_related(
            Prefetch("zone_fees", queryset=ShippingZoneFee.objects.filter(merchant=merchant)
                     .select_related("city", "region").order_by("region_id", "city__name_fr", "pk"))
        )
    )


def shipping_method(merchant: Merchant, method_id: int):
    """One of the store's delivery methods with its zone fees; NotFound for anyone else's."""
    from tijara.checkout.models import ShippingMethod, ShippingZoneFee

    method = (
        ShippingMethod.objects.filter(merchant=merchant, pk=method_id)
        .prefetch_related(Prefetch("zone_fees", queryset=ShippingZoneFee.objects.filter(merchant=merchant)
                                   .order_by("region_id", "city_id", "pk")))
        .first()
    )
    if method is None:
        raise NotFound(method_id)
    return method

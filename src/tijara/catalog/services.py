"""Catalogue writes. Denormalised columns (price, search_text) are kept here, not in save() or signals."""

from collections.abc import Iterable

from django.db import transaction
from django.db.models import Min

from tijara.catalog.models import Category, Product, Variant
from tijara.core.text import normalize
from tijara.merchants.models import Merchant


def product_search_text(*, product: Product, merchant: Merchant, category: Category) -> str:
    parts = [
        product.name_fr, product.name_ar, product.name_en,
        merchant.store_name,
        category.name_fr, category.name_ar, category.name_en,
    ]
    return normalize(" ".join(p for p in parts if p))


def products_refresh_denormalized(*, product_ids: Iterable[int]) -> int:
    """Recompute lowest price and search text of the given products (after variant or name changes)."""
    ids = list(product_ids)
    with transaction.atomic():
        prices = dict(
            Variant.objects.filter(product_id__in=ids).values_list("product_id").annotate(low=Min("price"))
        )
        products = list(Product.objects.filter(pk__in=ids).select_related("merchant", "category"))
        for product in products:
            product.price = prices.get(product.pk, product.price)
            product.search_text = product_search_text(
                product=product, merchant=product.merchant, category=product.category
            )
        Product.objects.bulk_update(products, ["price", "search_text"], batch_size=500)
    return len(products)


def product_create(
    *, merchant: Merchant, category: Category, slug: str, names: dict[str, str],
    vat_class: str, variants: list[dict], descriptions: dict[str, str] | None = None,
    is_published: bool = True,
) -> Product:
    """Create a product with its variants (each a dict of sku, price, stock, options)."""
    descriptions = descriptions or {}
    with transaction.atomic():
        product = Product(
            merchant=merchant, category=category, slug=slug, vat_class=vat_class, is_published=is_published,
            name_fr=names.get("fr", ""), name_ar=names.get("ar", ""), name_en=names.get("en", ""),
            description_fr=descriptions.get("fr", ""), description_ar=descriptions.get("ar", ""),
            description_en=descriptions.get("en", ""),
        )
        product.price = min(v["price"] for v in variants)
        product.search_text = product_search_text(product=product, merchant=merchant, category=category)
        product.full_clean(exclude=["search_text"])
        product.save()
        Variant.objects.bulk_create(
            Variant(merchant=merchant, product=product, position=i, **variant) for i, variant in enumerate(variants)
        )
    return product

"""Row locks of the catalogue, always in primary-key order so two writers never deadlock."""

from collections.abc import Iterable

from django.db import connection

from tijara.catalog.models import Variant


def variants_for_update(ids: Iterable[int], *, with_product: bool = False) -> dict[int, Variant]:
    """The variants, locked in pk order; `with_product` also reads product, merchant and city (not locked)."""
    qs = Variant.objects.filter(pk__in=set(ids)).order_by("pk")
    if not with_product:
        return {v.pk: v for v in qs.select_for_update()}
    of = ("self",) if connection.features.has_select_for_update_of else ()
    return {v.pk: v for v in qs.select_related("product__merchant__city").select_for_update(of=of)}


def product_variants_for_update(*, merchant_id: int, product_id: int) -> dict[int, Variant]:
    """A product's variants, locked in pk order (an edit of their stock waits for running checkouts)."""
    qs = Variant.objects.filter(product_id=product_id, merchant_id=merchant_id).order_by("pk")
    return {v.pk: v for v in qs.select_for_update()}

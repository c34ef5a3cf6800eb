"""Catalogue writes. Denormalised columns (price, search_text) are kept here, not in save() or signals."""

from collections.abc import Iterable
from pathlib import PurePosixPath

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Max, Min
from django.utils.translation import gettext_lazy

from tijara.catalog import images
from tijara.catalog import locks as catalog_locks
from tijara.catalog.models import Category, NonWithdrawable, Product, ProductImage, Variant
from tijara.core.errors import DomainError, NotFound
from tijara.core.images import ImageRejected, reencode_image
from tijara.core.text import normalize
from tijara.legal.selectors import terms_current
from tijara.merchants.completeness import missing_labels
from tijara.merchants.models import Merchant
from tijara.shipping.selectors import merchant_delivers


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
    is_published: bool = True, non_withdrawable: str = "",
) -> Product:
    """Create a product with its variants (each a dict of sku, price, stock, options)."""
    descriptions = descriptions or {}
    with transaction.atomic():
        product = Product(
            merchant=merchant, category=category, slug=slug, vat_class=vat_class, is_published=is_published,
            non_withdrawable=non_withdrawable, name_fr=names.get("fr", ""), name_ar=names.get("ar", ""), name_en=names.get("en", ""),
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


# --- Back-office writes ---------------------------------------------------------------------------

class CatalogError(DomainError):
    """A catalogue rule said no; `message` is shown to the merchant, `field` names the input at fault."""


def product_unique_slug(*, merchant: Merchant, name: str, exclude_pk: int | None = None) -> str:
    from django.utils.text import slugify

    base = slugify(name)[:100] or "product"
    taken = set(
        Product.objects.filter(merchant=merchant, slug__startswith=base).exclude(pk=exclude_pk)
        .values_list("slug", flat=True)
    )
    slug, n = base, 1
    while slug in taken:
        n += 1
        slug = f"{base}-{n}"
    return slug


def _check_skus(*, merchant: Merchant, variants: list[dict], product: Product | None) -> None:
    skus = [v["sku"] for v in variants]
    if len(set(skus)) != len(skus):
        raise CatalogError("each variant needs its own SKU", "sku")
    clash = Variant.objects.filter(merchant=merchant, sku__in=skus)
    if product is not None:
        clash = clash.exclude(product=product)
    taken = clash.values_list("sku", flat=True).first()
    if taken:
        raise CatalogError(f"SKU {taken} is already used by another product of this store", "sku")


NO_DELIVERY_MESSAGE = gettext_lazy("Add an active delivery method in your store settings before publishing: "
                                   "without one, nobody can order your products.")


def _delivery_required(merchant: Merchant) -> None:
    """Only a store that delivers publishes, so the public never sees a product nobody can order."""
    if not merchant_delivers(merchant.pk):
        raise CatalogError(NO_DELIVERY_MESSAGE, "is_published")


INCOMPLETE_IDENTITY_MESSAGE = gettext_lazy(
    "Complete your store's legal identity before publishing (missing: %(fields)s): see the checklist on your "
    "back-office home.")
NO_TERMS_MESSAGE = gettext_lazy("Publish your terms of sale (in French and Arabic) before publishing products.")


def publishing_refusal(merchant: Merchant) -> str:
    """Why this store may not publish products now, or "" when it may [CP-SHOP-COMPLETE].

    Its seller identity must be complete and its terms of sale published. Products already online stay
    online: only publishing is refused.
    """
    missing = missing_labels(merchant)
    if missing:
        return str(INCOMPLETE_IDENTITY_MESSAGE) % {"fields": ", ".join(str(label) for _field, label in missing)}
    if terms_current(merchant.pk) is None:
        return str(NO_TERMS_MESSAGE)
    return ""


def _publishing_allowed(merchant: Merchant) -> None:
    """The store delivers, its seller identity is complete and its terms are published [CP-SHOP-COMPLETE]."""
    _delivery_required(merchant)
    refusal = publishing_refusal(merchant)
    if refusal:
        raise CatalogError(refusal, "is_published")


def product_save(
    *, merchant: Merchant, product: Product | None, category: Category, names: dict[str, str],
    descriptions: dict[str, str], vat_class: str, is_published: bool, variants: list[dict],
    non_withdrawable: str = "",
) -> Product:
    """Create or update a product and its variants (dicts with optional `id`, sku, price, stock, options).

    Variants missing from the list are deleted; the denormalised price is refreshed afterwards.
    """
    if not variants:
        raise CatalogError("a product needs at least one variant", "variants")
    _check_skus(merchant=merchant, variants=variants, product=product)
    if non_withdrawable not in ("", *NonWithdrawable.values):
        raise CatalogError("unknown reason for excluding the withdrawal right", "non_withdrawable")
    if is_published and (product is None or not product.is_published):
        _publishing_allowed(merchant)
    with transaction.atomic():
        if product is None:
            slug = product_unique_slug(merchant=merchant, name=names.get("fr") or names.get("en") or "product")
            clean = [{k: v for k, v in variant.items() if k != "id"} for variant in variants]
            product = product_create(
                merchant=merchant, category=category, slug=slug, names=names, vat_class=vat_class,
                variants=clean, descriptions=descriptions, is_published=is_published,
                non_withdrawable=non_withdrawable,
            )
            return product
        product = Product.objects.select_for_update().get(pk=product.pk, merchant=merchant)
        product.category = category
        product.vat_class = vat_class
        product.is_published = is_published
        product.non_withdrawable = non_withdrawable
        for code in ("fr", "ar", "en"):
            setattr(product, f"name_{code}", names.get(code, ""))
            setattr(product, f"description_{code}", descriptions.get(code, ""))
        product.save()
        existing = catalog_locks.product_variants_for_update(merchant_id=merchant.pk, product_id=product.pk)
        keep, new = [], []
        for position, data in enumerate(variants):
            variant_id = data.get("id")
            if variant_id and variant_id in existing:
                variant = existing[variant_id]
                variant.sku, variant.price, variant.stock = data["sku"], data["price"], data["stock"]
                variant.options, variant.position = data.get("options", {}), position
                keep.append(variant)
            else:
                new.append(Variant(merchant=merchant, product=product, position=position,
                                   **{k: v for k, v in data.items() if k != "id"}))
        removed = set(existing) - {v.pk for v in keep}
        Variant.objects.filter(pk__in=removed, merchant=merchant).delete()
        # Free the SKUs of kept variants first so that swapping two SKUs does not trip the unique constraint.
        Variant.objects.bulk_update(keep, ["sku", "price", "stock", "options", "position"])
        Variant.objects.bulk_create(new)
        products_refresh_denormalized(product_ids=[product.pk])
    product.refresh_from_db()
    return product


def product_set_published(*, merchant: Merchant, product_id: int, published: bool) -> int:
    """Publish or unpublish one of the merchant's products; returns the number of rows changed."""
    if published:
        _publishing_allowed(merchant)
    return Product.objects.filter(merchant=merchant, pk=product_id).update(is_published=published)


# --- Product photos ---------------------------------------------------------------------------------

def product_image_add(*, merchant: Merchant, product_id: int, upload: UploadedFile) -> ProductImage:
    """Store a re-encoded copy of an uploaded photo as the product's last image, never the bytes sent, with its
    responsive sizes (catalog.images) made now, once; the product's cover follows its first photo.

    CatalogError (field `image`) when the file is not an image we accept; NotFound for another store's product.
    """
    try:
        content = reencode_image(upload)  # outside the transaction: decoding and encoding are the slow part
        rendered = images.sizes_render(content.read())
    except ImageRejected as exc:
        raise CatalogError(exc.message, "image") from exc
    field = ProductImage._meta.get_field("image")
    storage = field.storage
    saved: list[str] = []
    try:
        suffix = PurePosixPath(content.name).suffix
        original = storage.save(field.generate_filename(None, images.upload_stem(upload.name) + suffix), content)
        saved.append(original)
        sizes = images.sizes_store(storage, original, rendered, saved)
        with transaction.atomic():
            # The product row is locked so that two uploads at once do not take the same position.
            product = Product.objects.select_for_update().filter(merchant=merchant, pk=product_id).first()
            if product is None:
                raise NotFound("product not found", "product_id")
            last = ProductImage.objects.filter(product=product).aggregate(last=Max("position"))["last"]
            image = ProductImage.objects.create(
                merchant=merchant, product=product, image=original, width=content.width, height=content.height,
                sizes=sizes, position=0 if last is None else last + 1,
            )
            product_cover_refresh(product_id=product.pk)
        return image
    except BaseException:
        for name in saved:  # nothing refers to these files: the row was never committed
            storage.delete(name)
        raise


def product_image_delete(*, merchant: Merchant, product_id: int, image_id: int) -> None:
    """Remove one of the merchant's product photos; its files (original and sizes) are deleted once the row's
    removal is committed."""
    with transaction.atomic():
        image = ProductImage.objects.filter(merchant=merchant, product_id=product_id, pk=image_id).first()
        if image is None:
            raise NotFound("image not found", "image_id")
        names, storage = images.stored_names(image.image.name, image.sizes), image.image.storage
        image.delete()
        product_cover_refresh(product_id=product_id)
        transaction.on_commit(lambda: [storage.delete(name) for name in names])


def product_cover_refresh(*, product_id: int) -> None:
    """Copy the product's first photo (or none) into `Product.cover`, which cards, cart and recap draw."""
    first = ProductImage.objects.filter(product_id=product_id).order_by("position", "pk").first()
    cover = {} if first is None else images.picture_data(
        original=first.image.name, width=first.width, height=first.height, sizes=first.sizes)
    Product.objects.filter(pk=product_id).update(cover=cover)


def product_image_sizes_make(*, image_id: int) -> bool:
    """Make the responsive sizes of a photo stored before they existed (`tijara photo_sizes`); False when it
    already has them or its file is missing. Files are written first, then the row (and cover) in one
    transaction; a photo changed meanwhile keeps what it has and the new files are removed."""
    image = ProductImage.objects.filter(pk=image_id).first()
    if image is None or image.sizes:
        return False
    storage = image.image.storage
    if not storage.exists(image.image.name):
        return False
    with storage.open(image.image.name, "rb") as stored:
        data = stored.read()
    try:
        rendered = images.sizes_render(data)
    except ImageRejected:
        return False
    width, height = images.dimensions(data)
    saved: list[str] = []
    try:
        sizes = images.sizes_store(storage, image.image.name, rendered, saved)
        with transaction.atomic():
            current = ProductImage.objects.select_for_update().filter(pk=image_id).first()
            updated = current is not None and not current.sizes
            if updated:
                current.sizes, current.width, current.height = sizes, width, height
                current.save(update_fields=["sizes", "width", "height"])
                product_cover_refresh(product_id=current.product_id)
    except BaseException:
        for name in saved:
            storage.delete(name)
        raise
    if not updated:
        for name in saved:
            storage.delete(name)
    return bool(updated)

"""Deterministic demo data: validated and pending merchants over the 12 regions, and their catalogues.

Same --seed, same data. Bulk inserts so that 100,000 products take well under two minutes.
"""

import datetime as dt
import random
from collections.abc import Callable
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from tijara.catalog import seed_data
from tijara.catalog.models import Category, Product, Variant
from tijara.catalog.services import product_search_text
from tijara.core.models import City, Region
from tijara.legal.services import terms_publish_model
from tijara.merchants.models import LegalForm, Merchant, MerchantStatus, Sector
from tijara.shipping.services import shipping_defaults_ensure

BATCH = 2000
LEGAL_FORMS = [LegalForm.SARL, LegalForm.SARL_AU, LegalForm.SA, LegalForm.AUTO_ENTREPRENEUR]


def make_ice(rng: random.Random) -> str:
    """A valid ICE: 13 digits, then the two control digits that make the number divisible by 97 [REF-ICE]."""
    body = rng.randrange(10**11, 10**13)
    control = (97 - (body * 100) % 97) % 97
    return f"{body:013d}{control:02d}"


def categories_ensure() -> dict[str, Category]:
    by_slug = {c.slug: c for c in Category.objects.all()}
    for position, (slug, parent, fr, ar, en) in enumerate(seed_data.CATEGORIES):
        if slug not in by_slug:
            by_slug[slug] = Category.objects.create(
                slug=slug, parent=by_slug.get(parent) if parent else None, name_fr=fr, name_ar=ar, name_en=en,
                position=position,
            )
    return by_slug


def _merchant(rng: random.Random, name: str, sector: str, region: Region, cities: list[City],
              status: str, now: dt.datetime) -> Merchant:
    city = cities[0] if rng.random() < 0.5 else rng.choice(cities)
    slug = slugify(name)[:80]
    validated_at = now - dt.timedelta(days=rng.randrange(30, 5 * 365)) if status == MerchantStatus.VALIDATED else None
    return Merchant(
        legal_name=f"{name} {rng.choice(['SARL', 'SARL AU', 'SA'])}",
        store_name=name,
        slug=slug,
        legal_form=rng.choice(LEGAL_FORMS),
        ice=make_ice(rng),
        rc_number=str(rng.randrange(10000, 999999)),
        rc_tribunal=city.name_fr,
        if_number=str(rng.randrange(10**7, 10**8)),
        professional_tax=str(rng.randrange(10**7, 10**8)),
        # A complete seller identity, so validated demo stores may publish [CP-SHOP-COMPLETE] (no extra draws
        # from rng: the rest of the demo data stays the same for a given seed).
        cndp_receipt=f"D-GC-{len(name) * 37 % 900 + 100}/2024",
        licence=f"ONSSA AS.{len(name) * 53 % 9000 + 1000}" if sector == Sector.FOOD else "",
        address=f"{rng.randrange(1, 300)}, {rng.choice(['Avenue Mohammed V', 'Rue de la Liberté', 'Bd Hassan II', 'Derb Sidi Bouloukat', 'Quartier Industriel'])}",  # noqa: E501
        city=city,
        region=region,
        sector=sector,
        phone=f"+2125{rng.randrange(10**7, 10**8)}",
        email=f"contact@{slug}.ma",
        description_fr=f"{name} : boutique de la région {region.name_fr}.",
        description_ar=f"{name}: متجر من جهة {region.name_ar}.",
        description_en=f"{name}: a store from the {region.name_en} region.",
        status=status,
        validated_at=validated_at,
        featured=name in seed_data.FEATURED_STORES,
    )


def seed(*, seed: int = 1, products: int = 1000, progress: Callable[[int, int], None] | None = None) -> dict:
    """Insert the demo marketplace. Returns counts. Expects a database without demo merchants."""
    rng = random.Random(seed)
    now = timezone.now()
    with transaction.atomic():
        categories = categories_ensure()
        regions = {r.code: r for r in Region.objects.all()}
        cities_by_region: dict[int, list[City]] = {}
        for city in City.objects.order_by("-population"):
            cities_by_region.setdefault(city.region_id, []).append(city)

        merchants = [
            _merchant(rng, name, sector, regions[code], cities_by_region[code], MerchantStatus.VALIDATED, now)
            for name, sector, code in seed_data.STORES
        ] + [
            _merchant(rng, name, sector, regions[code], cities_by_region[code], MerchantStatus.PENDING, now)
            for name, sector, code in seed_data.PENDING_STORES
        ]
        Merchant.objects.bulk_create(merchants)
        merchants = list(
            Merchant.objects.filter(slug__in=[m.slug for m in merchants]).select_related("city").order_by("pk")
        )
        # Validated stores deliver (home and relay point), so their published products are orderable.
        shipping_defaults_ensure(merchants=[m for m in merchants if m.status == MerchantStatus.VALIDATED])
        # ... and have published terms of sale, from the model [CP-TERMS].
        for merchant in merchants:
            if merchant.status == MerchantStatus.VALIDATED:
                terms_publish_model(merchant=merchant)

        made = 0
        per_merchant = [products // len(merchants) + (1 if i < products % len(merchants) else 0)
                        for i in range(len(merchants))]
        product_rows: list[Product] = []
        variant_specs: list[list[dict]] = []

        def flush() -> None:
            nonlocal made
            if not product_rows:
                return
            Product.objects.bulk_create(product_rows, batch_size=BATCH)
            Variant.objects.bulk_create(
                [Variant(merchant_id=p.merchant_id, product_id=p.pk, position=i, **spec)
                 for p, specs in zip(product_rows, variant_specs, strict=True) for i, spec in enumerate(specs)],
                batch_size=BATCH,
            )
            made += len(product_rows)
            product_rows.clear()
            variant_specs.clear()
            if progress:
                progress(made, products)

        for merchant, count in zip(merchants, per_merchant, strict=True):
            families = seed_data.PRODUCTS[merchant.sector]
            for n in range(count):
                fr, ar, en, cat_slug, low, high, vat_class, option, values = families[n % len(families)]
                q_fr, q_ar, q_en = seed_data.QUALIFIERS[(n // len(families)) % len(seed_data.QUALIFIERS)]
                series = n // (len(families) * len(seed_data.QUALIFIERS))
                suffix = f" {series + 1}" if series else ""
                name_fr, name_ar, name_en = f"{fr} {q_fr}{suffix}", f"{ar} {q_ar}{suffix}", f"{en}, {q_en}{suffix}"
                category = categories[cat_slug]
                base = Decimal(rng.randrange(low * 100, high * 100)) / 100
                base = (base / 5).quantize(Decimal("1")) * 5 - Decimal("0.05") if base > 20 else base
                specs = []
                for i, value in enumerate(values or [None]):
                    price = (base * (Decimal(1) + Decimal(i) * Decimal("0.35"))).quantize(Decimal("0.01"))
                    specs.append({
                        "sku": f"{merchant.pk:03d}-{n:06d}-{i}",
                        "options": {option: value} if value else {},
                        "price": price,
                        "stock": rng.choice([0, 2, 5, 10, 25, 50, 100]) if rng.random() > 0.05 else 0,
                    })
                product = Product(
                    merchant_id=merchant.pk, category=category, slug=slugify(f"{name_fr}-{n}")[:120],
                    name_fr=name_fr, name_ar=name_ar, name_en=name_en,
                    description_fr=f"{fr} proposé par {merchant.store_name}. Expédié depuis {merchant.city.name_fr}.",
                    description_ar=f"{ar} يقدمه {merchant.store_name}. يشحن من {merchant.city.name_ar}.",
                    description_en=f"{en} sold by {merchant.store_name}. Ships from {merchant.city.name_fr}.",
                    vat_class=vat_class, is_published=rng.random() > 0.02,
                    price=min(s["price"] for s in specs),
                    created_at=now - dt.timedelta(minutes=rng.randrange(0, 365 * 24 * 60)),
                )
                product.search_text = product_search_text(product=product, merchant=merchant, category=category)
                product_rows.append(product)
                variant_specs.append(specs)
                if len(product_rows) >= BATCH:
                    flush()
        flush()
    return {
        "merchants_validated": len(seed_data.STORES),
        "merchants_pending": len(seed_data.PENDING_STORES),
        "products": made,
        "variants": Variant.objects.count(),
    }


def demo_present() -> bool:
    return Merchant.objects.exists()


def demo_reset() -> None:
    """Delete every merchant and product (demo and benchmark databases only)."""
    with transaction.atomic():
        Variant.objects.all().delete()
        Product.objects.all().delete()
        Merchant.objects.all().delete()

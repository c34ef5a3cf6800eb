"""Small factories for tests: real rows in the real database, no mocks."""

import itertools
from decimal import Decimal

from django.utils import timezone

from tijara.catalog.models import Category, Product
from tijara.catalog.seed import make_ice
from tijara.catalog.services import product_create
from tijara.core.models import City, Region, VatRate
from tijara.core.reference import load_reference_data
from tijara.legal.models import TermsOfSale, TermsVersion
from tijara.legal.services import terms_publish_model
from tijara.merchants.models import Merchant, MerchantStatus
from tijara.shipping.services import shipping_defaults_ensure

_seq = itertools.count(1)


def ensure_reference_data() -> None:
    """Transactional tests (live server, concurrency) flush the tables the data migration filled."""
    if not Region.objects.exists() or not VatRate.objects.exists():
        load_reference_data(Region, City, VatRate)


def make_merchant(*, name: str | None = None, status: str = MerchantStatus.VALIDATED, region_code: int = 6,
                  sector: str = "cosmetics", delivery: bool = True, complete: bool = True, terms: bool = True,
                  **extra) -> Merchant:
    """A store; with `delivery` it has the default home and relay-point methods, as a store must have for
    its published products to be public (`delivery=False`: a store that has not set up delivery yet).

    `complete` gives it the whole seller identity a store needs to publish (taxe professionnelle, CNDP
    receipt, the licence of a regulated sector) and, with `terms`, terms of sale published from the model
    (version 1); `complete=False` leaves those identifiers blank and publishes no terms."""
    import random

    ensure_reference_data()
    n = next(_seq)
    name = name or f"Boutique {n}"
    region = Region.objects.get(code=region_code)
    city = City.objects.filter(region=region).order_by("-population").first()
    fields = dict(
        legal_name=f"{name} SARL", store_name=name, slug=extra.pop("slug", f"boutique-{n}"), legal_form="sarl",
        ice=make_ice(random.Random(n * 7919)), rc_number=str(10000 + n), rc_tribunal=city.name_fr,
        if_number=str(1000000 + n), address="12 Rue de la Liberté", city=city, region=region, sector=sector,
        phone="+212522000000", email=f"contact{n}@example.ma", status=status,
        validated_at=timezone.now() if status == MerchantStatus.VALIDATED else None,
    )
    if complete:
        fields.update(professional_tax=str(20000000 + n), cndp_receipt=f"D-GC-{n}/2024",
                      licence="ONSSA AS.1234" if sector == "food" else "")
    fields.update(extra)
    merchant = Merchant.objects.create(**fields)
    if delivery:
        shipping_defaults_ensure(merchants=[merchant])
    if complete and terms:
        terms_publish_model(merchant=merchant)
    return merchant


def publish_terms(merchant: Merchant, **parts: str) -> TermsVersion:
    """Publish the store's terms of sale: the model's wording, with `parts` (e.g. `warranties_fr="..."`)
    replacing it; each call publishes the next version."""
    if parts:
        TermsOfSale.objects.update_or_create(merchant=merchant, defaults=parts)
    return terms_publish_model(merchant=merchant)


def make_category(slug: str = "beaute", parent: Category | None = None, **names) -> Category:
    defaults = {"name_fr": names.get("fr", slug.title()), "name_ar": names.get("ar", ""),
                "name_en": names.get("en", "")}
    category, _ = Category.objects.get_or_create(slug=slug, parent=parent, defaults=defaults)
    return category


def make_product(merchant: Merchant, *, category: Category | None = None, fr: str = "Huile d'argan",
                 ar: str = "زيت أركان", en: str = "Argan oil", prices: tuple[str, ...] = ("120.00",),
                 stock: int = 10, vat_class: str = "standard", is_published: bool = True,
                 slug: str | None = None) -> Product:
    n = next(_seq)
    return product_create(
        merchant=merchant, category=category or make_category(), slug=slug or f"produit-{n}",
        names={"fr": fr, "ar": ar, "en": en}, vat_class=vat_class, is_published=is_published,
        variants=[{"sku": f"SKU-{n}-{i}", "price": Decimal(p), "stock": stock, "options": {"size": f"{i}"}}
                  for i, p in enumerate(prices)],
    )

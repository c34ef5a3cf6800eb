import pytest
from django.core.management import call_command
from django.db.models import Count

from tijara.catalog.models import Product, Variant
from tijara.catalog.seed import seed
from tijara.merchants.models import Merchant, MerchantStatus
from tijara.merchants.validators import validate_ice


@pytest.mark.django_db
def test_seed_spreads_validated_merchants_over_the_12_regions_and_sectors():
    counts = seed(seed=7, products=1000)
    assert counts["products"] == 1000
    validated = Merchant.objects.filter(status=MerchantStatus.VALIDATED)
    assert validated.count() >= 24
    assert validated.values("region").distinct().count() == 12
    assert validated.values("sector").distinct().count() >= 6
    assert Merchant.objects.filter(status=MerchantStatus.PENDING).count() >= 1
    for merchant in Merchant.objects.all():
        validate_ice(merchant.ice)
        assert merchant.phone.startswith("+212") and len(merchant.phone) == 13  # [REF-PHONE]


@pytest.mark.django_db
def test_seed_products_are_named_in_three_languages_with_prices_and_vat():
    seed(seed=7, products=300)
    assert not Product.objects.filter(name_fr="").exists()
    assert not Product.objects.filter(name_ar="").exists()
    assert not Product.objects.filter(name_en="").exists()
    assert Variant.objects.filter(price__lte=0).count() == 0
    assert Product.objects.values("vat_class").distinct().count() >= 3
    # the denormalised list price is the cheapest variant
    for product in Product.objects.annotate(n=Count("variants"))[:50]:
        assert product.price == min(v.price for v in product.variants.all())


@pytest.mark.django_db
def test_same_seed_gives_same_data():
    seed(seed=42, products=120)
    first = list(Product.objects.order_by("merchant__slug", "slug").values_list("merchant__slug", "slug", "price"))
    call_command("seed", "--seed", "42", "--products", "120", "--reset")
    second = list(Product.objects.order_by("merchant__slug", "slug").values_list("merchant__slug", "slug", "price"))
    assert first == second


@pytest.mark.django_db
def test_seed_refuses_to_run_twice_without_reset():
    from django.core.management.base import CommandError

    call_command("seed", "--products", "10")
    with pytest.raises(CommandError):
        call_command("seed", "--products", "10")
    call_command("seed", "--products", "10", "--if-empty")  # no error, no change
    assert Product.objects.count() == 10

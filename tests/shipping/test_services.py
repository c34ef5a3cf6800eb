"""Shipping writes and the fee rule: what a store sets is checked once, scoped to its own methods, and is
exactly what checkout charges (a city fee beats its region's, which beats the base fee; free above the
threshold)."""

from decimal import Decimal

import pytest

from tests.factories import make_merchant
from tijara.accounts.models import User
from tijara.core.models import City
from tijara.merchants.models import MerchantMembership, Role
from tijara.merchants.permissions import PermissionRefused
from tijara.shipping.models import ShippingMethod, ShippingZoneFee
from tijara.shipping.rules import MAX_DELIVERY_DAYS
from tijara.shipping.selectors import shipping_fee, shipping_methods_by_merchant
from tijara.shipping.services import (
    ShippingError,
    ShippingMethodNotFound,
    ZoneFee,
    shipping_defaults_ensure,
    shipping_method_delete,
    shipping_method_save,
)

pytestmark = pytest.mark.django_db


def member(merchant, role=Role.OWNER) -> MerchantMembership:
    user = User.objects.create_user(f"{role}-{merchant.slug}@example.ma", "a long enough pass 42")
    return MerchantMembership.objects.create(merchant=merchant, user=user, role=role)


@pytest.fixture
def store():
    return make_merchant(name="Argania", slug="argania", delivery=False)


@pytest.fixture
def owner(store):
    return member(store)


def save(actor, *, method_id=None, **overrides):
    values = dict(kind="home", names={"fr": "Livraison Amana"}, base_fee="45.00", free_above=None,
                  delivery_days_min=1, delivery_days_max=5, zone_fees=())
    values.update(overrides)
    return shipping_method_save(actor=actor, method_id=method_id, **values)


def fee_for(merchant, *, city: City, subtotal: str) -> Decimal:
    (method,) = shipping_methods_by_merchant([merchant.pk])[merchant.pk]
    return shipping_fee(method, city_id=city.pk, region_id=city.region_id, subtotal=Decimal(subtotal)).fee


def test_city_fee_beats_region_fee_beats_base_fee_and_free_from_the_threshold(owner, store):
    casa = City.objects.get(name_fr="Casablanca")
    other_city_same_region = City.objects.filter(region_id=casa.region_id).exclude(pk=casa.pk).first()
    elsewhere = City.objects.exclude(region_id=casa.region_id).first()
    save(owner, base_fee="45.00", free_above="500.00",
         zone_fees=[ZoneFee(fee=Decimal("20"), city_id=casa.pk), ZoneFee(fee=Decimal("30"), region_id=casa.region_id)])
    assert fee_for(store, city=casa, subtotal="100.00") == Decimal("20.00")
    assert fee_for(store, city=other_city_same_region, subtotal="100.00") == Decimal("30.00")
    assert fee_for(store, city=elsewhere, subtotal="100.00") == Decimal("45.00")
    assert fee_for(store, city=elsewhere, subtotal="499.99") == Decimal("45.00")
    assert fee_for(store, city=elsewhere, subtotal="500.00") == Decimal("0.00")


def test_methods_checkout_offers_are_the_active_ones_in_the_stores_order(owner, store, django_assert_num_queries):
    other = make_merchant(name="Bazar", slug="bazar")  # default home and relay-point methods
    second = save(owner, names={"fr": "Relais"}, kind="relay", position=2)
    first = save(owner, names={"fr": "Domicile"}, position=1)
    save(owner, names={"fr": "En pause"}, is_active=False, position=0)
    with django_assert_num_queries(2):  # methods, then all their zone fees
        grouped = shipping_methods_by_merchant([store.pk, other.pk])
        fees = [list(m.zone_fees.all()) for methods in grouped.values() for m in methods]
    assert [m.pk for m in grouped[store.pk]] == [first.pk, second.pk]
    assert [m.kind for m in grouped[other.pk]] == ["home", "relay"] and sum(map(len, fees)) == 3


def test_promised_days_are_limited_by_law_and_nothing_is_written_beyond(owner, store):
    """A method cannot promise more days than the legal limit [CP-DELIVERY-30]."""
    assert save(owner, delivery_days_min=10, delivery_days_max=MAX_DELIVERY_DAYS).delivery_days_max == 31
    with pytest.raises(ShippingError) as refused:
        save(owner, delivery_days_max=MAX_DELIVERY_DAYS + 1)
    assert refused.value.field == "delivery_days_max" and "31" in refused.value.message
    with pytest.raises(ShippingError) as refused:
        save(owner, delivery_days_min=6, delivery_days_max=5)
    assert refused.value.field == "delivery_days_max"
    assert ShippingMethod.objects.filter(merchant=store).count() == 1


@pytest.mark.parametrize("zones,field", [
    ([ZoneFee(fee=Decimal("10"))], "zones.0"),                                    # neither city nor region
    ([ZoneFee(fee=Decimal("10"), city_id=1, region_id=6)], "zones.0"),           # both
    ([ZoneFee(fee=Decimal("10"), region_id=6), ZoneFee(fee=Decimal("12"), region_id=6)], "zones.1"),  # twice
    ([ZoneFee(fee=Decimal("-1"), region_id=6)], "zones.0.fee"),                   # negative
])
def test_a_wrong_zone_fee_is_refused_with_its_line_and_nothing_is_written(owner, store, zones, field):
    with pytest.raises(ShippingError) as refused:
        save(owner, zone_fees=zones)
    assert refused.value.field == field
    assert not ShippingMethod.objects.filter(merchant=store).exists()
    assert not ShippingZoneFee.objects.filter(merchant=store).exists()


def test_editing_replaces_the_zone_fees(owner, store):
    method = save(owner, zone_fees=[ZoneFee(fee=Decimal("20"), region_id=6)])
    save(owner, method_id=method.pk, base_fee="50.00", zone_fees=[ZoneFee(fee=Decimal("15"), region_id=3)])
    method.refresh_from_db()
    assert method.base_fee == Decimal("50.00")
    assert list(method.zone_fees.values_list("region_id", "fee")) == [(3, Decimal("15.00"))]


def test_another_stores_method_is_answered_as_missing_and_left_unchanged(owner):
    other = make_merchant(name="Bazar", slug="bazar", delivery=False)
    theirs = save(member(other), base_fee="45.00")
    with pytest.raises(ShippingMethodNotFound):
        save(owner, method_id=theirs.pk, base_fee="0.00")
    with pytest.raises(ShippingMethodNotFound):
        shipping_method_delete(actor=owner, method_id=theirs.pk)
    theirs.refresh_from_db()
    assert theirs.base_fee == Decimal("45.00")


def test_staff_cannot_change_delivery(store):
    with pytest.raises(PermissionRefused):
        save(member(store, Role.STAFF))
    assert not ShippingMethod.objects.filter(merchant=store).exists()


def test_defaults_give_a_home_and_a_relay_method_once(store):
    assert shipping_defaults_ensure(merchants=[store]) == 1
    assert shipping_defaults_ensure(merchants=[store]) == 0
    methods = list(ShippingMethod.objects.filter(merchant=store).order_by("position"))
    assert [(m.kind, m.is_active) for m in methods] == [("home", True), ("relay", True)]
    assert ShippingZoneFee.objects.filter(merchant=store, city_id=store.city_id).count() == 2

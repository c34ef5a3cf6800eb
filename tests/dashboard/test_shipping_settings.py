"""Delivery settings of the back-office edit the shipping tables checkout reads: what is set is what is charged."""

from decimal import Decimal

import pytest

from tests.checkout.helpers import fill_details
from tests.dashboard.conftest import client_for, make_member
from tests.factories import make_merchant
from tijara.cart.services import cart_create, cart_line_add
from tijara.checkout import selectors as checkout_selectors
from tijara.core.models import City
from tijara.merchants.models import Role
from tijara.shipping.models import ShippingMethod, ShippingZoneFee
from tijara.shipping.services import shipping_defaults_ensure

pytestmark = pytest.mark.django_db

SETTINGS = "/fr/dashboard/settings/"
NEW_METHOD = "/fr/dashboard/settings/shipping/new/"


@pytest.fixture
def store_a(db):
    """A validated store that has not set up delivery yet: its only methods are the ones a test creates."""
    return make_merchant(name="Argania A", slug="argania-a", delivery=False)


@pytest.fixture
def store_b(db):
    return make_merchant(name="Bazar B", slug="bazar-b", delivery=False)


def method_post(*, base_fee="45.00", free_above="", zones=(), **extra) -> dict:
    """The delivery-method page's POST: the method's fields and a zone-fee formset."""
    data = {"kind": "home", "name_fr": "Livraison Amana", "name_ar": "أمانة", "name_en": "", "base_fee": base_fee,
            "free_above": free_above, "delivery_days_min": "1", "delivery_days_max": "4", "position": "0",
            "is_active": "on", "zones-TOTAL_FORMS": str(len(zones)), "zones-INITIAL_FORMS": "0",
            "zones-MIN_NUM_FORMS": "0", "zones-MAX_NUM_FORMS": "1000"}
    for i, zone in enumerate(zones):
        data.update({f"zones-{i}-city": zone.get("city", ""), f"zones-{i}-region": zone.get("region", ""),
                     f"zones-{i}-fee": zone["fee"]})
    data.update(extra)
    return data


def recap_fee_for(store, product) -> Decimal:
    """What the checkout recap charges a Casablanca customer buying `product` with the store's first method."""
    cart = cart_create()
    cart_line_add(cart=cart, variant_id=product.variants.get().pk, quantity=1)
    fill_details(cart)
    recap = checkout_selectors.cart_recap(cart)
    (group,) = recap.groups
    return group.shipping.fee


def test_fee_set_in_the_dashboard_is_the_fee_the_recap_charges(client_a, store_a, product_a):
    casa = City.objects.get(name_fr="Casablanca")
    response = client_a.post(NEW_METHOD, method_post(base_fee="50.00", zones=[{"city": casa.pk, "fee": "17.50"}]))
    assert response.status_code == 302
    method = ShippingMethod.objects.get(merchant=store_a)
    assert recap_fee_for(store_a, product_a) == Decimal("17.50")  # the city fee of the customer's city

    edit = f"/fr/dashboard/settings/shipping/{method.pk}/"
    client_a.post(edit, method_post(base_fee="50.00", zones=[{"region": casa.region_id, "fee": "22.00"}]))
    assert recap_fee_for(store_a, product_a) == Decimal("22.00")  # the city fee is gone: the region's applies
    client_a.post(edit, method_post(base_fee="50.00", free_above="100.00"))
    assert recap_fee_for(store_a, product_a) == Decimal("0.00")  # product_a costs more than the threshold
    assert "Livraison Amana" in client_a.get(SETTINGS).content.decode()


def test_deleting_a_method_removes_it_from_checkout(client_a, store_a, product_a):
    client_a.post(NEW_METHOD, method_post())
    method = ShippingMethod.objects.get(merchant=store_a)
    assert client_a.post(f"/fr/dashboard/settings/shipping/{method.pk}/delete/").status_code == 302
    assert not ShippingMethod.objects.filter(merchant=store_a).exists()
    assert not ShippingZoneFee.objects.filter(merchant=store_a).exists()


def test_a_zone_fee_needs_exactly_one_city_or_region_and_nothing_is_written(client_a, store_a):
    casa = City.objects.get(name_fr="Casablanca")
    response = client_a.post(NEW_METHOD, method_post(zones=[{"city": casa.pk, "region": casa.region_id, "fee": "9"}]))
    assert response.status_code == 200 and "une ville ou une région" in response.content.decode()
    response = client_a.post(NEW_METHOD, method_post(delivery_days_min="5", delivery_days_max="2"))
    assert response.status_code == 200
    assert not ShippingMethod.objects.filter(merchant=store_a).exists()


@pytest.mark.parametrize("role,allowed", [(Role.OWNER, True), (Role.MANAGER, True), (Role.STAFF, False)])
def test_only_owner_and_manager_change_shipping(store_a, role, allowed):
    member = client_for(make_member(store_a, role, email=f"{role}@argania.ma"))
    response = member.post(NEW_METHOD, method_post())
    assert response.status_code == (302 if allowed else 403)
    assert ShippingMethod.objects.filter(merchant=store_a).exists() is allowed


def test_staff_cannot_edit_or_delete_an_existing_method(client_a, store_a):
    client_a.post(NEW_METHOD, method_post(base_fee="45.00"))
    method = ShippingMethod.objects.get(merchant=store_a)
    staff = client_for(make_member(store_a, Role.STAFF, email="staff@argania.ma"))
    assert staff.get(f"/fr/dashboard/settings/shipping/{method.pk}/").status_code == 403
    assert staff.post(f"/fr/dashboard/settings/shipping/{method.pk}/", method_post(base_fee="0")).status_code == 403
    assert staff.post(f"/fr/dashboard/settings/shipping/{method.pk}/delete/").status_code == 403
    assert ShippingMethod.objects.get(pk=method.pk).base_fee == Decimal("45.00")


def test_another_merchants_method_id_answers_404_and_is_unchanged(client_a, store_b, owner_b):
    other = client_for(owner_b)
    other.post(NEW_METHOD, method_post(base_fee="45.00"))
    method = ShippingMethod.objects.get(merchant=store_b)
    assert client_a.get(f"/fr/dashboard/settings/shipping/{method.pk}/").status_code == 404
    assert client_a.post(f"/fr/dashboard/settings/shipping/{method.pk}/", method_post(base_fee="0")).status_code == 404
    assert client_a.post(f"/fr/dashboard/settings/shipping/{method.pk}/delete/").status_code == 404
    assert ShippingMethod.objects.get(pk=method.pk).base_fee == Decimal("45.00")


def test_anonymous_and_customers_cannot_reach_shipping_settings(client, store_a):
    from tijara.accounts.models import User

    assert client.post(NEW_METHOD, method_post()).status_code == 302
    customer = client_for(User.objects.create_user("customer@example.ma", "a long enough pass 42"))
    assert customer.post(NEW_METHOD, method_post()).status_code == 302  # to the onboarding page
    assert not ShippingMethod.objects.exists()


def test_settings_page_lists_methods_in_constant_queries(client_a, store_a, django_assert_max_num_queries):
    for i in range(5):
        client_a.post(NEW_METHOD, method_post(name_fr=f"Méthode {i}", zones=[{"region": "6", "fee": "10"}]))
    with django_assert_max_num_queries(12):
        assert client_a.get(SETTINGS).status_code == 200


def test_delivery_pages_are_translated_into_arabic(client_a, store_a):
    shipping_defaults_ensure(merchants=[store_a])
    form = client_a.get("/ar/dashboard/settings/shipping/new/").content.decode()
    assert "طريقة توصيل جديدة" in form and "التعريفات حسب المدينة أو الجهة" in form
    assert "New delivery method" not in form and "Fee elsewhere in Morocco" not in form
    settings_page = client_a.get("/ar/dashboard/settings/").content.decode()
    assert "طرق التوصيل" in settings_page and "التوصيل إلى المنزل" in settings_page

"""The phone risk signal: this store's history, and a platform-wide rate only above a minimum [COD-RISK]."""

import pytest
from django.urls import reverse

from tests.factories import make_merchant
from tests.fulfilment.conftest import cod_order
from tijara.fulfilment.models import PhoneOutcome
from tijara.fulfilment.selectors import phone_risk
from tijara.fulfilment.services import call_outcome_record, phone_digest

pytestmark = pytest.mark.django_db

PHONE = "+212677777777"


def outcomes(merchant, product, prefix: str, kinds: list[str]) -> None:
    """Past orders of PHONE with their final outcome, as the services record them."""
    for i, kind in enumerate(kinds):
        order = cod_order(merchant, product, f"{prefix}-{i:06d}", phone=PHONE)
        PhoneOutcome.objects.create(merchant=merchant, order=order, phone_digest=phone_digest(PHONE), outcome=kind)


def test_the_stores_own_history_of_a_number(store_a, product_a, owner_a):
    """[COD-RISK]"""
    outcomes(store_a, product_a, "ARG", ["delivered", "refused", "returned", "delivered"])
    risk = phone_risk(store_a, PHONE)
    assert (risk.delivered, risk.refused, risk.returned) == (2, 1, 1)
    assert risk.platform_refusal_rate is None
    assert phone_risk(store_a, "+212600000000").known is False


def test_a_refusal_on_the_phone_counts_in_the_history(store_a, product_a, owner_a):
    """[COD-RISK]"""
    order = cod_order(store_a, product_a, "ARG-000001", phone=PHONE)
    call_outcome_record(order=order, user=owner_a, outcome="refused", note="does not want it")
    assert phone_risk(store_a, PHONE).refused == 1


def test_the_platform_rate_needs_enough_orders_of_enough_other_stores(store_a, product_a, settings, category):
    """[COD-RISK]"""
    from tests.factories import make_product

    settings.TIJARA_COD_RISK_MIN_ORDERS = 6
    settings.TIJARA_COD_RISK_MIN_MERCHANTS = 3
    others = [make_merchant(name=f"Autre {i}") for i in range(3)]
    products = [make_product(m, category=category) for m in others]
    outcomes(others[0], products[0], "OA", ["refused", "refused", "delivered"])
    outcomes(others[1], products[1], "OB", ["delivered", "delivered"])
    # 5 orders of 2 stores: nothing is shown, not even to a store with many orders of its own
    outcomes(store_a, product_a, "ARG", ["refused"] * 5)
    assert phone_risk(store_a, PHONE).platform_refusal_rate is None
    outcomes(others[2], products[2], "OC", ["delivered"])
    # 6 orders of 3 other stores: 2 refused → 33 %; the store's own 5 refusals are not counted in it
    assert phone_risk(store_a, PHONE).platform_refusal_rate == 33
    # seen from another store, store A's refusals count: 5 + 0 + 0 refused of 5 + 2 + 1 orders
    assert phone_risk(others[0], PHONE).platform_refusal_rate == 62


def test_the_queue_shows_the_record_and_no_other_stores_data(store_a, product_a, client_a, settings, category):
    """[COD-RISK]"""
    from tests.factories import make_product

    settings.TIJARA_COD_RISK_MIN_ORDERS = 3
    settings.TIJARA_COD_RISK_MIN_MERCHANTS = 3
    others = [make_merchant(name=f"Secret Store {i}") for i in range(3)]
    for i, m in enumerate(others):
        outcomes(m, make_product(m, category=category), f"S{i}", ["refused"])
    outcomes(store_a, product_a, "OLD", ["delivered"])
    cod_order(store_a, product_a, "ARG-000001", phone=PHONE)
    page = client_a.get(reverse("dashboard:call_queue")).content.decode()
    assert 'data-risk="high"' in page and "100 %" in page
    assert "Secret Store" not in page and "S0-000000" not in page


def test_the_order_page_shows_the_record_of_its_number(store_a, product_a, client_a):
    """[COD-RISK]"""
    outcomes(store_a, product_a, "OLD", ["refused", "returned"])
    order = cod_order(store_a, product_a, "ARG-000001", phone=PHONE)
    page = client_a.get(reverse("dashboard:order_detail", args=[order.number])).content.decode()
    assert 'data-risk="high"' in page and reverse("dashboard:call_detail", args=[order.number]) in page

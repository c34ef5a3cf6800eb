"""Two staff members take the same confirmation call at the same moment, on PostgreSQL: exactly one gets it,
and when both record an outcome at once exactly one is recorded [COD-CALL-CLAIM]."""

import pytest

from tests.concurrency.test_checkout_races import race
from tests.dashboard.conftest import make_member, make_order
from tests.factories import make_category, make_merchant, make_product
from tijara.fulfilment.models import CallAttempt, CallTask
from tijara.fulfilment.services import CallClaimed, call_claim, call_outcome_record
from tijara.merchants.models import Role
from tijara.orders.models import Order, OrderStatus

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def call_world():
    store = make_merchant(name="Argania", slug="argania")
    product = make_product(store, category=make_category("beaute"))
    staff = [make_member(store, Role.STAFF, email=f"staff{i}@example.ma") for i in range(2)]
    return store, product, staff


def test_two_staff_claiming_the_same_order_at_once_only_one_gets_it(call_world):
    store, product, staff = call_world
    for round_ in range(5):  # a race can go either way: several rounds, each with a fresh order
        order = make_order(store, number=f"ARG-00000{round_}", product=product)
        results = race([lambda u=u, o=order: call_claim(order=o, user=u) for u in staff])
        won = [r for r in results if isinstance(r, CallTask)]
        lost = [r for r in results if isinstance(r, CallClaimed)]
        assert len(won) == 1 and len(lost) == 1, results
        assert CallTask.objects.get(order=order).claimed_by_id == won[0].claimed_by_id


def test_two_staff_recording_outcomes_at_once_only_one_counts(call_world):
    store, product, staff = call_world
    order = make_order(store, number="ARG-000009", product=product)
    results = race([
        lambda: call_outcome_record(order=order, user=staff[0], outcome="confirmed"),
        lambda: call_outcome_record(order=order, user=staff[1], outcome="refused", note="no"),
    ])
    assert sum(isinstance(r, CallTask) for r in results) == 1, results
    assert CallAttempt.objects.filter(task__order=order).count() == 1
    assert Order.objects.get(pk=order.pk).status in (OrderStatus.CONFIRMED, OrderStatus.CANCELLED)


def test_two_staff_checking_in_the_same_returned_parcel_release_its_stock_once(call_world):
    """[COD-RETURN-CHECKIN]"""
    from tijara.catalog.models import Variant
    from tijara.fulfilment.models import Shipment
    from tijara.fulfilment.services import carrier_add, shipment_check_in, shipment_create, shipment_outcome
    from tijara.payments.services import order_move

    store, product, staff = call_world
    order = make_order(store, number="ARG-000010", product=product, quantity=2)
    order_move(order=order, to_status=OrderStatus.CONFIRMED, actor=None)
    carrier = carrier_add(merchant=store, name="Coursier")
    shipment = shipment_outcome(shipment=shipment_create(order=order, carrier=carrier, actor=None),
                                outcome="returned", actor=None)
    before = Variant.objects.get(pk=product.variants.first().pk).stock
    results = race([lambda u=u: shipment_check_in(shipment=shipment, actor=u) for u in staff])
    assert sum(isinstance(r, Shipment) for r in results) == 1, results
    assert Variant.objects.get(pk=product.variants.first().pk).stock == before + 2

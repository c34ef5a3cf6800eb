"""A real cash-on-delivery sale becomes one observatory fact once the cash is collected, as a
non-card payment [OBS-NON-CARD]."""

from decimal import Decimal

import pytest
from django.core.management import call_command
from django.utils import timezone

from tests.checkout.helpers import filled_cart, new_key, shop  # noqa: F401  (fixtures)
from tests.payments import helpers as card
from tijara.cart.services import cart_create, cart_line_add
from tijara.checkout.services import checkout_confirm, checkout_prepare
from tijara.observatory.periods import parse_period
from tijara.observatory.publishing import period_report
from tijara.observatory.store import FactStore
from tijara.payments.models import Payment
from tijara.payments.observatory import observatory_feed
from tijara.payments.refunds import payment_refund
from tijara.payments.services import card_callback_handle, order_move


@pytest.fixture
def obs_store(tmp_path, settings):
    settings.TIJARA_OBSERVATORY_DIR = tmp_path / "observatory"
    settings.TIJARA_OBSERVATORY_PSEUDONYM_KEY = "test-key"
    return FactStore(tmp_path / "observatory")


def place(cart):
    """The customer saw the recap, then confirmed."""
    return checkout_confirm(cart=cart, idempotency_key=new_key(), fingerprint=checkout_prepare(cart=cart).fingerprint)


def deliver(order):
    for status in ("confirmed", "shipped", "delivered"):
        order = order_move(order=order, to_status=status, actor=None)
    return order


def this_month():
    return parse_period(timezone.localdate().strftime("%Y-%m"))


def test_only_settled_payments_become_facts_and_only_once(filled_cart, obs_store):  # noqa: F811
    orders = place(filled_cart)
    assert observatory_feed() is None  # placed, not paid: nothing to count yet

    delivered = deliver(orders[0])
    assert Payment.objects.get(order=delivered).status == "captured"
    first = observatory_feed()
    assert (first.rows_added, first.rows_replaced) == (1, 0)

    report = period_report(this_month(), scope="all", store=obs_store, secrecy=False)
    assert report["operations"] == 1
    assert report["amount_mad"] == delivered.total
    assert {r["key"] for r in report["by_payment_method"]} == {"cod"}
    assert period_report(this_month(), scope="card", store=obs_store, secrecy=False)["operations"] == 0

    # running again counts nothing twice
    again = observatory_feed()
    assert again is None or again.rows_added == 0
    assert period_report(this_month(), scope="all", store=obs_store, secrecy=False)["operations"] == 1


def test_no_personal_data_reaches_the_fact_store(filled_cart, obs_store):  # noqa: F811
    """No name, e-mail, phone or address of a buyer reaches the observatory [DP-OBS-PSEUDONYM]."""
    orders = place(filled_cart)
    for order in orders:
        deliver(order)
    observatory_feed()
    blobs = b"".join(path.read_bytes() for path in obs_store.root.rglob("*.parquet"))
    for order in orders:
        for personal in (order.full_name, order.email, order.phone, order.address_line):
            assert personal.encode() not in blobs


def test_the_command_reports_what_it_sent(filled_cart, obs_store, capsys):  # noqa: F811
    for order in place(filled_cart):
        deliver(order)
    call_command("observatory_feed")
    assert "2 payments read: 2 new facts" in capsys.readouterr().out
    call_command("observatory_feed")
    assert Decimal(period_report(this_month(), scope="all", store=obs_store, secrecy=False)["operations"]) == 2


# ---- card payments: origin and refunds ----------------------------------------------------------------------
def pay_by_card(cart, country):
    orders = card.place(cart, method="card")
    assert card_callback_handle(fields=card.callback(card.start(orders), country=country)) == "ACTION=POSTAUTH"
    return orders


def test_a_card_payment_counts_as_a_moroccan_or_foreign_card(filled_cart, shop, obs_store):  # noqa: F811
    """The card's origin from the gateway reaches the card series [OBS-NON-CARD]."""
    pay_by_card(filled_cart, "MA")
    foreign_cart = cart_create()
    cart_line_add(cart=foreign_cart, variant_id=shop["oil"].pk, quantity=1)
    foreign = pay_by_card(foreign_cart, "FR")
    observatory_feed()

    card = period_report(this_month(), scope="card", store=obs_store, secrecy=False)
    assert card["operations"] == 3
    methods = {r["key"]: r for r in card["by_payment_method"]}
    assert set(methods) == {"domestic_card", "foreign_card"}
    assert methods["foreign_card"]["amount_mad"] == foreign[0].total
    assert methods["foreign_card"]["operations"] == 1


def test_partial_and_full_refunds_keep_one_operation_with_its_captured_amount(filled_cart, obs_store):  # noqa: F811
    """A refunded sale stays one operation of the amount captured, marked refunded; the fact keeps the day of
    the sale and is replaced, not added [OBS-NON-CARD]."""
    orders = [deliver(order) for order in place(filled_cart)]
    observatory_feed()
    first, second = (Payment.objects.get(order=o) for o in orders)
    payment_refund(payment=first, amount=Decimal("10.00"), actor=None, reference="Reçu 1")  # partial
    payment_refund(payment=second, amount=second.captured_amount, actor=None, reference="Reçu 2")  # full
    result = observatory_feed()
    assert (result.rows_added, result.rows_replaced) == (0, 2)

    report = period_report(this_month(), scope="all", store=obs_store, secrecy=False)
    assert report["operations"] == 2
    assert report["amount_mad"] == first.captured_amount + second.captured_amount
    assert report["refund_rate_pct"] == Decimal("100.00")

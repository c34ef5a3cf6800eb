"""Card payment of a whole basket on the interbank hosted page: the signed form, the callback and what it may
change, the buyer's way back (retry, cash on delivery), expiry of unpaid card checkouts."""

import datetime as dt
import re
from decimal import Decimal

import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone

from tests.checkout.helpers import fill_details
from tests.payments.helpers import URLS, callback, place, start, total
from tijara.catalog.models import Variant
from tijara.checkout.errors import CheckoutError
from tijara.ledger.models import EntryKind, LedgerEntry
from tijara.orders.models import Order
from tijara.payments.cmi import hash_is_valid
from tijara.payments.expiry import payments_expire
from tijara.payments.models import CardAttempt, GatewayCallback, Payment
from tijara.payments.providers import PaymentError, available_providers
from tijara.payments.services import (
    card_attempt_start,
    card_callback_handle,
    checkout_payment_state,
    checkout_switch_to_cod,
    order_move,
)

pytestmark = pytest.mark.django_db


def payments_of(orders):
    return {p.order_id: p for p in Payment.objects.filter(order__in=orders)}


def last_log():
    return GatewayCallback.objects.order_by("-pk").first()


def captures():
    return LedgerEntry.objects.filter(kind=EntryKind.CAPTURE)


# ---- the form ------------------------------------------------------------------------------------------
def test_the_form_is_signed_for_the_basket_total_with_a_new_oid_each_try(filled_cart, settings):
    """The hosted page gets every required field, the basket's total with two decimals in MAD (504) and a
    valid ver3 HASH [PAY-CARD-HASH]; each attempt has its own oid."""
    orders = place(filled_cart)
    form = start(orders, language="ar")
    fields = form.fields
    assert form.action_url == settings.TIJARA_CMI_GATEWAY_URL
    assert fields["amount"] == f"{total(orders):.2f}" == "545.00"  # 2 x 120 + 3 x 80 + the two stores' delivery fees
    assert (fields["clientid"], fields["storetype"], fields["trantype"], fields["currency"]) == (
        settings.TIJARA_CMI_CLIENT_ID, "3D_PAY_HOSTING", "PreAuth", "504")
    assert (fields["hashAlgorithm"], fields["encoding"], fields["lang"]) == ("ver3", "UTF-8", "ar")
    assert (fields["okUrl"], fields["failUrl"], fields["CallbackURL"], fields["shopurl"]) == (
        URLS.ok_url, URLS.fail_url, URLS.callback_url, URLS.shop_url)
    assert (fields["email"], fields["BillToName"]) == ("salma@example.ma", "Salma Bennani")
    assert fields["rnd"] and hash_is_valid(fields, settings.TIJARA_CMI_STORE_KEY)
    assert not hash_is_valid({**fields, "amount": "1.00"}, settings.TIJARA_CMI_STORE_KEY)

    second = start(orders, language="de")
    assert second.fields["oid"] != fields["oid"]
    assert second.fields["lang"] == "fr"  # a language the page does not speak falls back to French
    assert CardAttempt.objects.filter(checkout_group=orders[0].checkout_group).count() == 2


def test_card_is_not_offered_without_the_store_key(filled_cart, settings):
    settings.TIJARA_CMI_STORE_KEY = ""
    assert "card" not in {p.code for p in available_providers()}
    with pytest.raises(CheckoutError) as refused:
        fill_details(filled_cart, payment_method="card")
    assert refused.value.field == "payment_method"


def test_after_confirmation_every_order_has_its_pending_card_payment(filled_cart):
    orders = place(filled_cart)
    payments = payments_of(orders)
    assert len(orders) == 2
    assert {(p.provider, p.status, p.amount) for p in payments.values()} == {
        ("card", "pending", o.total) for o in orders}
    assert {o.payment_method for o in Order.objects.filter(pk__in=[o.pk for o in orders])} == {"card"}
    assert checkout_payment_state(checkout_group=orders[0].checkout_group) == "pending"


# ---- approved ------------------------------------------------------------------------------------------
def test_an_approved_callback_captures_each_order_of_the_basket_with_its_share(filled_cart):
    """One card payment for two stores: each order's payment is captured with its own amount, card money held
    by the platform [PAY-CARD-CALLBACK]."""
    orders = place(filled_cart)
    form = start(orders)
    assert card_callback_handle(fields=callback(form)) == "ACTION=POSTAUTH"

    attempt = CardAttempt.objects.get(oid=form.fields["oid"])
    for order in orders:
        payment = Payment.objects.get(order=order)
        assert (payment.status, payment.captured_amount, payment.refunded_amount) == ("captured", order.total, 0)
        assert (payment.attempt, payment.reference, payment.card_origin) == (attempt, attempt.oid, "domestic")
        entry = captures().get(payment_id=payment.pk)
        assert (entry.merchant_id, entry.amount, entry.collected_by) == (order.merchant_id, order.total, "platform")
    assert sum(p.captured_amount for p in Payment.objects.filter(order__in=orders)) == attempt.amount
    assert attempt.status == "approved"
    assert checkout_payment_state(checkout_group=orders[0].checkout_group) == "paid"
    assert (last_log().verdict, last_log().reply) == ("captured", "ACTION=POSTAUTH")


def test_a_foreign_card_is_recorded_as_such(filled_cart):
    orders = place(filled_cart)
    assert card_callback_handle(fields=callback(start(orders), country="FR", card="555555***4444")) == \
        "ACTION=POSTAUTH"
    assert set(Payment.objects.filter(order__in=orders).values_list("card_origin", flat=True)) == {"foreign"}


# ---- bad callbacks: FAILURE, nothing changes, the reason is logged ----------------------------------------
def assert_nothing_paid(orders):
    assert set(Payment.objects.filter(order__in=orders).values_list("status", flat=True)) == {"pending"}
    assert not captures().exists()


def test_a_callback_with_a_wrong_hash_is_refused(filled_cart):
    """[PAY-CARD-CALLBACK] [PAY-CARD-HASH]"""
    orders = place(filled_cart)
    forged = callback(start(orders), key="not-the-store-key")
    assert card_callback_handle(fields=forged) == "FAILURE"
    tampered = {**callback(start(orders)), "ProcReturnCode": "00", "amount": "1.00"}  # edited after signing
    assert card_callback_handle(fields=tampered) == "FAILURE"
    unsigned = {k: v for k, v in callback(start(orders)).items() if k != "HASH"}
    assert card_callback_handle(fields=unsigned) == "FAILURE"
    assert_nothing_paid(orders)
    assert list(GatewayCallback.objects.values_list("verdict", "reason", "reply")) == [
        ("rejected", "bad hash", "FAILURE")] * 3


def test_a_signed_callback_with_another_amount_is_refused(filled_cart):
    """A valid signature is not enough: the amount must be the attempt's [PAY-CARD-CALLBACK]."""
    orders = place(filled_cart)
    form = start(orders)
    assert card_callback_handle(fields=callback(form, amount="1.00")) == "FAILURE"
    assert card_callback_handle(fields=callback(form, currency="978")) == "FAILURE"
    assert_nothing_paid(orders)
    reasons = list(GatewayCallback.objects.order_by("pk").values_list("reason", flat=True))
    assert reasons[0].startswith("amount 1.00 is not 545.00") and reasons[1].startswith("currency")
    # the genuine callback still goes through afterwards
    assert card_callback_handle(fields=callback(form)) == "ACTION=POSTAUTH"


def test_a_signed_callback_for_an_unknown_oid_is_refused(filled_cart):
    orders = place(filled_cart)
    assert card_callback_handle(fields=callback(start(orders), oid="ARG-999999-1-deadbeef")) == "FAILURE"
    assert_nothing_paid(orders)
    assert (last_log().verdict, last_log().reason) == ("rejected", "unknown oid")


@pytest.mark.parametrize("fields", [
    {},
    {"HASH": "x"},
    {"oid": "x" * 5000, "amount": "NaN", "HASH": "=" * 200},
    {"oid": None, "amount": ["1"], "HASH": b"\xff"},
])
def test_garbage_is_answered_failure_never_an_exception(fields):
    """Whatever is posted, the gateway gets one of the three replies [PAY-CARD-CALLBACK]."""
    assert card_callback_handle(fields=fields) == "FAILURE"
    assert GatewayCallback.objects.count() == 1


def test_a_signed_callback_with_a_malformed_amount_is_refused(filled_cart):
    orders = place(filled_cart)
    for amount in ("NaN", "Infinity", "", "5e2", "555,00"):
        assert card_callback_handle(fields=callback(start(orders), amount=amount)) == "FAILURE"
    assert_nothing_paid(orders)


def test_the_log_keeps_only_a_masked_card_number(filled_cart):
    """A gateway that leaks the full card number does not get it stored."""
    orders = place(filled_cart)
    card_callback_handle(fields=callback(start(orders), card="4111111111111111"))
    assert last_log().masked_card == "411111***1111"
    stored = " ".join(str(v) for row in GatewayCallback.objects.values() for v in row.values())
    stored += " ".join(str(v) for row in CardAttempt.objects.values() for v in row.values())
    assert not re.search(r"\d{13,}", stored)


# ---- declined, retried, replayed ------------------------------------------------------------------------
def test_a_declined_card_leaves_the_orders_unpaid_and_the_buyer_can_retry(filled_cart):
    """Any code but 00: orders unchanged, answered APPROVED [PAY-CARD-CALLBACK]."""
    orders = place(filled_cart)
    group = orders[0].checkout_group
    first = start(orders)
    assert card_callback_handle(fields=callback(first, "51")) == "APPROVED"
    assert_nothing_paid(orders)
    assert set(Order.objects.filter(checkout_group=group).values_list("status", flat=True)) == {"placed"}
    assert checkout_payment_state(checkout_group=group) == "declined"
    assert (last_log().verdict, last_log().proc_return_code) == ("declined", "51")

    retry = start(orders)
    assert checkout_payment_state(checkout_group=group) == "pending"
    assert card_callback_handle(fields=callback(retry)) == "ACTION=POSTAUTH"
    assert checkout_payment_state(checkout_group=group) == "paid"


def test_copies_and_replays_of_old_callbacks_change_nothing(filled_cart):
    """Several callbacks may come for one oid, and an old attempt's may come again: handled once
    [PAY-CARD-CALLBACK]."""
    orders = place(filled_cart)
    declined_form = start(orders)
    declined = callback(declined_form, "05")
    assert card_callback_handle(fields=declined) == "APPROVED"
    paid_form = start(orders)
    approved = callback(paid_form)
    assert card_callback_handle(fields=approved) == "ACTION=POSTAUTH"
    before = {p.pk: (p.status, p.captured_amount, p.updated_at) for p in Payment.objects.filter(order__in=orders)}

    assert card_callback_handle(fields=approved) == "APPROVED"  # the same callback again
    assert card_callback_handle(fields=declined) == "APPROVED"  # the old attempt's decline, replayed
    assert card_callback_handle(fields=callback(paid_form, "05")) == "APPROVED"  # a late decline of the paid one

    after = {p.pk: (p.status, p.captured_amount, p.updated_at) for p in Payment.objects.filter(order__in=orders)}
    assert after == before
    assert captures().count() == 2  # one per order, once
    assert list(GatewayCallback.objects.order_by("-pk").values_list("verdict", flat=True)[:3]) == ["duplicate"] * 3
    assert CardAttempt.objects.get(oid=paid_form.fields["oid"]).status == "approved"


def test_an_old_attempt_approved_after_the_basket_was_paid_is_not_captured_but_flagged(filled_cart, settings):
    """Two tabs, two approvals: the second is not captured, and staff see it [PAY-CARD-CALLBACK]."""
    settings.TIJARA_CMI_GATEWAY_URL = "http://127.0.0.1:9/fim/est3Dgate"  # the give-back cannot reach it
    orders = place(filled_cart)
    old, new = start(orders), start(orders)
    assert card_callback_handle(fields=callback(new)) == "ACTION=POSTAUTH"
    assert card_callback_handle(fields=callback(old)) == "APPROVED"

    assert captures().count() == 2
    assert CardAttempt.objects.get(oid=old.fields["oid"]).status == "unclaimed"
    for payment in Payment.objects.filter(order__in=orders):
        assert payment.attempt.oid == new.fields["oid"]
        assert old.fields["oid"] in payment.staff_attention
    assert last_log().verdict == "flagged"


def test_a_store_cancelling_its_order_before_payment_leaves_the_rest_of_the_basket_to_pay(filled_cart, settings):
    """The amount asked is what is still to pay; an attempt started before the cancellation asks for too much
    and is not captured [PAY-CARD-CALLBACK]."""
    settings.TIJARA_CMI_GATEWAY_URL = "http://127.0.0.1:9/fim/est3Dgate"  # the give-back cannot reach it
    cancelled, kept = place(filled_cart)
    too_much = start([cancelled, kept])
    order_move(order=cancelled, to_status="cancelled", actor=None, reason="Rupture de stock")
    assert checkout_payment_state(checkout_group=kept.checkout_group) == "pending"
    assert card_callback_handle(fields=callback(too_much)) == "APPROVED"
    assert Payment.objects.get(order=kept).status == "pending"

    rest = start([kept])
    assert rest.fields["amount"] == f"{kept.total:.2f}"
    assert card_callback_handle(fields=callback(rest)) == "ACTION=POSTAUTH"
    assert (Payment.objects.get(order=kept).status, Payment.objects.get(order=cancelled).status) == (
        "captured", "cancelled")
    assert checkout_payment_state(checkout_group=kept.checkout_group) == "paid"


# ---- cash on delivery instead ----------------------------------------------------------------------------
def test_a_declined_buyer_switches_to_cash_on_delivery_and_keeps_the_basket(filled_cart):
    """[PAY-CARD-EXPIRY] the buyer may switch to cash on delivery, keeping the orders."""
    orders = place(filled_cart)
    group = orders[0].checkout_group
    stock = dict(Variant.objects.values_list("pk", "stock"))
    card_callback_handle(fields=callback(start(orders), "05"))

    checkout_switch_to_cod(checkout_group=group)
    checkout_switch_to_cod(checkout_group=group)  # a second click changes nothing
    assert checkout_payment_state(checkout_group=group) == "cod"
    assert {(o.status, o.payment_method) for o in Order.objects.filter(checkout_group=group)} == {("placed", "cod")}
    assert {(p.provider, p.status) for p in Payment.objects.filter(order__in=orders)} == {("cod", "pending")}
    assert dict(Variant.objects.values_list("pk", "stock")) == stock  # the units stay reserved for the orders
    with pytest.raises(PaymentError):
        start(orders)

    delivered = orders[0]
    for status in ("confirmed", "shipped", "delivered"):
        delivered = order_move(order=delivered, to_status=status, actor=None)
    entry = captures().get()  # cash captured at delivery goes through the same capture, held by the merchant
    assert (entry.amount, entry.collected_by, entry.method) == (delivered.total, "merchant", "cod")


def test_a_paid_basket_cannot_switch_to_cash_or_pay_again(filled_cart):
    orders = place(filled_cart)
    card_callback_handle(fields=callback(start(orders)))
    with pytest.raises(PaymentError):
        checkout_switch_to_cod(checkout_group=orders[0].checkout_group)
    with pytest.raises(PaymentError):
        start(orders)
    assert {p.provider for p in Payment.objects.filter(order__in=orders)} == {"card"}


def test_an_unpaid_card_order_cannot_ship(filled_cart):
    """An order counts as paid only after a verified callback [PAY-CARD-CALLBACK]."""
    order = place(filled_cart)[0]
    order = order_move(order=order, to_status="confirmed", actor=None)
    with pytest.raises(PaymentError):
        order_move(order=order, to_status="shipped", actor=None)
    assert Order.objects.get(pk=order.pk).status == "confirmed"


# ---- expiry ----------------------------------------------------------------------------------------------
def test_an_unpaid_card_checkout_expires_and_gives_its_stock_back(filled_cart, shop, settings):
    """Past the time limit after the last attempt: orders cancelled, units back, once [PAY-CARD-EXPIRY]."""
    settings.TIJARA_CMI_GATEWAY_URL = "http://127.0.0.1:9/fim/est3Dgate"  # the give-back cannot reach it
    settings.TIJARA_CARD_PAYMENT_TIMEOUT_MINUTES = 30
    placed_at = timezone.now()
    with time_machine.travel(placed_at, tick=False):
        orders = place(filled_cart)
    group = orders[0].checkout_group
    assert Variant.objects.get(pk=shop["oil"].pk).stock == 8
    with time_machine.travel(placed_at + dt.timedelta(minutes=20), tick=False):
        form = start(orders)  # the buyer is on the bank's page: 30 more minutes
    assert payments_expire(now=placed_at + dt.timedelta(minutes=31)) == 0

    with time_machine.travel(placed_at + dt.timedelta(minutes=51), tick=False):
        call_command("payments_expire")
        assert payments_expire() == 0  # idempotent
    assert {(o.status, o.cancel_reason) for o in Order.objects.filter(checkout_group=group)} == {
        ("cancelled", "card payment not completed")}
    assert set(Payment.objects.filter(order__in=orders).values_list("status", flat=True)) == {"expired"}
    assert (Variant.objects.get(pk=shop["oil"].pk).stock, Variant.objects.get(pk=shop["tile"].pk).stock) == (10, 10)
    assert checkout_payment_state(checkout_group=group) == "expired"
    with pytest.raises(PaymentError):
        start(orders)
    with pytest.raises(PaymentError):
        checkout_switch_to_cod(checkout_group=group)

    # the bank approves the abandoned attempt afterwards: not captured, flagged, never silently lost
    assert card_callback_handle(fields=callback(form)) == "APPROVED"
    assert not captures().exists()
    assert all(form.fields["oid"] in p.staff_attention for p in Payment.objects.filter(order__in=orders))
    assert set(Payment.objects.filter(order__in=orders).values_list("status", flat=True)) == {"expired"}


def test_expiry_leaves_paid_cash_and_fresh_checkouts_alone(filled_cart, shop):
    """[PAY-CARD-EXPIRY]"""
    from tijara.cart.services import cart_create, cart_line_add

    def cart_of(variant):
        cart = cart_create()
        cart_line_add(cart=cart, variant_id=variant.pk, quantity=1)
        return cart

    placed_at = timezone.now()
    with time_machine.travel(placed_at, tick=False):
        paid = place(cart_of(shop["oil"]))
        cod = place(cart_of(shop["oil"]), method="cod")
        card_callback_handle(fields=callback(start(paid)))
    with time_machine.travel(placed_at + dt.timedelta(minutes=30), tick=False):
        fresh = place(cart_of(shop["tile"]))
    assert payments_expire(now=placed_at + dt.timedelta(minutes=45)) == 0
    assert set(Order.objects.filter(pk__in=[o.pk for o in paid + cod + fresh]).values_list("status", flat=True)) \
        == {"placed"}
    assert payments_expire(now=placed_at + dt.timedelta(minutes=61)) == 1  # the fresh one's time is up too
    assert Order.objects.get(pk=fresh[0].pk).status == "cancelled"
    assert set(Order.objects.filter(pk__in=[o.pk for o in paid + cod]).values_list("status", flat=True)) == {"placed"}


def test_amounts_are_decimal_and_exact(filled_cart):
    orders = place(filled_cart)
    attempt_amount = CardAttempt.objects.filter(checkout_group=orders[0].checkout_group)
    assert not attempt_amount.exists()
    card_attempt_start(checkout_group=orders[0].checkout_group, language="en", urls=URLS)
    assert attempt_amount.get().amount == Decimal("545.00")

"""What the after-sale services refuse and what they change: lines withdrawn once, excluded products, the return
checked in once, the refund made once through the provider with its credit note, a late delivery cancelled by
the buyer, an unavailable line cancelled, the daily reminder [CP-WITHDRAWAL-FORM] [CP-REFUND-15-DAYS]
[CP-DELIVERY-LATE-CANCEL] [CP-DELIVERY-UNAVAILABLE]."""

import datetime as dt
from decimal import Decimal

import pytest
import time_machine
from django.core import mail

from tests.aftersale.conftest import CASA, deliver, place
from tijara.aftersale.errors import AftersaleError
from tijara.aftersale.models import RefundDue, RefundDueStatus, RefundReason
from tijara.aftersale.services import (
    order_cancel_late,
    order_line_unavailable,
    refund_due_pay,
    reminders_send,
    withdrawal_check_in,
    withdrawal_request,
)
from tijara.catalog.models import Variant
from tijara.core.errors import DomainError, NotFound
from tijara.invoicing.models import CreditNote
from tijara.orders.models import Order
from tijara.payments.models import Payment

pytestmark = pytest.mark.django_db
DAY_3 = dt.datetime(2026, 5, 7, 11, 0, tzinfo=CASA)


def _lines(order):
    return {line.sku.split("-")[0] and line.product_name: line for line in order.lines.all()}


def test_one_line_then_the_rest_and_never_a_line_twice(delivered_order, django_capture_on_commit_callbacks):
    """[CP-WITHDRAWAL-FORM] per line, no reason; the acknowledgement goes to the buyer; a line withdrawn once only;
    the perishable honey is excluded [CP-NON-WITHDRAWABLE]."""
    lines = _lines(delivered_order)
    with time_machine.travel(DAY_3, tick=False), django_capture_on_commit_callbacks(execute=True):
        first = withdrawal_request(order=delivered_order, line_ids=[lines["Huile d'argan"].pk])
    assert [m.to for m in mail.outbox] == [["salma@example.ma"]]
    assert delivered_order.number in mail.outbox[0].subject and "240,00" in mail.outbox[0].body
    assert first.refund_due.amount == Decimal("240.00") and not first.whole_order
    with time_machine.travel(DAY_3, tick=False):
        with pytest.raises(AftersaleError, match="déjà été demandée"):
            withdrawal_request(order=delivered_order, line_ids=[lines["Huile d'argan"].pk])
        with pytest.raises(AftersaleError, match="pas couvert"):
            withdrawal_request(order=delivered_order, line_ids=[lines["Miel de thym"].pk])
        rest = withdrawal_request(order=delivered_order, line_ids=[])
        with pytest.raises(AftersaleError, match="Il ne reste rien"):
            withdrawal_request(order=delivered_order, line_ids=[])
    # The soap, and (everything withdrawable now back) not the delivery: the honey stays with the buyer.
    assert [wl.order_line.product_name for wl in rest.lines.all()] == ["Savon beldi"]
    assert rest.refund_due.amount == Decimal("40.00")


def test_whole_order_refunds_the_delivery_too(store):
    """[CP-REFUND-15-DAYS] every line given back: the delivery paid is owed too."""
    order = deliver(place(store, placed=dt.datetime(2026, 4, 27, 10, 0, tzinfo=CASA)),
                    at=dt.datetime(2026, 5, 4, 15, 0, tzinfo=CASA))
    with time_machine.travel(DAY_3, tick=False):
        withdrawal = withdrawal_request(order=order, line_ids=[])
    assert withdrawal.whole_order and withdrawal.refund_due.amount == order.total


def test_check_in_puts_stock_back_once_and_refund_makes_credit_note_once(delivered_order, store):
    """[CP-REFUND-15-DAYS] the refund goes through the payment (cash: with its reference), issues the credit note,
    clears the due; a second refund of the same withdrawal is refused and nothing moves twice."""
    oil = _lines(delivered_order)["Huile d'argan"]
    with time_machine.travel(DAY_3, tick=False):
        withdrawal = withdrawal_request(order=delivered_order, line_ids=[oil.pk])
    stock_before = Variant.objects.get(pk=store["oil"].pk).stock
    merchant_id = delivered_order.merchant_id
    withdrawal_check_in(merchant_id=merchant_id, withdrawal_id=withdrawal.pk, actor=None)
    assert Variant.objects.get(pk=store["oil"].pk).stock == stock_before + 2
    with pytest.raises(AftersaleError, match="déjà été réceptionné"):
        withdrawal_check_in(merchant_id=merchant_id, withdrawal_id=withdrawal.pk, actor=None)
    assert Variant.objects.get(pk=store["oil"].pk).stock == stock_before + 2

    due = withdrawal.refund_due
    with pytest.raises(NotFound):  # another store's id: not found
        refund_due_pay(merchant_id=merchant_id + 999, refund_due_id=due.pk, actor=None, reference="R-1")
    with pytest.raises(DomainError) as refused:  # cash refunds need their receipt reference
        refund_due_pay(merchant_id=merchant_id, refund_due_id=due.pk, actor=None, reference="")
    assert refused.value.field == "reference"
    refund_due_pay(merchant_id=merchant_id, refund_due_id=due.pk, actor=None, reference="RECU-1")
    due.refresh_from_db()
    assert due.status == RefundDueStatus.SETTLED and due.refunded_amount == Decimal("240.00")
    assert Payment.objects.get(order=delivered_order).refunded_amount == Decimal("240.00")
    assert CreditNote.objects.filter(order=delivered_order, amount=Decimal("240.00")).count() == 1
    with pytest.raises(AftersaleError, match="déjà été effectué"):
        refund_due_pay(merchant_id=merchant_id, refund_due_id=due.pk, actor=None, reference="RECU-2")
    assert Payment.objects.get(order=delivered_order).refunded_amount == Decimal("240.00")


def test_buyer_cancels_only_more_than_7_days_after_the_delivery_day(store):
    """[CP-DELIVERY-LATE-CANCEL] deliver_by + 7 is still too early; the day after, the buyer may cancel."""
    order = place(store, placed=dt.datetime(2026, 4, 27, 10, 0, tzinfo=CASA), payment_method="cod")
    last = order.deliver_by + dt.timedelta(days=7)
    with pytest.raises(AftersaleError, match="à partir du"):
        order_cancel_late(order=order, actor=None, today=last)
    stock_before = Variant.objects.get(pk=store["oil"].pk).stock
    order = order_cancel_late(order=order, actor=None, today=last + dt.timedelta(days=1))
    assert order.status == "cancelled"
    assert Variant.objects.get(pk=store["oil"].pk).stock == stock_before + 2
    assert not RefundDue.objects.exists()  # cash on delivery: nothing was paid


def test_late_cancellation_of_a_paid_order_makes_a_refund_due(store):
    """[CP-DELIVERY-LATE-CANCEL] [CP-REFUND-15-DAYS] a transfer already received falls due within 15 days."""
    from tijara.payments.services import transfer_confirm
    order = place(store, placed=dt.datetime(2026, 4, 27, 10, 0, tzinfo=CASA), payment_method="transfer")
    transfer_confirm(payment=Payment.objects.get(order=order), actor=None, reference="VIR-1")
    today = order.deliver_by + dt.timedelta(days=8)
    order_cancel_late(order=order, actor=None, today=today)
    due = RefundDue.objects.get(order=order)
    assert (due.reason, due.amount, due.due_on) == (RefundReason.LATE_DELIVERY, order.total, today + dt.timedelta(15))


def test_unavailable_line_is_cancelled_and_paid_money_falls_due(store, django_capture_on_commit_callbacks):
    """[CP-DELIVERY-UNAVAILABLE] one line cancelled, stock back, buyer told; 15 days from the payment."""
    from tijara.payments.services import transfer_confirm
    order = place(store, placed=dt.datetime(2026, 4, 27, 10, 0, tzinfo=CASA), payment_method="transfer")
    with time_machine.travel(dt.datetime(2026, 4, 28, 9, 0, tzinfo=CASA), tick=False):
        transfer_confirm(payment=Payment.objects.get(order=order), actor=None, reference="VIR-1")
    soap = _lines(order)["Savon beldi"]
    stock_before = Variant.objects.get(pk=store["soap"].pk).stock
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        order_line_unavailable(merchant_id=order.merchant_id, order=order, line_id=soap.pk, actor=None,
                               reason="rupture")
    assert Variant.objects.get(pk=store["soap"].pk).stock == stock_before + 1
    due = RefundDue.objects.get(order_line=soap)
    assert (due.amount, due.started_on, due.due_on) == (Decimal("40.00"), dt.date(2026, 4, 28), dt.date(2026, 5, 13))
    assert "Savon beldi" in mail.outbox[-1].body and mail.outbox[-1].to == ["salma@example.ma"]
    assert Order.objects.get(pk=order.pk).status == "placed"
    with pytest.raises(DomainError, match="déjà annulée"):
        order_line_unavailable(merchant_id=order.merchant_id, order=order, line_id=soap.pk, actor=None, reason="x")


def test_unavailable_line_of_an_unpaid_cod_order_lowers_what_is_collected(store):
    """[CP-DELIVERY-UNAVAILABLE] the courier collects 40 MAD less; the last line cancels the order."""
    order = place(store, placed=dt.datetime(2026, 4, 27, 10, 0, tzinfo=CASA))
    payment = Payment.objects.get(order=order)
    lines = _lines(order)
    order_line_unavailable(merchant_id=order.merchant_id, order=order, line_id=lines["Savon beldi"].pk, actor=None,
                           reason="rupture")
    assert Payment.objects.get(pk=payment.pk).amount == payment.amount - Decimal("40.00")
    order_line_unavailable(merchant_id=order.merchant_id, order=order, line_id=lines["Huile d'argan"].pk, actor=None,
                           reason="rupture")
    assert Order.objects.get(pk=order.pk).status == "cancelled" and not RefundDue.objects.exists()


def test_daily_reminder_tells_each_merchant_once_a_day(delivered_order):
    """[CP-REFUND-15-DAYS] a refund past its due day is reminded with its interest, once per day."""
    with time_machine.travel(DAY_3, tick=False):
        withdrawal_request(order=delivered_order, line_ids=[])
    mail.outbox.clear()
    late_day = dt.date(2026, 5, 23)  # due 22 May: one day late
    assert reminders_send(today=late_day) == 1
    [message] = mail.outbox
    assert message.to == [delivered_order.merchant.email] and delivered_order.number in message.body
    assert reminders_send(today=late_day) == 0


def _as_card(order):
    """The same delivered order, as if paid by card (captured through the gateway with its `oid`)."""
    Payment.objects.filter(order=order).update(provider="card", reference="oid-test-1")
    return order


def test_card_refund_is_marked_sent_before_the_gateway_and_a_refusal_reopens_it(delivered_order, monkeypatch):
    """[CP-REFUND-15-DAYS] while the gateway works, a second refund is refused; a refusal leaves it to do again."""
    from tijara.payments.providers import CardGateway, RefundOutcome
    _as_card(delivered_order)
    with time_machine.travel(DAY_3, tick=False):
        due = withdrawal_request(order=delivered_order, line_ids=[]).refund_due
    seen = []

    def gateway(self, *, oid, amount):
        with pytest.raises(AftersaleError, match="en cours auprès de la banque"):  # a second person, meanwhile
            refund_due_pay(merchant_id=due.merchant_id, refund_due_id=due.pk, actor=None)
        seen.append((oid, amount))
        return RefundOutcome(approved=len(seen) > 1, provider_reference="T-1", message="refusée")

    monkeypatch.setattr(CardGateway, "is_available", lambda self: True)
    monkeypatch.setattr(CardGateway, "give_back", gateway)
    with pytest.raises(DomainError, match="refusée"):
        refund_due_pay(merchant_id=due.merchant_id, refund_due_id=due.pk, actor=None)
    due.refresh_from_db()
    assert due.status == RefundDueStatus.OPEN and Payment.objects.get(order=delivered_order).refunded_amount == 0
    refund_due_pay(merchant_id=due.merchant_id, refund_due_id=due.pk, actor=None)
    due.refresh_from_db()
    assert due.status == RefundDueStatus.SETTLED and seen == [("oid-test-1", due.amount)] * 2
    assert CreditNote.objects.filter(order=delivered_order).count() == 1


def test_the_daily_command_runs_the_reminder_job(delivered_order):
    """[CP-REFUND-15-DAYS] `tijara aftersale_remind` queues the job (run here at once by the test backend)."""
    from django.core.management import call_command

    with time_machine.travel(DAY_3, tick=False):
        withdrawal_request(order=delivered_order, line_ids=[])
    mail.outbox.clear()
    with time_machine.travel(dt.datetime(2026, 5, 24, 7, 0, tzinfo=CASA), tick=False):
        call_command("aftersale_remind")
    assert [m.to for m in mail.outbox] == [[delivered_order.merchant.email]]
    assert "RETARD" in mail.outbox[0].body


def test_a_card_refund_stuck_mid_way_is_reopened_by_the_daily_job(delivered_order):
    """[CP-REFUND-15-DAYS] "sent to the bank" for over an hour with nothing pending: back to "to refund"."""
    from tijara.aftersale.services import refund_dues_sync
    with time_machine.travel(DAY_3, tick=False):
        due = withdrawal_request(order=delivered_order, line_ids=[]).refund_due
    RefundDue.objects.filter(pk=due.pk).update(status=RefundDueStatus.REFUNDING,
                                               updated_at=dt.datetime(2026, 5, 7, 12, 0, tzinfo=CASA))
    refund_dues_sync()
    assert RefundDue.objects.get(pk=due.pk).status == RefundDueStatus.OPEN

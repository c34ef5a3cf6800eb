"""Credit notes: one per succeeded refund, in the store's own gap-free series, referring to the invoice, with
the refunded amount spread over the invoice's VAT rates [TAX-CREDIT-NOTE]."""

from decimal import Decimal

import pytest

from tests.ledger.pdftext import pdf_text
from tests.payments.helpers import place
from tijara.invoicing.documents import document_pdf
from tijara.invoicing.models import CreditNote, DocumentCounter
from tijara.invoicing.services import _credited_vat
from tijara.payments.models import Payment
from tijara.payments.providers import PaymentError
from tijara.payments.refunds import payment_refund
from tijara.payments.services import order_move

pytestmark = pytest.mark.django_db


def delivered(order) -> Payment:
    for status in ("confirmed", "shipped", "delivered"):
        order = order_move(order=order, to_status=status, actor=None)
    return Payment.objects.get(order=order)


def test_each_refund_gets_the_next_credit_note_of_its_store(filled_cart):
    """[TAX-CREDIT-NOTE]"""
    orders = place(filled_cart, method="cod")
    payment = delivered(orders[0])
    first = payment_refund(payment=payment, amount="40.00", actor=None, reference="RECU-1")
    second = payment_refund(payment=payment, amount="10.00", actor=None, reference="RECU-2")
    notes = list(CreditNote.objects.order_by("sequence"))
    assert [(n.number, n.refund_id, n.amount) for n in notes] == [
        ("ARG-AV-000001", first.pk, Decimal("40.00")), ("ARG-AV-000002", second.pk, Decimal("10.00"))]
    assert all(n.invoice.order_id == orders[0].pk for n in notes)
    # The credit-note series is the store's own: the invoice series did not move.
    assert DocumentCounter.objects.get(merchant_id=orders[0].merchant_id, series="invoice").last_number == 1


def test_a_refused_refund_issues_no_credit_note(filled_cart):
    """[TAX-CREDIT-NOTE]"""
    payment = delivered(place(filled_cart, method="cod")[0])
    with pytest.raises(PaymentError):
        payment_refund(payment=payment, amount=payment.captured_amount + 1, actor=None, reference="R")
    assert not CreditNote.objects.exists()


def test_credit_note_pdf_names_the_invoice_and_the_vat_credited(filled_cart):
    """[TAX-CREDIT-NOTE]"""
    order = place(filled_cart, method="cod")[0]
    payment = delivered(order)
    payment_refund(payment=payment, amount=payment.captured_amount, actor=None, reference="RECU-9")
    note = CreditNote.objects.get()
    assert note.content["vat"] == order.invoice.content["vat"]  # a full refund mirrors the invoice
    text = pdf_text(document_pdf(note, lang="fr"))
    for mention in (note.number, order.invoice.number, order.number, order.merchant.ice, order.merchant.if_number,
                    order.full_name, f"{note.amount:.2f}".replace(".", ",") + " MAD"):
        assert mention in text, mention
    assert note.content["vat"][0]["vat"].replace(".", ",") + " MAD" in text


def test_a_partial_refund_is_spread_over_the_rates_to_the_centime():
    """[TAX-CREDIT-NOTE]"""
    rows = [{"rate": "20.00", "exempt": False, "base": "100.00", "vat": "20.00"},
            {"rate": "10.00", "exempt": False, "base": "50.00", "vat": "5.00"},
            {"rate": "0.00", "exempt": True, "base": "33.33", "vat": "0.00"}]
    credited = _credited_vat(rows, Decimal("208.33"), Decimal("100.00"))
    total = sum(Decimal(r["base"]) + Decimal(r["vat"]) for r in credited)
    assert total == Decimal("100.00")
    assert [r["rate"] for r in credited] == ["20.00", "10.00", "0.00"]
    assert Decimal(credited[0]["base"]) + Decimal(credited[0]["vat"]) == Decimal("57.60")  # 120/208.33 of 100
    assert credited[0]["vat"] == "9.60" and credited[2]["vat"] == "0.00"


def test_an_unpaid_order_cancelled_gets_a_credit_note_cancelling_its_invoice(filled_cart):
    """An issued invoice is never deleted: cancelling a cash order before delivery credits it in full
    [TAX-CREDIT-NOTE]."""
    order = place(filled_cart, method="cod")[0]
    order_move(order=order, to_status="cancelled", actor=None, reason="Client injoignable")
    note = CreditNote.objects.get()
    assert (note.invoice_id, note.amount, note.refund_id) == (order.invoice.pk, order.total, None)
    assert note.content["vat"] == order.invoice.content["vat"]
    text = pdf_text(document_pdf(note, lang="fr"))
    assert note.number in text and order.invoice.number in text


def test_a_paid_order_cancelled_is_credited_by_its_refund_only(filled_cart):
    """[TAX-CREDIT-NOTE]"""
    order = place(filled_cart, method="cod")[0]
    payment = delivered(order)
    payment_refund(payment=payment, amount=payment.captured_amount, actor=None, reference="RECU-3")
    assert CreditNote.objects.count() == 1 and CreditNote.objects.get().refund_id is not None

"""Refunds: all or part of a captured payment given back, through the provider, never more than captured.

Card refunds go to the gateway over HTTP outside the transaction; cash and transfer refunds are recorded with
their reference. Each succeeded refund is booked in the ledger and gets its credit note.
"""

from decimal import Decimal, InvalidOperation

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from tijara.audit.events import AuditEvent
from tijara.audit.services import audit_record
from tijara.invoicing.services import credit_note_issue
from tijara.ledger.services import ledger_refund_record
from tijara.orders.models import Order, OrderStatus
from tijara.payments import locks
from tijara.payments.models import SETTLED_STATUSES, Payment, PaymentStatus, Refund, RefundStatus
from tijara.payments.providers import (
    CardGateway,
    PaymentError,
    PaymentInputError,
    RefundOutcome,
    get_provider,
)
from tijara.payments.services import CENT, _user


def _amount(value: object) -> Decimal:
    try:
        amount = Decimal(str(value).strip().replace(",", "."))
        exact = amount.is_finite() and amount > 0 and amount == amount.quantize(CENT) and amount < 10**10
    except (InvalidOperation, ValueError):
        raise PaymentInputError(_("Enter an amount in dirhams, e.g. 120.50."), "amount") from None
    if not exact:
        raise PaymentInputError(_("Enter an amount in dirhams above zero, with at most two decimals."), "amount")
    return amount


def payment_refund(*, payment: Payment, amount: Decimal, actor: AbstractBaseUser | None,
                   reference: str = "") -> Refund:
    """Give back all or part of a captured payment, never more than captured minus refunded [PAY-REFUND-LIMIT].

    The payment row is locked while the amount is reserved, so concurrent refunds cannot exceed it. Card
    refunds go through the gateway outside the transaction (the reserved amount waits as a pending
    refund); cash and transfer refunds are recorded with their reference.
    """
    amount = _amount(amount)
    reference = (reference or "").strip()[:100]
    provider = get_provider(payment.provider)
    online = isinstance(provider, CardGateway)
    if not online and not reference:
        raise PaymentInputError(_("Give the refund's reference (transfer number or receipt)."), "reference")
    with transaction.atomic():
        payment = locks.payment_for_update(payment.pk)
        if payment.status not in SETTLED_STATUSES:
            raise PaymentError(_("Only a paid order can be refunded."), "amount")
        reserved = (Refund.objects.filter(payment_id=payment.pk, status=RefundStatus.PENDING)
                    .aggregate(s=Sum("amount"))["s"] or Decimal("0"))
        available = payment.captured_amount - payment.refunded_amount - reserved
        if amount > available:
            raise PaymentError(_("At most %(amount)s MAD can still be refunded on this order.") % {
                "amount": max(available, Decimal("0.00"))}, "amount")
        refund = Refund.objects.create(merchant_id=payment.merchant_id, payment=payment, amount=amount,
                                       reference=reference, actor=_user(actor))
        if not online:
            _refund_settle(refund=refund, outcome=provider.refund(payment=payment, refund=refund))
            _refund_audit(refund=refund, actor=actor)
            return refund
    outcome = provider.refund(payment=payment, refund=refund)  # HTTP, outside the transaction
    with transaction.atomic():
        _refund_settle(refund=refund, outcome=outcome)
        _refund_audit(refund=refund, actor=actor)
    if not outcome.approved:
        raise PaymentError(outcome.message or _("The refund was refused."), "amount")
    return refund


def _refund_audit(*, refund: Refund, actor: AbstractBaseUser | None) -> None:
    """The refund in the security audit trail, last in its transaction [SEC-AUDIT-EVENTS]."""
    audit_record(AuditEvent.REFUND, actor=actor, merchant_id=refund.merchant_id, target=f"refund:{refund.pk}",
                 data={"payment": refund.payment_id, "amount": str(refund.amount), "status": refund.status})


def _refund_settle(*, refund: Refund, outcome: RefundOutcome) -> None:
    """Book a refund's outcome on its payment (locked) and in the ledger."""
    payment = locks.payment_for_update(refund.payment_id)
    refund.provider_reference = outcome.provider_reference[:100]
    if not outcome.approved:
        refund.status, refund.failure_reason = RefundStatus.FAILED, outcome.message[:255]
        refund.save(update_fields=["status", "failure_reason", "provider_reference", "updated_at"])
        return
    refund.status = RefundStatus.SUCCEEDED
    refund.save(update_fields=["status", "provider_reference", "updated_at"])
    payment.refunded_amount += refund.amount
    payment.status = (PaymentStatus.REFUNDED if payment.refunded_amount >= payment.captured_amount
                      else PaymentStatus.PARTIALLY_REFUNDED)
    number, order_status = Order.objects.filter(pk=payment.order_id).values_list("number", "status").get()
    if payment.status == PaymentStatus.REFUNDED and order_status == OrderStatus.CANCELLED:
        payment.staff_attention = ""  # the refund due on the cancelled order is done
    payment.save(update_fields=["refunded_amount", "status", "staff_attention", "updated_at"])
    ledger_refund_record(merchant_id=payment.merchant_id, refund_id=refund.pk, payment_id=payment.pk,
                         order_number=number, amount=refund.amount, method=payment.provider,
                         collected_by=get_provider(payment.provider).capture(payment=payment).collected_by)
    credit_note_issue(refund=refund)  # the refund's credit note, in the store's own series [TAX-CREDIT-NOTE]


def payment_refund_due(*, payment_id: int, note: str) -> None:
    """Refund what is left of a cancelled order's card payment; clear `note` from it once done."""
    payment = Payment.objects.get(pk=payment_id)
    if payment.refundable_amount > 0:
        payment_refund(payment=payment, amount=payment.refundable_amount, actor=None, reference="order cancelled")
    Payment.objects.filter(pk=payment_id, staff_attention=note).update(staff_attention="", updated_at=timezone.now())

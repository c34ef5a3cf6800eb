"""Payment writes: creation with the orders, the one door to "captured" (`payment_capture`, which also books
the ledger), card attempts and their callbacks, refunds, bank-transfer confirmation, expiry of unpaid card
checkouts, and `order_move`, the door pages and the API use to move an order so that its payment follows.

A card checkout is paid once for the whole basket: each try on the gateway's page is a `CardAttempt` (its
own `oid`, the basket's total); an approved, verified callback captures every order's payment with its own
amount [PAY-CARD-CALLBACK]. Locks follow `payments.locks` (orders, then payments, then attempts). HTTP to
the gateway (refunds) runs outside any transaction.
"""

import datetime as dt
import logging
import secrets
import uuid
from collections.abc import Mapping
from decimal import Decimal

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.db import transaction
from django.db.models import F, Max, Min
from django.utils import timezone
from django.utils.translation import gettext as _

from tijara.core.errors import NotFound
from tijara.invoicing.services import credit_note_for_cancellation
from tijara.ledger.services import ledger_capture_record
from tijara.orders import locks as order_locks
from tijara.orders.models import Order, OrderStatus
from tijara.orders.services import order_transition
from tijara.payments import jobs, locks
from tijara.payments.models import (
    OPEN_STATUSES,
    SETTLED_STATUSES,
    CallbackVerdict,
    CardAttempt,
    CardAttemptStatus,
    GatewayCallback,
    Payment,
    PaymentStatus,
)
from tijara.payments.providers import (  # noqa: F401  (CardForm, CardUrls: part of this module's interface)
    CARD_LANGUAGES,
    CallbackCheck,
    CardForm,
    CardGateway,
    CardUrls,
    PaymentError,
    PaymentInputError,
    RefundOutcome,
    card_gateway,
    get_provider,
)

logger = logging.getLogger(__name__)

CARD = CardGateway.code
REPLY_CAPTURE, REPLY_OK, REPLY_FAILURE = "ACTION=POSTAUTH", "APPROVED", "FAILURE"
EXPIRY_REASON = "card payment not completed"
CENT = Decimal("0.01")


class PaymentStateError(PaymentError):
    def __init__(self, current: str, wanted: str):
        super().__init__(_("A payment cannot go from %(current)s to %(wanted)s.") % {
            "current": current, "wanted": wanted})
        self.current, self.wanted = current, wanted


def _card_timeout() -> dt.timedelta:
    return dt.timedelta(minutes=settings.TIJARA_CARD_PAYMENT_TIMEOUT_MINUTES)


def _user(actor: object) -> AbstractBaseUser | None:
    return actor if actor is not None and getattr(actor, "is_authenticated", False) else None


# ---- creation, moves, capture ------------------------------------------------------------------------
def payments_create(*, orders: list[Order], provider_code: str) -> list[Payment]:
    """One pending payment per order; runs inside the confirmation transaction."""
    get_provider(provider_code)  # unknown codes never reach the database
    return Payment.objects.bulk_create(
        Payment(merchant_id=o.merchant_id, order=o, provider=provider_code, amount=o.total) for o in orders
    )


def payment_transition(*, payment: Payment, to_status: str) -> Payment:
    if payment.status == to_status:
        return payment
    if not payment.can_move_to(to_status):
        raise PaymentStateError(payment.status, to_status)
    payment.status = to_status
    payment.save(update_fields=["status", "updated_at"])
    return payment


def payment_capture(*, payment: Payment, order_number: str, attempt: CardAttempt | None = None,
                    card_origin: str = "") -> Payment:
    """The one door to "captured": the payment's whole amount, and the ledger entry of the merchant.

    Runs inside the caller's transaction with the payment locked. Card money is held by the platform,
    cash and transfers by the merchant (the provider says).
    """
    terms = get_provider(payment.provider).capture(payment=payment)
    if not payment.can_move_to(PaymentStatus.CAPTURED):
        raise PaymentStateError(payment.status, PaymentStatus.CAPTURED)
    payment.status = PaymentStatus.CAPTURED
    payment.captured_amount = payment.amount
    payment.captured_at = timezone.now()
    fields = ["status", "captured_amount", "captured_at", "updated_at"]
    if attempt is not None:
        payment.attempt, payment.reference, payment.card_origin = attempt, attempt.oid, card_origin
        fields += ["attempt", "reference", "card_origin"]
    elif payment.reference:
        fields.append("reference")
    payment.save(update_fields=fields)
    if payment.captured_amount > 0:  # an order of 0 MAD books nothing
        ledger_capture_record(merchant_id=payment.merchant_id, payment_id=payment.pk, order_number=order_number,
                              amount=payment.captured_amount, method=payment.provider,
                              collected_by=terms.collected_by)
    return payment


def _refund_due_note(amount: Decimal) -> str:
    return _("Order cancelled after payment: %(amount)s MAD to refund.") % {"amount": amount}


def payment_follow_order(*, order: Order) -> Payment | None:
    """Move the order's payment as its provider says the new order status implies (inside the caller's
    transaction). Money already taken for a cancelled order is flagged as a refund due."""
    payment = Payment.objects.select_for_update().filter(order_id=order.pk).first()
    if payment is None:
        return None
    target = get_provider(payment.provider).status_for_order(payment=payment, order_status=order.status)
    if target == PaymentStatus.CAPTURED:
        return payment_capture(payment=payment, order_number=order.number)
    if target is not None:
        return payment_transition(payment=payment, to_status=target)
    if order.status == OrderStatus.CANCELLED and payment.status in SETTLED_STATUSES and payment.refundable_amount > 0:
        payment.staff_attention = _refund_due_note(payment.refundable_amount)[:255]
        payment.save(update_fields=["staff_attention", "updated_at"])
    return payment


def order_move(*, order: Order, to_status: str, actor: AbstractBaseUser | None, reason: str = "",
               release_stock: bool = True, carrier: str = "", tracking_number: str = "") -> Order:
    """Move an order along its status machine and its payment with it, in one transaction.

    Orders know nothing of payments; this is where the two meet (a cash-on-delivery payment is captured
    when its order is delivered, cancelled with it otherwise; a card or transfer order does not ship
    unpaid). A paid card order that is cancelled is refunded through the gateway by a job queued here; until
    the gateway says yes, the payment stays flagged for staff.
    """
    with transaction.atomic():
        order = order_transition(order=order, to_status=to_status, actor=actor, reason=reason,
                                 release_stock=release_stock, carrier=carrier, tracking_number=tracking_number)
        payment = payment_follow_order(order=order)
        if order.status == OrderStatus.CANCELLED and (payment is None or not payment.captured_amount):
            credit_note_for_cancellation(order=order)  # no money taken: the invoice is cancelled [TAX-CREDIT-NOTE]
        if (payment is not None and payment.provider == CARD and order.status == OrderStatus.CANCELLED
                and payment.staff_attention and payment.refundable_amount > 0):
            jobs.queue(jobs.payment_refund_due, payment.pk, payment.staff_attention)
    return order


# ---- card checkout -------------------------------------------------------------------------------
def _group_deadline(checkout_group: uuid.UUID) -> dt.datetime | None:
    """When an unpaid card checkout expires: the timeout after the checkout or its last attempt."""
    placed = Order.objects.filter(checkout_group=checkout_group).aggregate(at=Min("created_at"))["at"]
    if placed is None:
        return None
    last = CardAttempt.objects.filter(checkout_group=checkout_group).aggregate(at=Max("expires_at"))["at"]
    return max(placed + _card_timeout(), last or placed)


def _card_payments_open(payments: list[Payment]) -> list[Payment]:
    """The payments a card attempt of this group would pay; PaymentError when there is nothing to pay."""
    if not payments:
        raise NotFound(_("This checkout does not exist."), "checkout")
    if any(p.provider != CARD for p in payments):
        raise PaymentError(_("This checkout is not paid by card."))
    if any(p.status in SETTLED_STATUSES for p in payments):
        raise PaymentError(_("This checkout is already paid."))
    open_ = [p for p in payments if p.status in OPEN_STATUSES]
    if not open_:
        if any(p.status == PaymentStatus.EXPIRED for p in payments):
            raise PaymentError(_("The time to pay this checkout by card has run out; its orders were cancelled."))
        raise PaymentError(_("This checkout was cancelled."))
    return open_


def card_attempt_start(*, checkout_group: uuid.UUID, language: str, urls: CardUrls) -> CardForm:
    """A new attempt (its own `oid`) for the unpaid card payments of a checkout, and its signed form.

    Amount: the group's open card payments, 2 decimals, in MAD (504); the buyer's e-mail and name from the
    orders. Each call makes a new attempt; an older one that the bank approves later is still honoured if
    the checkout is unpaid (or flagged for staff if it is not).
    """
    provider = card_gateway()
    if not provider.is_available():
        raise PaymentError(_("Card payment is not available right now; you can pay cash on delivery instead."))
    now = timezone.now()
    with transaction.atomic():
        orders = locks.group_orders_for_update(checkout_group)
        open_ = _card_payments_open(locks.group_payments_for_update(checkout_group))
        deadline = _group_deadline(checkout_group)
        if deadline is not None and deadline <= now:
            raise PaymentError(_("The time to pay this checkout by card has run out."))
        amount = sum((p.amount for p in open_), Decimal("0.00")).quantize(CENT)
        if amount <= 0:
            raise PaymentError(_("There is nothing to pay by card."))
        number = CardAttempt.objects.filter(checkout_group=checkout_group).count() + 1
        attempt = CardAttempt.objects.create(
            checkout_group=checkout_group, oid=f"{orders[0].number}-{number}-{secrets.token_hex(4)}",
            amount=amount, currency="504", language=language if language in CARD_LANGUAGES else "fr",
            expires_at=now + _card_timeout(),
        )
    first = orders[0]
    return provider.form(attempt=attempt, urls=urls, email=first.email, name=first.full_name)


def card_callback_handle(*, fields: Mapping[str, str]) -> str:
    """Answer one gateway callback: "ACTION=POSTAUTH", "APPROVED" or "FAILURE" — never an exception.

    Accepted only with a valid signature, a known `oid`, the attempt's amount and currency [PAY-CARD-CALLBACK];
    idempotent (a copy or replay changes nothing and answers "APPROVED"); every callback is logged with
    its verdict and reason (no card number).
    """
    check = CallbackCheck(signed=False)
    try:
        check = card_gateway().verify_callback(fields=fields)
        verdict, reason, reply, attempt = _callback_decide(check)
    except Exception:  # noqa: BLE001 - the gateway gets FAILURE, never a 500; the log says why
        logger.exception("card callback for oid %r failed", check.oid)
        verdict, reason, reply, attempt = CallbackVerdict.ERROR, "technical error", REPLY_FAILURE, None
    try:
        GatewayCallback.objects.create(
            oid=check.oid, attempt=attempt, verdict=verdict, reason=reason[:255],
            proc_return_code=check.proc_return_code, response=check.response,
            amount="" if check.amount is None else str(check.amount)[:20], masked_card=check.masked_card,
            trans_id=check.trans_id, reply=reply,
        )
    except Exception:  # noqa: BLE001
        logger.exception("card callback for oid %r could not be logged (%s: %s)", check.oid, verdict, reason)
    return reply


def _callback_decide(check: CallbackCheck) -> tuple[str, str, str, CardAttempt | None]:
    """(verdict, reason, reply, attempt) of a read callback; writes the outcome in one transaction."""
    if not check.signed:
        return CallbackVerdict.REJECTED, "bad hash", REPLY_FAILURE, None
    attempt = CardAttempt.objects.filter(oid=check.oid).first() if check.oid else None
    if attempt is None:
        return CallbackVerdict.REJECTED, "unknown oid", REPLY_FAILURE, None
    if check.amount is None or check.amount != attempt.amount:
        return CallbackVerdict.REJECTED, f"amount {check.amount} is not {attempt.amount}", REPLY_FAILURE, attempt
    if check.currency != attempt.currency:
        return CallbackVerdict.REJECTED, f"currency {check.currency!r} is not {attempt.currency}", REPLY_FAILURE, attempt
    with transaction.atomic():
        orders = locks.group_orders_for_update(attempt.checkout_group)
        payments = locks.group_payments_for_update(attempt.checkout_group)
        attempt = locks.attempt_for_update(attempt.pk)
        if attempt.status in (CardAttemptStatus.APPROVED, CardAttemptStatus.UNCLAIMED):
            return CallbackVerdict.DUPLICATE, f"attempt already {attempt.status}", REPLY_OK, attempt
        attempt.proc_return_code, attempt.trans_id = check.proc_return_code[:4], check.trans_id
        attempt.masked_card, attempt.card_origin = check.masked_card, check.card_origin
        if not check.approved:
            verdict = CallbackVerdict.DECLINED
            if attempt.status == CardAttemptStatus.PENDING:
                attempt.status = CardAttemptStatus.DECLINED
            elif attempt.status == CardAttemptStatus.DECLINED:
                verdict = CallbackVerdict.DUPLICATE
            attempt.save()
            return verdict, f"ProcReturnCode {check.proc_return_code or '?'} {check.error_message}".strip(), \
                REPLY_OK, attempt
        if not _card_payable(payments, attempt.amount):
            return _callback_unclaimed(attempt, payments, check)
        open_ = [p for p in payments if p.status in OPEN_STATUSES]
        numbers = {o.pk: o.number for o in orders}
        for payment in open_:
            payment_capture(payment=payment, order_number=numbers[payment.order_id], attempt=attempt,
                            card_origin=check.card_origin)
        attempt.status = CardAttemptStatus.APPROVED
        attempt.save()
        CardAttempt.objects.filter(checkout_group=attempt.checkout_group, status=CardAttemptStatus.PENDING) \
            .exclude(pk=attempt.pk).update(status=CardAttemptStatus.CANCELLED)
    return CallbackVerdict.CAPTURED, f"{len(open_)} payments captured", REPLY_CAPTURE, attempt


def _card_payable(payments: list[Payment], amount: Decimal) -> bool:
    """Whether a card checkout still waits for exactly `amount`: nothing paid yet, all by card, and its open
    payments (orders cancelled meanwhile left out) add up to it."""
    if not payments or any(p.provider != CARD or p.status in SETTLED_STATUSES for p in payments):
        return False
    return sum((p.amount for p in payments if p.status in OPEN_STATUSES), Decimal("0")) == amount


def _callback_unclaimed(attempt: CardAttempt, payments: list[Payment],
                        check: CallbackCheck) -> tuple[str, str, str, CardAttempt]:
    """The bank approved an attempt whose checkout is paid otherwise, cancelled, expired or switched to cash:
    not captured (the pre-authorisation is left to lapse) and flagged on its payments for staff."""
    attempt.status = CardAttemptStatus.UNCLAIMED
    attempt.save()
    states = sorted({f"{p.provider}:{p.status}" for p in payments})
    note = _("Card payment %(oid)s of %(amount)s MAD approved by the bank after this checkout was closed "
             "(%(states)s); not captured: check with the bank that the authorisation is released.") % {
        "oid": attempt.oid, "amount": attempt.amount, "states": ", ".join(states)}
    for payment in payments:
        payment.staff_attention = note[:255]
        payment.save(update_fields=["staff_attention", "updated_at"])
    jobs.queue(jobs.card_attempt_give_back, attempt.pk, note[:255])
    return CallbackVerdict.FLAGGED, f"checkout closed ({', '.join(states)})", REPLY_OK, attempt


def card_attempt_give_back(*, attempt_id: int, note: str) -> None:
    """Give back what the gateway captured for an unclaimed attempt; clear its flag once the gateway agrees.

    The gateway declines when it captured nothing (the pre-authorisation lapses): the flag then stays.
    """
    attempt = CardAttempt.objects.get(pk=attempt_id)
    left = attempt.amount - attempt.refunded_amount
    if attempt.status != CardAttemptStatus.UNCLAIMED or left <= 0:
        return
    outcome = card_gateway().give_back(oid=attempt.oid, amount=left)  # HTTP, outside any transaction
    if not outcome.approved:
        logger.warning("unclaimed card attempt %s not given back: %s", attempt.oid, outcome.message)
        return
    with transaction.atomic():
        CardAttempt.objects.filter(pk=attempt_id).update(refunded_amount=F("refunded_amount") + left)
        Payment.objects.filter(order__checkout_group=attempt.checkout_group, staff_attention=note) \
            .update(staff_attention="", updated_at=timezone.now())


def checkout_payment_state(*, checkout_group: uuid.UUID) -> str:
    """"pending" | "paid" | "declined" | "expired" | "cancelled" | "cod" | "transfer", for the waiting page."""
    payments = list(Payment.objects.filter(order__checkout_group=checkout_group).only("provider", "status"))
    if not payments:
        raise NotFound(_("This checkout does not exist."), "checkout")
    live = [p for p in payments if p.status not in (PaymentStatus.CANCELLED, PaymentStatus.EXPIRED,
                                                     PaymentStatus.FAILED)]
    providers = {p.provider for p in live or payments}  # orders cancelled alone do not decide
    if CARD not in providers:
        return "cod" if "cod" in providers else "transfer"
    statuses = {p.status for p in payments}
    if statuses & SETTLED_STATUSES:
        return "paid"
    if not statuses & OPEN_STATUSES:
        return "expired" if PaymentStatus.EXPIRED in statuses else "cancelled"
    last = (CardAttempt.objects.filter(checkout_group=checkout_group).order_by("-created_at", "-pk")
            .values_list("status", flat=True).first())
    if last in (CardAttemptStatus.DECLINED, CardAttemptStatus.UNCLAIMED):
        return "declined"
    return "pending"


def checkout_switch_to_cod(*, checkout_group: uuid.UUID) -> None:
    """An unpaid card checkout becomes cash on delivery: same orders, basket kept, no card attempt pending."""
    with transaction.atomic():
        locks.group_orders_for_update(checkout_group)  # the lock order of payments.locks
        payments = locks.group_payments_for_update(checkout_group)
        if payments and all(p.provider == "cod" for p in payments if p.status in OPEN_STATUSES) \
                and any(p.status in OPEN_STATUSES for p in payments):
            return
        open_ = _card_payments_open(payments)
        now = timezone.now()
        Payment.objects.filter(pk__in=[p.pk for p in open_]).update(provider="cod", updated_at=now)
        Order.objects.filter(pk__in=[p.order_id for p in open_]).update(payment_method="cod", updated_at=now)
        CardAttempt.objects.filter(checkout_group=checkout_group, status=CardAttemptStatus.PENDING) \
            .update(status=CardAttemptStatus.CANCELLED)


# ---- transfers -----------------------------------------------------------------------------------
def transfer_confirm(*, payment: Payment, actor: AbstractBaseUser | None, reference: str) -> Payment:
    """The merchant has received the buyer's bank transfer: the payment is captured with its reference."""
    reference = (reference or "").strip()[:100]
    if not reference:
        raise PaymentInputError(_("Give the reference of the bank transfer."), "reference")
    with transaction.atomic():
        order = order_locks.order_for_update(payment.order_id)
        payment = locks.payment_for_update(payment.pk)
        if payment.provider != "transfer":
            raise PaymentError(_("This order is not paid by bank transfer."))
        if payment.status in SETTLED_STATUSES:
            if payment.reference == reference:
                return payment
            raise PaymentError(_("This transfer was already confirmed."), "reference")
        if order.status == OrderStatus.CANCELLED or payment.status not in OPEN_STATUSES:
            raise PaymentError(_("This order was cancelled."))
        payment.reference = reference
        return payment_capture(payment=payment, order_number=order.number)


# ---- a line cancelled before payment -----------------------------------------------------------------
def payment_amount_reduce(*, order_id: int, amount: Decimal) -> Payment | None:
    """Lower what is still to be paid on an order by a cancelled line's amount (cash or transfer not received yet).

    Runs in the caller's transaction, after the order row was locked. A card payment still open is refused:
    its basket total is already with the bank. Paid money is not touched (it is refunded instead).
    """
    payment = Payment.objects.select_for_update().filter(order_id=order_id).first()
    if payment is None or payment.status not in OPEN_STATUSES:
        return payment
    if payment.provider == CARD:
        raise PaymentError(_("The card payment of this order is still in progress; try again once it is paid."))
    payment.amount = max(payment.amount - amount, Decimal("0.00"))
    payment.save(update_fields=["amount", "updated_at"])
    return payment

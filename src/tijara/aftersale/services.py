"""After-sale writes: a buyer's withdrawal, the return checked in, a refund due paid, a buyer's cancellation of a
late delivery, a line cancelled as unavailable, and the daily reminder. One transaction each; rows are locked
through `orders.locks` (the order first) and `aftersale.locks`.

A refund always goes through `payments.refunds.payment_refund` (the gateway for a card, a recorded reference for
cash and transfers), which books the ledger and issues the credit note; the `RefundDue` it settles is locked
first, so two people refunding the same withdrawal at once refund it once [CP-REFUND-15-DAYS].
"""

import datetime as dt
from collections import defaultdict
from decimal import Decimal

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.db.models import Q, Sum
from django.template.loader import render_to_string
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from tijara.aftersale import jobs, locks
from tijara.aftersale.errors import AftersaleError, WithdrawalClosed
from tijara.aftersale.models import RefundDue, RefundDueStatus, RefundReason, Withdrawal, WithdrawalLine
from tijara.catalog import stock
from tijara.core.mail import mail_send
from tijara.merchants.models import Merchant
from tijara.orders import locks as order_locks
from tijara.orders import rules
from tijara.orders.models import Order, OrderLine, OrderStatus
from tijara.orders.services import order_line_cancel
from tijara.payments.models import SETTLED_STATUSES, Payment, RefundStatus
from tijara.payments.providers import CardGateway
from tijara.payments.refunds import payment_refund
from tijara.payments.services import order_move, payment_amount_reduce

LATE_CANCEL_REASON = "delivery more than 7 days late: cancelled by the buyer"
UNAVAILABLE_CANCEL_REASON = "every item unavailable"
ZERO = Decimal("0.00")


def _user(actor: object) -> AbstractBaseUser | None:
    return actor if actor is not None and getattr(actor, "is_authenticated", False) else None


def _date_text(day: dt.date) -> str:
    return formats.date_format(day, "DATE_FORMAT")


def line_exclusion(line: OrderLine) -> str:
    """Why a line cannot be withdrawn (the product's reason, in the current language), or "" [CP-NON-WITHDRAWABLE]."""
    product = line.variant.product if line.variant_id is not None and line.variant is not None else None
    if product is None or not product.non_withdrawable:
        return ""
    return product.get_non_withdrawable_display()


# ---- withdrawal ------------------------------------------------------------------------------------------
def withdrawal_request(*, order: Order, line_ids: list[int] | None, language: str = "fr",
                       now: dt.datetime | None = None) -> Withdrawal:
    """Record the buyer's withdrawal from the given lines, or from every line left when `line_ids` is empty.

    No reason is asked [CP-WITHDRAWAL-FORM]. Accepted from delivery until 23:59:59 Africa/Casablanca of the
    period's last day, refused after it with the day it ended [CP-WITHDRAWAL-DEADLINE]. The order row is locked,
    so two requests for the same line cannot both pass, and the database refuses a line withdrawn twice. The
    refund falls due 15 days later [CP-REFUND-15-DAYS]; the buyer is sent an acknowledgement.
    """
    now = now or timezone.now()
    wanted = sorted({int(pk) for pk in (line_ids or [])})
    with transaction.atomic():
        order = order_locks.order_for_update(order.pk)
        if order.status not in (OrderStatus.DELIVERED, OrderStatus.COMPLETED):
            raise AftersaleError(_("The withdrawal period starts when you receive the goods."), "lines")
        last_day = rules.withdrawal_last_day(order)
        if not rules.withdrawal_open(order, now):
            raise WithdrawalClosed(
                _("The withdrawal period of this order ended on %(date)s at 23:59 (Moroccan time).")
                % {"date": _date_text(last_day)}, "lines")
        lines = list(OrderLine.objects.filter(order_id=order.pk, cancelled_at__isnull=True)
                     .select_related("variant__product").order_by("pk"))
        taken = set(WithdrawalLine.objects.filter(order_line__order_id=order.pk).values_list("order_line_id", flat=True))
        by_id = {line.pk: line for line in lines}
        if wanted:
            unknown = [pk for pk in wanted if pk not in by_id]
            if unknown:
                raise AftersaleError(_("This line is not part of the order."), "lines")
            chosen = [by_id[pk] for pk in wanted]
            for line in chosen:
                if line.pk in taken:
                    raise AftersaleError(_("A withdrawal was already requested for “%(product)s”.")
                                         % {"product": line.product_name}, "lines")
                if reason := line_exclusion(line):
                    raise AftersaleError(_("“%(product)s” cannot be withdrawn: %(reason)s.")
                                         % {"product": line.product_name, "reason": reason}, "lines")
        else:
            chosen = [line for line in lines if line.pk not in taken and not line_exclusion(line)]
            if not chosen:
                raise AftersaleError(_("Nothing is left to withdraw on this order."), "lines")
        withdrawal = Withdrawal.objects.create(
            merchant_id=order.merchant_id, order=order, requested_at=now, language=(language or "fr")[:5],
            whole_order=len(taken) + len(chosen) == len(lines))
        try:
            with transaction.atomic():
                WithdrawalLine.objects.bulk_create([
                    WithdrawalLine(merchant_id=order.merchant_id, withdrawal=withdrawal, order_line=line,
                                   quantity=line.quantity, amount=line.line_total) for line in chosen])
        except IntegrityError:
            raise AftersaleError(_("A withdrawal was already requested for one of these lines."), "lines") from None
        amount = sum((line.line_total for line in chosen), ZERO)
        if withdrawal.whole_order:  # everything goes back: the delivery paid is given back too
            amount += order.shipping_fee
        started = rules.local_day(now)
        RefundDue.objects.create(merchant_id=order.merchant_id, order=order, reason=RefundReason.WITHDRAWAL,
                                 withdrawal=withdrawal, amount=amount, started_on=started,
                                 due_on=rules.refund_due_on(started))
        jobs.queue(jobs.withdrawal_acknowledgement, withdrawal.pk)
    return withdrawal


def withdrawal_check_in(*, merchant_id: int, withdrawal_id: int, actor: AbstractBaseUser | None) -> Withdrawal:
    """The returned goods are back at the store: their units go back into stock, once."""
    with transaction.atomic():
        withdrawal = locks.withdrawal_for_update(merchant_id, withdrawal_id)
        if withdrawal.checked_in_at is not None:
            raise AftersaleError(_("This return was already checked in."))
        stock.stock_release(stock.quantities_by_variant(
            WithdrawalLine.objects.filter(withdrawal_id=withdrawal.pk).values_list("order_line__variant_id",
                                                                                  "quantity")))
        withdrawal.checked_in_at, withdrawal.checked_in_by = timezone.now(), _user(actor)
        withdrawal.save(update_fields=["checked_in_at", "checked_in_by"])
    return withdrawal


# ---- refunds due -----------------------------------------------------------------------------------------
def _settle(due: RefundDue, refund=None, amount: Decimal = ZERO) -> None:
    due.status, due.settled_at, due.refund = RefundDueStatus.SETTLED, timezone.now(), refund
    due.refunded_amount = amount
    due.save(update_fields=["status", "settled_at", "refund", "refunded_amount", "updated_at"])


def refund_due_pay(*, merchant_id: int, refund_due_id: int, actor: AbstractBaseUser | None,
                   reference: str = "") -> RefundDue:
    """Pay a refund due through the order's payment provider; the flag clears once the money is given back.

    The due row is locked first: a second person refunding the same withdrawal at the same moment waits, then
    is told it is already refunded (or being refunded), so nothing is refunded twice. Cash and transfer refunds
    are recorded in the same transaction; a card refund is marked "sent to the bank" first, the gateway is
    called outside any transaction, then the result is recorded (a refusal reopens it).
    """
    with transaction.atomic():
        due = locks.refund_due_for_update(merchant_id, refund_due_id)
        if due.status == RefundDueStatus.SETTLED:
            raise AftersaleError(_("This refund was already made."))
        if due.status == RefundDueStatus.REFUNDING:
            raise AftersaleError(_("This refund is already with the bank."))
        payment = Payment.objects.filter(order_id=due.order_id).first()
        if payment is None or payment.status not in SETTLED_STATUSES:
            raise AftersaleError(_("Nothing was paid on this order yet, so nothing is refunded."))
        amount = min(due.amount, payment.refundable_amount)
        if amount <= 0:  # given back already (the order's refund page, the cancellation job)
            _settle(due)
            return due
        if payment.provider != CardGateway.code:
            refund = payment_refund(payment=payment, amount=amount, actor=actor, reference=reference)
            _settle(due, refund, amount)
            return due
        due.status = RefundDueStatus.REFUNDING
        due.save(update_fields=["status", "updated_at"])
    try:
        refund = payment_refund(payment=payment, amount=amount, actor=actor, reference=reference)
    except Exception:
        RefundDue.objects.filter(pk=due.pk, status=RefundDueStatus.REFUNDING).update(
            status=RefundDueStatus.OPEN, updated_at=timezone.now())
        raise
    with transaction.atomic():
        due = locks.refund_due_for_update(merchant_id, refund_due_id)
        _settle(due, refund, amount)
    return due


STUCK_AFTER = dt.timedelta(hours=1)


def refund_dues_sync() -> int:
    """Settle open dues whose order's payment has nothing left to refund (refunded by another door), and reopen a
    card refund left "sent to the bank" for over an hour with no refund pending (the process stopped mid-way)."""
    settled = 0
    stuck = Q(status=RefundDueStatus.REFUNDING, updated_at__lt=timezone.now() - STUCK_AFTER)
    for due in RefundDue.objects.filter(Q(status=RefundDueStatus.OPEN) | stuck).select_related("order__payment"):
        payment = getattr(due.order, "payment", None)
        if payment is None or payment.status not in SETTLED_STATUSES:
            continue
        with transaction.atomic():
            row = RefundDue.objects.select_for_update().get(pk=due.pk)
            if row.status == RefundDueStatus.SETTLED:
                continue
            if payment.refundable_amount <= 0:
                _settle(row)
                settled += 1
            elif row.status == RefundDueStatus.REFUNDING and not payment.refunds.filter(status=RefundStatus.PENDING).exists():
                row.status = RefundDueStatus.OPEN
                row.save(update_fields=["status", "updated_at"])
    return settled


def _paid_due(order: Order, payment: Payment | None, *, reason: str, amount: Decimal, started: dt.date,
              line: OrderLine | None = None) -> RefundDue | None:
    if payment is None or payment.status not in SETTLED_STATUSES:
        return None
    amount = min(amount, payment.refundable_amount)
    if amount <= 0:
        return None
    return RefundDue.objects.create(merchant_id=order.merchant_id, order=order, reason=reason, order_line=line,
                                    amount=amount, started_on=started, due_on=rules.refund_due_on(started))


# ---- delivery deadlines ----------------------------------------------------------------------------------
def order_cancel_late(*, order: Order, actor: AbstractBaseUser | None, today: dt.date | None = None) -> Order:
    """The buyer cancels an order whose written delivery day is passed by more than 7 days
    [CP-DELIVERY-LATE-CANCEL]; money already paid falls due within 15 days [CP-REFUND-15-DAYS]."""
    today = today or timezone.localdate()
    with transaction.atomic():
        order = order_locks.order_for_update(order.pk)
        if order.status not in rules.IN_TRANSIT:
            raise AftersaleError(_("Only an order not yet delivered can be cancelled for lateness."))
        if not rules.late_cancellation_open(order, today):
            raise AftersaleError(_("You may cancel this order from %(date)s if it has not arrived by then.")
                                 % {"date": _date_text(rules.late_cancellation_from(order))})
        order = order_move(order=order, to_status=OrderStatus.CANCELLED, actor=actor, reason=LATE_CANCEL_REASON)
        payment = Payment.objects.filter(order_id=order.pk).first()
        _paid_due(order, payment, reason=RefundReason.LATE_DELIVERY,
                  amount=payment.refundable_amount if payment else ZERO, started=today)
    return order


def order_line_unavailable(*, merchant_id: int, order: Order, line_id: int, actor: AbstractBaseUser | None,
                           reason: str) -> OrderLine:
    """Cancel a line the merchant cannot supply, tell the buyer, and give their money back [CP-DELIVERY-UNAVAILABLE].

    Paid money for the line falls due 15 days after the payment; unpaid cash or transfer orders simply cost
    less. When no line is left, the order itself is cancelled.
    """
    if order.merchant_id != merchant_id:
        raise AftersaleError(_("This line is not part of the order."), "line")
    with transaction.atomic():
        line = order_line_cancel(order=order, line_id=line_id, actor=actor, reason=reason)
        order = Order.objects.get(pk=order.pk)
        payment = Payment.objects.select_for_update().filter(order_id=order.pk).first()
        left = OrderLine.objects.filter(order_id=order.pk, cancelled_at__isnull=True).exists()
        paid = payment is not None and payment.status in SETTLED_STATUSES
        if paid:
            started = rules.local_day(payment.captured_at or timezone.now())
            amount = line.line_total
            if not left:  # the last line: everything still paid and not yet owed goes back (delivery included)
                owed = RefundDue.objects.filter(order_id=order.pk).exclude(status=RefundDueStatus.SETTLED)
                amount = payment.refundable_amount - (owed.aggregate(s=Sum("amount"))["s"] or ZERO)
            _paid_due(order, payment, reason=RefundReason.UNAVAILABLE, amount=amount, started=started, line=line)
        else:
            payment_amount_reduce(order_id=order.pk, amount=line.line_total)
        if not left:
            order_move(order=order, to_status=OrderStatus.CANCELLED, actor=actor, reason=UNAVAILABLE_CANCEL_REASON)
        jobs.queue(jobs.line_unavailable_notice, line.pk)
    return line


# ---- reminders -------------------------------------------------------------------------------------------
def reminders_send(*, today: dt.date | None = None) -> int:
    """E-mail each merchant the refunds due within 3 days or overdue and the orders to deliver within 3 days or
    late, once a day [CP-REFUND-15-DAYS] [CP-DELIVERY-30]. Returns the number of merchants reminded."""
    today = today or timezone.localdate()
    horizon = today + dt.timedelta(days=rules.REMIND_DAYS_BEFORE)
    refund_dues_sync()
    dues = list(RefundDue.objects.filter(~Q(status=RefundDueStatus.SETTLED), due_on__lte=horizon)
                .filter(Q(reminded_on__isnull=True) | Q(reminded_on__lt=today))
                .select_related("order").order_by("merchant_id", "due_on", "pk"))
    late = list(Order.objects.filter(status__in=rules.IN_TRANSIT, deliver_by__lte=horizon)
                .only("number", "deliver_by", "merchant_id", "status").order_by("merchant_id", "deliver_by", "pk")[:5000])
    by_merchant: dict[int, dict[str, list]] = defaultdict(lambda: {"dues": [], "orders": []})
    for due in dues:
        by_merchant[due.merchant_id]["dues"].append(due)
    for order in late:
        by_merchant[order.merchant_id]["orders"].append(order)
    merchants = Merchant.objects.in_bulk(list(by_merchant))
    for merchant_id, work in sorted(by_merchant.items()):
        merchant = merchants[merchant_id]
        with translation.override(settings.LANGUAGE_CODE):
            rows = [{"due": due, "overdue": rules.days_overdue(due.due_on, today),
                     "interest": rules.legal_interest(due.amount, due.due_on, today)} for due in work["dues"]]
            context = {"merchant": merchant, "rows": rows, "orders": work["orders"], "today": today,
                       "site": settings.TIJARA_SITE_URL}
            subject = _("After-sale: refunds and deliveries to handle at %(store)s") % {"store": merchant.store_name}
            body = render_to_string("aftersale/email/reminder.txt", context)
        mail_send(EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [merchant.email]), purpose="transactional")
        RefundDue.objects.filter(pk__in=[due.pk for due in work["dues"]]).update(reminded_on=today)
    return len(by_merchant)

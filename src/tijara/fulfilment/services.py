"""Cash-on-delivery writes: claiming and recording confirmation calls, carriers, shipments and their outcomes.

Orders move only through `payments.services.order_move` (the payment follows: COD captured at delivery,
cancelled with the order). A parcel refused at the door, returned or lost cancels its order WITHOUT giving the
stock back: the units are still on the road; a refused or returned parcel's units come back when the merchant
checks it in [COD-RETURN-CHECKIN].
"""

import datetime as dt
import hashlib
import hmac
import re
from decimal import Decimal

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from tijara.catalog import stock
from tijara.core.errors import DomainError
from tijara.fulfilment import conf, locks
from tijara.fulfilment.models import (
    CallAttempt,
    CallOutcome,
    CallState,
    CallTask,
    Carrier,
    PhoneOutcome,
    PhoneOutcomeKind,
    Shipment,
    ShipmentStatus,
)
from tijara.fulfilment.reference import reference_carrier
from tijara.merchants.models import Merchant
from tijara.orders.models import Order, OrderStatus, PaymentMethod
from tijara.payments.services import order_move


class FulfilmentError(DomainError):
    code = "fulfilment"
    status = 400


class CallClaimed(FulfilmentError):
    """Someone else is calling this customer right now."""

    code = "claimed"
    status = 409


class ShipmentStateError(FulfilmentError):
    code = "invalid_transition"
    status = 409


class FulfilmentConflict(FulfilmentError):
    """The order's or the list's present state refuses it (not waiting for a call, already listed): the API's 409."""

    code = "conflict"
    status = 409


def phone_digest(phone: str) -> str:
    """A keyed digest of a phone number: lets outcomes be counted per number without keeping the number [COD-RISK]."""
    key = hashlib.sha256(("tijara.fulfilment.phone:" + settings.SECRET_KEY).encode()).digest()
    return hmac.new(key, (phone or "").strip().encode(), hashlib.sha256).hexdigest()


def _phone_outcome(order: Order, outcome: str) -> None:
    """Record the order's final COD outcome for the risk signal (one per order; the latest wins)."""
    PhoneOutcome.objects.update_or_create(
        order_id=order.pk, defaults={"merchant_id": order.merchant_id, "phone_digest": phone_digest(order.phone),
                                     "outcome": outcome},
    )


# ---- confirmation calls --------------------------------------------------------------------------------------

def _callable_order(order: Order) -> None:
    if order.payment_method != PaymentMethod.COD or order.status != OrderStatus.PLACED:
        raise FulfilmentConflict(_("Order %(number)s is not waiting for a confirmation call.") % {"number": order.number})


def call_claim(*, order: Order, user: AbstractBaseUser) -> CallTask:
    """Give the order's call to `user` for a few minutes, unless someone else holds it [COD-CALL-CLAIM].

    One conditional UPDATE decides: it succeeds only when the call is free, its claim has expired, or the
    user already holds it, so two staff members pressing "call" at the same moment never both get it.
    """
    now = timezone.now()
    with transaction.atomic():
        _callable_order(order)
        CallTask.objects.bulk_create(
            [CallTask(merchant_id=order.merchant_id, order_id=order.pk, next_action_at=order.created_at)],
            ignore_conflicts=True,
        )
        won = CallTask.objects.filter(order_id=order.pk, state=CallState.OPEN).filter(
            Q(claimed_by__isnull=True) | Q(claim_expires_at__lte=now) | Q(claimed_by=user)
        ).update(claimed_by=user, claim_expires_at=now + dt.timedelta(minutes=conf.claim_minutes()), updated_at=now)
        task = CallTask.objects.select_related("claimed_by").get(order_id=order.pk)
        if not won:
            if task.state != CallState.OPEN:
                raise FulfilmentConflict(_("This order's call is already finished."))
            raise CallClaimed(_("%(name)s is already calling this customer (until %(time)s).") % {
                "name": task.claimed_by.full_name or task.claimed_by.email if task.claimed_by else "?",
                "time": timezone.localtime(task.claim_expires_at).strftime("%H:%M")})
    return task


def call_release(*, order: Order, user: AbstractBaseUser) -> None:
    """Give a claimed call back to the queue without recording anything."""
    CallTask.objects.filter(order_id=order.pk, claimed_by=user).update(
        claimed_by=None, claim_expires_at=None, updated_at=timezone.now())


def call_next(*, merchant: Merchant, user: AbstractBaseUser) -> Order | None:
    """Claim the first order of the queue whose time has come and nobody else is calling; None when there is none."""
    from tijara.fulfilment.selectors import queue_orders

    for order in queue_orders(merchant, limit=20, due_only=True):
        try:
            call_claim(order=order, user=user)
        except FulfilmentError:
            continue
        return order
    return None


def call_outcome_record(*, order: Order, user: AbstractBaseUser, outcome: str, note: str = "",
                        call_back_at: dt.datetime | None = None) -> CallTask:
    """Record one call and what it means for the order [COD-CALL-CANCEL].

    confirmed → the order is confirmed; no answer / wrong number → tried again later, and after N of them
    (setting, default 3) the order is cancelled; call back → back in the queue at the time the customer gave;
    refused or duplicate → cancelled with the reason. A cancelled order's stock is released (`order_move`).
    The caller must hold the call's claim (it is taken here if it is free).
    """
    note = (note or "").strip()[:500]
    if outcome not in CallOutcome.values:
        raise FulfilmentError(_("Unknown call outcome."), "outcome")
    now = timezone.now()
    if call_back_at is not None and timezone.is_naive(call_back_at):  # an API caller's local time: Morocco's
        call_back_at = timezone.make_aware(call_back_at)
    if outcome == CallOutcome.CALL_BACK:
        if call_back_at is None:
            raise FulfilmentError(_("Give the time to call back."), "call_back_at")
        if call_back_at <= now:
            raise FulfilmentError(_("The time to call back must be in the future."), "call_back_at")
        if call_back_at > now + dt.timedelta(days=30):
            raise FulfilmentError(_("Call back within 30 days."), "call_back_at")
    if outcome in (CallOutcome.REFUSED, CallOutcome.DUPLICATE) and not note:
        raise FulfilmentError(_("Write down why the order is cancelled."), "note")
    with transaction.atomic():
        task = call_claim(order=order, user=user)
        task = locks.call_task_for_update(task.pk)
        order = Order.objects.get(pk=order.pk)
        _callable_order(order)
        CallAttempt.objects.create(merchant_id=order.merchant_id, task=task, outcome=outcome, note=note,
                                   call_back_at=call_back_at if outcome == CallOutcome.CALL_BACK else None,
                                   actor=user)
        task.attempts += 1
        task.last_outcome = outcome
        task.claimed_by, task.claim_expires_at = None, None
        if outcome == CallOutcome.CONFIRMED:
            order_move(order=order, to_status=OrderStatus.CONFIRMED, actor=user, reason=note)
            task.state = CallState.CONFIRMED
        elif outcome in (CallOutcome.NO_ANSWER, CallOutcome.WRONG_NUMBER):
            task.unanswered += 1
            if task.unanswered >= conf.max_unanswered():
                reason = _("Customer not reached after %(count)s calls.") % {"count": task.unanswered}
                order_move(order=order, to_status=OrderStatus.CANCELLED, actor=user, reason=reason)
                task.state = CallState.CANCELLED
            else:
                task.next_action_at = now + dt.timedelta(minutes=conf.retry_minutes())
        elif outcome == CallOutcome.CALL_BACK:
            task.next_action_at = call_back_at
        else:
            label = _("Refused on the phone") if outcome == CallOutcome.REFUSED else _("Duplicate order")
            order_move(order=order, to_status=OrderStatus.CANCELLED, actor=user, reason=f"{label}: {note}")
            task.state = CallState.CANCELLED
            if outcome == CallOutcome.REFUSED:
                _phone_outcome(order, PhoneOutcomeKind.REFUSED)
        task.save()
    return task


# ---- carriers -----------------------------------------------------------------------------------------------

def carrier_add(*, merchant: Merchant, reference_code: str = "", name: str = "") -> Carrier:
    """Add a carrier from the reference list (by its code) or the merchant's own (by its name)."""
    name = (name or "").strip()[:120]
    if reference_code:
        ref = reference_carrier(reference_code)
        if ref is None:
            raise FulfilmentError(_("Unknown carrier in the reference list."), "reference_code")
        name, code = ref.name, ref.code
    else:
        code = slugify(name)[:60]
        if not code:
            raise FulfilmentError(_("Give the carrier's name."), "name")
    try:
        with transaction.atomic():
            return Carrier.objects.create(merchant=merchant, name=name, code=code, reference_code=reference_code)
    except IntegrityError as exc:
        raise FulfilmentConflict(_("This carrier is already in your list."), "name") from exc


def carrier_set_active(*, carrier: Carrier, active: bool) -> Carrier:
    carrier.active = active
    carrier.save(update_fields=["active"])
    return carrier


# ---- shipments ----------------------------------------------------------------------------------------------

TRACKING = re.compile(r"[A-Z0-9.\-]{1,40}", re.ASCII)


def _tracking_default(order: Order) -> str:
    return "TJ" + "".join(ch for ch in order.number.upper() if ch.isalnum())


def shipment_create(*, order: Order, carrier: Carrier, actor: AbstractBaseUser | None, tracking_number: str = "",
                    hand_over: bool = True) -> Shipment:
    """The parcel of a confirmed order with its carrier and tracking number [COD-SHIPMENT].

    Handed over at once (the default), the order moves to shipped; otherwise the shipment waits as
    "pending" (label printed) until `shipment_hand_over`.
    """
    tracking = "".join((tracking_number or "").split()).upper()[:40] or _tracking_default(order)
    if not TRACKING.fullmatch(tracking):  # what Code 39 can print on the label
        raise FulfilmentError(_("A tracking number has only letters, digits, dots and dashes."), "tracking_number")
    if carrier.merchant_id != order.merchant_id or not carrier.active:
        raise FulfilmentError(_("Choose one of your active carriers."), "carrier")
    with transaction.atomic():
        order = Order.objects.select_for_update().get(pk=order.pk)
        if order.status != OrderStatus.CONFIRMED:
            raise ShipmentStateError(_("Only a confirmed order can be shipped."))
        if Shipment.objects.filter(order_id=order.pk).exists():
            raise ShipmentStateError(_("This order already has a shipment."))
        if Shipment.objects.filter(carrier=carrier, tracking_number=tracking).exists():
            raise FulfilmentConflict(_("This tracking number is already used with this carrier."),
                                     "tracking_number")
        shipment = Shipment.objects.create(merchant_id=order.merchant_id, order=order, carrier=carrier,
                                           tracking_number=tracking)
        if hand_over:
            shipment = _hand_over(shipment, order, actor)
    return shipment


def _hand_over(shipment: Shipment, order: Order, actor) -> Shipment:
    order_move(order=order, to_status=OrderStatus.SHIPPED, actor=actor,
               reason=f"{shipment.carrier.name} {shipment.tracking_number}",
               carrier=shipment.carrier.name, tracking_number=shipment.tracking_number)  # for the buyer's e-mail
    shipment.status = ShipmentStatus.SHIPPED
    shipment.shipped_at = timezone.now()
    shipment.save(update_fields=["status", "shipped_at", "updated_at"])
    return shipment


def shipment_hand_over(*, shipment: Shipment, actor: AbstractBaseUser | None) -> Shipment:
    with transaction.atomic():
        shipment = locks.shipment_for_update(shipment.pk)
        if shipment.status != ShipmentStatus.PENDING:
            raise ShipmentStateError(_("This parcel is already with the carrier."))
        return _hand_over(shipment, shipment.order, actor)


OUTCOMES = (ShipmentStatus.DELIVERED, ShipmentStatus.REFUSED, ShipmentStatus.RETURNED, ShipmentStatus.LOST)


def shipment_outcome(*, shipment: Shipment, outcome: str, actor: AbstractBaseUser | None,
                     cash_collected: Decimal | None = None, note: str = "") -> Shipment:
    """What happened to a parcel with the carrier [COD-SHIPMENT].

    delivered: the order is delivered (a COD payment is captured) with the cash the carrier collected (the
    order total unless told otherwise); refused / returned / lost: the order is cancelled without releasing
    its stock — a refused or returned parcel's units come back at check-in, a lost parcel's never do.
    """
    note = (note or "").strip()[:255]
    if outcome not in OUTCOMES:
        raise FulfilmentError(_("Unknown delivery outcome."), "outcome")
    if cash_collected is not None and cash_collected < 0:
        raise FulfilmentError(_("The cash collected cannot be negative."), "cash_collected")
    with transaction.atomic():
        shipment = locks.shipment_for_update(shipment.pk)
        if shipment.status != ShipmentStatus.SHIPPED:
            raise ShipmentStateError(_("Parcel %(tracking)s is “%(status)s”: its outcome is already known "
                                       "or it has not been handed over.") % {
                "tracking": shipment.tracking_number, "status": ShipmentStatus(shipment.status).label})
        order = shipment.order
        now = timezone.now()
        if outcome == ShipmentStatus.DELIVERED:
            cash = order.total if cash_collected is None and order.payment_method == PaymentMethod.COD \
                else cash_collected
            order_move(order=order, to_status=OrderStatus.DELIVERED, actor=actor, reason=note)
            shipment.cash_collected = cash
            shipment.delivered_at = now
            _phone_outcome(order, PhoneOutcomeKind.DELIVERED)
        else:
            reasons = {ShipmentStatus.REFUSED: _("Parcel refused at the door"),
                       ShipmentStatus.RETURNED: _("Parcel returned by the carrier"),
                       ShipmentStatus.LOST: _("Parcel lost by the carrier")}
            reason = f"{reasons[outcome]}: {note}" if note else str(reasons[outcome])
            order_move(order=order, to_status=OrderStatus.CANCELLED, actor=actor, reason=reason, release_stock=False)
            shipment.returned_at = now
            if outcome in (ShipmentStatus.REFUSED, ShipmentStatus.RETURNED):
                _phone_outcome(order, outcome)
        shipment.status = outcome
        shipment.outcome_note = note
        shipment.save(update_fields=["status", "cash_collected", "delivered_at", "returned_at", "outcome_note",
                                     "updated_at"])
    return shipment


def shipment_check_in(*, shipment: Shipment, actor: AbstractBaseUser | None) -> Shipment:
    """A refused or returned parcel is back at the merchant's: its units go back into stock, once
    [COD-RETURN-CHECKIN]."""
    with transaction.atomic():
        now = timezone.now()
        done = Shipment.objects.filter(
            pk=shipment.pk, checked_in_at__isnull=True,
            status__in=(ShipmentStatus.REFUSED, ShipmentStatus.RETURNED),
        ).update(checked_in_at=now, updated_at=now)
        if not done:
            raise ShipmentStateError(_("Only a refused or returned parcel not yet checked in can be checked in."))
        stock.stock_release(stock.quantities_by_variant(shipment.order.lines.values_list("variant_id", "quantity")))
        shipment.refresh_from_db()
    return shipment

"""Rules of law applied to one order, computed from what the order records.

Deadlines are calendar days in the platform's time zone (Africa/Casablanca): a period whose last day is D ends
at 23:59:59 on D there, whatever the server's clock zone.
"""

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.utils import timezone

from tijara.orders.models import Order, OrderStatus, OrderStatusChange

# Law 31-08 art. 36: 7 days from receipt of the goods; 30 days when the seller did not confirm in writing
# the information of arts. 29 and 32 (the durable confirmation) by then.
WITHDRAWAL_DAYS = 7
WITHDRAWAL_DAYS_UNCONFIRMED = 30
# Law 31-08: the money is given back at the latest 15 days after the withdrawal (or after the payment of an item
# that turns out unavailable); legal interest runs from the day after.
REFUND_DAYS = 15
# Law 31-08 art. 12: the buyer may cancel once the written delivery day is passed by more than 7 days.
LATE_DELIVERY_GRACE_DAYS = 7
# Orders not yet delivered whose delivery day is this close are recalled to the merchant by the daily job.
REMIND_DAYS_BEFORE = 3

CENT = Decimal("0.01")
IN_TRANSIT = (OrderStatus.PLACED, OrderStatus.CONFIRMED, OrderStatus.SHIPPED)


def _delivered_at(order: Order) -> dt.datetime | None:
    """When the goods were delivered: recorded on the order, or (orders delivered before it was) the history."""
    if order.delivered_at is not None:
        return order.delivered_at
    if order.status not in (OrderStatus.DELIVERED, OrderStatus.COMPLETED):
        return None
    return (
        OrderStatusChange.objects.filter(order_id=order.pk, to_status=OrderStatus.DELIVERED)
        .order_by("created_at").values_list("created_at", flat=True).first()
    )


def withdrawal_days(order: Order) -> int:
    """The order's withdrawal window in days [CP-WITHDRAWAL-INFO] [CP-CONFIRMATION].

    7 when the durable confirmation was sent before the goods were delivered (or has been sent and they
    are not delivered yet); 30 otherwise — also while nothing was sent, which is what holds if the goods
    arrive now. Reads the delivery time only when a confirmation was sent.
    """
    sent = order.confirmation_sent_at
    if sent is None:
        return WITHDRAWAL_DAYS_UNCONFIRMED
    delivered_at = _delivered_at(order)
    if delivered_at is None or sent <= delivered_at:
        return WITHDRAWAL_DAYS
    return WITHDRAWAL_DAYS_UNCONFIRMED


def withdrawal_pending(order: Order) -> bool:
    """True while the window is not settled yet: no confirmation sent and the goods not delivered."""
    return order.confirmation_sent_at is None and order.status in IN_TRANSIT


def local_day(moment: dt.datetime) -> dt.date:
    """The calendar day of `moment` in the platform's time zone (Africa/Casablanca)."""
    return timezone.localtime(moment).date()


def end_of_day(day: dt.date) -> dt.datetime:
    """23:59:59 of `day` in the platform's time zone, the last instant a period ending that day accepts."""
    return timezone.make_aware(dt.datetime.combine(day, dt.time(23, 59, 59)))


def received_on(order: Order) -> dt.date | None:
    """The day the buyer received the goods (the withdrawal period runs from it), or None before delivery."""
    delivered_at = _delivered_at(order)
    return None if delivered_at is None else local_day(delivered_at)


def withdrawal_last_day(order: Order) -> dt.date | None:
    """The last day a withdrawal is accepted: receipt + 7 days, or + 30 without the confirmation in time
    [CP-WITHDRAWAL-DEADLINE]; None while the goods are not delivered."""
    start = received_on(order)
    return None if start is None else start + dt.timedelta(days=withdrawal_days(order))


def withdrawal_open(order: Order, now: dt.datetime | None = None) -> bool:
    """True from delivery until 23:59:59 Africa/Casablanca of the last day [CP-WITHDRAWAL-DEADLINE]."""
    last = withdrawal_last_day(order)
    if last is None or order.status not in (OrderStatus.DELIVERED, OrderStatus.COMPLETED):
        return False
    return (now or timezone.now()) <= end_of_day(last)


def refund_due_on(start: dt.date) -> dt.date:
    """The last day to refund, counted from the withdrawal or the payment [CP-REFUND-15-DAYS]."""
    return start + dt.timedelta(days=REFUND_DAYS)


def days_overdue(due_on: dt.date, today: dt.date) -> int:
    """Days of delay after the due day: 1 on day 16 of a 15-day refund, 0 until then."""
    return max((today - due_on).days, 0)


def legal_interest(amount: Decimal, due_on: dt.date, today: dt.date, rate: Decimal | None = None) -> Decimal:
    """Legal interest on a late refund, simple interest per day late on 365 days [CP-REFUND-INTEREST].

    Accrues from the day after the due day (day 16) at `TIJARA_LEGAL_INTEREST_RATE` a year.
    """
    rate = Decimal(str(settings.TIJARA_LEGAL_INTEREST_RATE if rate is None else rate))
    days = days_overdue(due_on, today)
    return (Decimal(amount) * rate * days / Decimal(365)).quantize(CENT, rounding=ROUND_HALF_UP)


def late_cancellation_from(order: Order) -> dt.date:
    """The first day the buyer may cancel an undelivered order: more than 7 days after its written delivery
    day [CP-DELIVERY-LATE-CANCEL]."""
    return order.deliver_by + dt.timedelta(days=LATE_DELIVERY_GRACE_DAYS + 1)


def late_cancellation_open(order: Order, today: dt.date | None = None) -> bool:
    """True when the goods have not arrived and the delivery day is passed by more than 7 days."""
    return order.status in IN_TRANSIT and (today or timezone.localdate()) >= late_cancellation_from(order)

"""Expiry of unpaid card checkouts: past the time limit their orders are cancelled and the stock goes back."""

import datetime as dt
import uuid

from django.db import transaction
from django.utils import timezone

from tijara.orders.models import OrderStatus
from tijara.payments import locks
from tijara.payments.models import (
    OPEN_STATUSES,
    SETTLED_STATUSES,
    CardAttempt,
    CardAttemptStatus,
    Payment,
    PaymentStatus,
)
from tijara.payments.services import (
    CARD,
    EXPIRY_REASON,
    _card_timeout,
    _group_deadline,
    order_move,
    payment_transition,
)


def payments_expire(*, now: dt.datetime | None = None) -> int:
    """Cancel card checkouts left unpaid past their deadline (orders cancelled, stock released); returns how
    many checkouts expired. Idempotent: an expired checkout is not looked at again [PAY-CARD-EXPIRY]."""
    now = now or timezone.now()
    late = set(
        Payment.objects.filter(provider=CARD, status__in=list(OPEN_STATUSES),
                               order__created_at__lte=now - _card_timeout())
        .values_list("order__checkout_group", flat=True).distinct()
    )
    if not late:
        return 0
    late -= set(CardAttempt.objects.filter(checkout_group__in=late, expires_at__gt=now)
                .values_list("checkout_group", flat=True))
    return sum(_checkout_expire(group, now) for group in sorted(late))


def _checkout_expire(checkout_group: uuid.UUID, now: dt.datetime) -> bool:
    with transaction.atomic():
        orders = locks.group_orders_for_update(checkout_group)
        payments = locks.group_payments_for_update(checkout_group)
        open_ = [p for p in payments if p.status in OPEN_STATUSES]
        if not open_ or any(p.provider != CARD or p.status in SETTLED_STATUSES for p in payments):
            return False  # paid, switched to cash or cancelled meanwhile
        deadline = _group_deadline(checkout_group)
        if deadline is None or deadline > now:
            return False
        for payment in open_:
            payment_transition(payment=payment, to_status=PaymentStatus.EXPIRED)
        CardAttempt.objects.filter(checkout_group=checkout_group, status=CardAttemptStatus.PENDING) \
            .update(status=CardAttemptStatus.EXPIRED)
        for order in orders:
            if order.status != OrderStatus.CANCELLED:
                order_move(order=order, to_status=OrderStatus.CANCELLED, actor=None, reason=EXPIRY_REASON)
    return True

"""Order writes: numbering, placing (inside the checkout transaction), status moves, cancellation."""

import re
from collections.abc import Iterable

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils.translation import gettext as _

from tijara.catalog.models import Variant
from tijara.merchants.models import Merchant
from tijara.orders import locks
from tijara.orders.models import Order, OrderCounter, OrderStatus, OrderStatusChange
from tijara.payments.services import payment_follow_order

NUMBER_DIGITS = 6

# placed → confirmed (customer reached by phone) → shipped → delivered (cash collected) → completed.
TRANSITIONS: dict[str, frozenset[str]] = {
    OrderStatus.PLACED: frozenset({OrderStatus.CONFIRMED, OrderStatus.CANCELLED}),
    OrderStatus.CONFIRMED: frozenset({OrderStatus.SHIPPED, OrderStatus.CANCELLED}),
    OrderStatus.SHIPPED: frozenset({OrderStatus.DELIVERED, OrderStatus.CANCELLED}),  # refused at the door
    OrderStatus.DELIVERED: frozenset({OrderStatus.COMPLETED}),
    OrderStatus.COMPLETED: frozenset(),
    OrderStatus.CANCELLED: frozenset(),
}


class OrderStateError(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def _prefix_base(slug: str) -> str:
    letters = re.sub(r"[^A-Za-z0-9]", "", slug).upper()
    return (letters[:3] or "TIJ").ljust(3, "X")


def order_counters_ensure(*, merchants: Iterable[Merchant]) -> None:
    """Give each merchant its counter row and a unique prefix (ARG, ARG2, …) before the first order.

    Runs outside the confirmation transaction, so the counter rows exist to be locked there.
    """
    missing = [m for m in merchants if not OrderCounter.objects.filter(pk=m.pk).exists()]
    for merchant in missing:
        base = _prefix_base(merchant.slug)
        for attempt in range(1, 50):
            prefix = base if attempt == 1 else f"{base}{attempt}"
            try:
                with transaction.atomic():
                    if OrderCounter.objects.filter(pk=merchant.pk).exists():
                        break
                    OrderCounter.objects.create(merchant=merchant, prefix=prefix)
                break
            except IntegrityError:
                if OrderCounter.objects.filter(pk=merchant.pk).exists():
                    break  # a concurrent checkout created it


def order_numbers_take(*, counts: dict[int, int]) -> dict[int, list[tuple[int, str]]]:
    """Take the next `n` numbers of each merchant's counter; must run inside the confirm transaction.

    The counter rows are locked (pk order) until commit, so numbers are sequential with no gaps, and a
    rolled-back checkout gives its numbers back.
    """
    taken: dict[int, list[tuple[int, str]]] = {}
    for merchant_id in sorted(counts):
        prefix, last = locks.counter_advance(merchant_id, counts[merchant_id])
        first = last - counts[merchant_id] + 1
        taken[merchant_id] = [(n, f"{prefix}-{n:0{NUMBER_DIGITS}d}") for n in range(first, last + 1)]
    return taken


def stock_release(*, order: Order) -> None:
    for variant_id, quantity in order.lines.exclude(variant_id=None).values_list("variant_id", "quantity"):
        Variant.objects.filter(pk=variant_id).update(stock=F("stock") + quantity)


def order_transition(*, order: Order, to_status: str, actor: AbstractBaseUser | None, reason: str = "") -> Order:
    """Move an order along its status machine; cancelling needs a reason and gives the stock back."""
    reason = (reason or "").strip()[:255]
    if to_status not in OrderStatus.values:
        raise OrderStateError(_("Unknown order status."))
    with transaction.atomic():
        order = locks.order_for_update(order.pk)
        if to_status not in TRANSITIONS[order.status]:
            raise OrderStateError(
                _("Order %(number)s cannot go from “%(current)s” to “%(wanted)s”.") % {
                    "number": order.number, "current": OrderStatus(order.status).label,
                    "wanted": OrderStatus(to_status).label}
            )
        if to_status == OrderStatus.CANCELLED:
            if not reason:
                raise OrderStateError(_("Give a reason for cancelling the order."))
            stock_release(order=order)
            order.cancel_reason = reason
        previous = order.status
        order.status = to_status
        order.save(update_fields=["status", "cancel_reason", "updated_at"])
        OrderStatusChange.objects.create(
            merchant_id=order.merchant_id, order=order, from_status=previous, to_status=to_status,
            actor=actor if actor is not None and actor.is_authenticated else None, note=reason,
        )
        payment_follow_order(order=order)
    return order

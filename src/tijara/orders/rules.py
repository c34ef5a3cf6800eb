"""Rules of law applied to one order, computed from what the order records."""

from tijara.orders.models import Order, OrderStatus, OrderStatusChange

# Law 31-08 art. 36: 7 days from receipt of the goods; 30 days when the seller did not confirm in writing
# the information of arts. 29 and 32 (the durable confirmation) by then.
WITHDRAWAL_DAYS = 7
WITHDRAWAL_DAYS_UNCONFIRMED = 30


def withdrawal_days(order: Order) -> int:
    """The order's withdrawal window in days [CP-WITHDRAWAL-INFO] [CP-CONFIRMATION].

    7 when the durable confirmation was sent before the goods were delivered (or has been sent and they
    are not delivered yet); 30 otherwise — also while nothing was sent, which is what holds if the goods
    arrive now. Reads the delivery time from the status history only when a confirmation was sent.
    """
    sent = order.confirmation_sent_at
    if sent is None:
        return WITHDRAWAL_DAYS_UNCONFIRMED
    delivered_at = (
        OrderStatusChange.objects.filter(order_id=order.pk, to_status=OrderStatus.DELIVERED)
        .order_by("created_at").values_list("created_at", flat=True).first()
    )
    if delivered_at is None or sent <= delivered_at:
        return WITHDRAWAL_DAYS
    return WITHDRAWAL_DAYS_UNCONFIRMED


def withdrawal_pending(order: Order) -> bool:
    """True while the window is not settled yet: no confirmation sent and the goods not delivered."""
    return order.confirmation_sent_at is None and order.status in (
        OrderStatus.PLACED, OrderStatus.CONFIRMED, OrderStatus.SHIPPED)

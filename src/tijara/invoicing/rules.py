"""When a document must state the delivery date in writing [CP-DEADLINE-3000].

Law 31-08 art. 12 and decree 2-12-503: for a sale of 3,000 MAD or more whose delivery is not immediate,
the seller states in writing the date by which it will deliver. Every tijara order ships later, so the
order page and the invoice state the order's `deliver_by` from that amount on.
"""

from decimal import Decimal

from tijara.orders.models import Order

WRITTEN_DEADLINE_FROM = Decimal("3000.00")


def delivery_date_required(total: Decimal) -> bool:
    return total >= WRITTEN_DEADLINE_FROM


def written_deadline(order: Order):
    """The delivery date the order must state in writing, or None below the amount."""
    return order.deliver_by if delivery_date_required(order.total) else None

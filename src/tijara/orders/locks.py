"""Row locks of the orders domain, always in primary-key order."""

from tijara.core.counters import counter_advance as _advance
from tijara.orders.models import Order, OrderCounter


def counter_advance(merchant_id: int, count: int) -> tuple[str, int] | None:
    """Add `count` to a merchant's counter and return (prefix, new last number), or None if it has no counter.

    One UPDATE … RETURNING (`core.counters`), which locks the counter row until the transaction ends (callers
    go through merchants in pk order)."""
    row = _advance(OrderCounter, where={"merchant_id": merchant_id}, count=count, returning=("prefix", "last_number"))
    return None if row is None else (row[0], row[1])


def order_for_update(order_id: int) -> Order:
    return Order.objects.select_for_update().get(pk=order_id)

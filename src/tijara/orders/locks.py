"""Row locks of the orders domain, always in primary-key order."""

from collections.abc import Iterable

from tijara.orders.models import Order, OrderCounter


def counters_for_update(merchant_ids: Iterable[int]) -> dict[int, OrderCounter]:
    rows = OrderCounter.objects.select_for_update().filter(pk__in=set(merchant_ids)).order_by("pk")
    return {row.pk: row for row in rows}


def order_for_update(order_id: int) -> Order:
    return Order.objects.select_for_update().get(pk=order_id)

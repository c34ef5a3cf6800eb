"""Row locks of the orders domain, always in primary-key order."""

from django.db import connection

from tijara.orders.models import Order, OrderCounter


def counter_advance(merchant_id: int, count: int) -> tuple[str, int] | None:
    """Add `count` to a merchant's counter and return (prefix, new last number), or None if it has no counter.

    One UPDATE … RETURNING, which locks the counter row until the transaction ends (callers go through
    merchants in pk order)."""
    qn = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {qn(OrderCounter._meta.db_table)} SET {qn('last_number')} = {qn('last_number')} + %s "
            f"WHERE {qn('merchant_id')} = %s RETURNING {qn('prefix')}, {qn('last_number')}",
            [count, merchant_id],
        )
        row = cursor.fetchone()
    return None if row is None else (row[0], row[1])


def order_for_update(order_id: int) -> Order:
    return Order.objects.select_for_update().get(pk=order_id)

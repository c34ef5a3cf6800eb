"""The delivery-day limit, written once: law 31-08 on consumer protection (distance selling) has an order
carried out, unless agreed otherwise, within 30 days counted from the day after the order [CP-DELIVERY-30].

Pure Python on purpose (no import from other tijara apps): the shipping settings, the checkout and order
placement all read the limit and the deadline from here.
"""

from datetime import date, timedelta

# The day after the order, then 30 days: the latest delivery day is 31 days after the day of the order.
MAX_DELIVERY_DAYS = 31


def deliver_by(order_day: date, delivery_days_max: int) -> date:
    """The latest delivery day of an order placed on `order_day` (its calendar day in Morocco): the method's
    promise, capped by the legal limit."""
    if delivery_days_max < 0:
        raise ValueError("delivery_days_max cannot be negative")
    return order_day + timedelta(days=min(delivery_days_max, MAX_DELIVERY_DAYS))

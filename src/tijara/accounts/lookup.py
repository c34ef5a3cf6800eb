"""Finding an order with its number and e-mail, throttled [SEC-AUTH-LOOKUP].

Order numbers follow each other in a store, so without a limit anyone could try e-mails against numbers
(or numbers against an e-mail) by the hundred. Failed look-ups are counted per address and per order
number; past the limit every look-up from that address, or for that number, is refused for a while with the
same message whether or not the order exists. A successful look-up costs nothing.
"""

from tijara.accounts.passwords import TooManyRequests
from tijara.core.throttle import throttle_take, throttle_wait
from tijara.orders import selectors as order_selectors
from tijara.orders.models import Order

PER_ADDRESS = (20, 900)  # failed look-ups per address per 15 minutes
PER_NUMBER = (10, 900)  # failed look-ups per order number per 15 minutes


def order_lookup(*, number: str, email: str, ip: str) -> Order | None:
    """The order with this number and e-mail, None when there is none; raises TooManyRequests past the limit."""
    number, email = number.strip()[:32], email.strip()[:254]
    keys = (("lookup-address", ip, PER_ADDRESS), ("lookup-number", number.upper(), PER_NUMBER))
    wait = max(throttle_wait(scope, key, limit=lim, window_seconds=win) for scope, key, (lim, win) in keys)
    if wait:
        raise TooManyRequests(wait)
    order = order_selectors.order_for_customer(number=number, email=email) if number and email else None
    if order is None:
        for scope, key, (lim, win) in keys:
            throttle_take(scope, key, limit=lim, window_seconds=win)
    return order

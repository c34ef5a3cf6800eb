"""Row locks of the payments domain, always in primary-key order.

One order across the domain so two writers never wait on each other in a circle: a checkout group's
orders first, then its payments, then its card attempts (`order_move` already locks an order before its
payment). A refund locks only its payment.
"""

import uuid

from tijara.orders.models import Order
from tijara.payments.models import CardAttempt, Payment


def group_orders_for_update(checkout_group: uuid.UUID) -> list[Order]:
    return list(Order.objects.select_for_update().filter(checkout_group=checkout_group).order_by("pk"))


def group_payments_for_update(checkout_group: uuid.UUID) -> list[Payment]:
    return list(Payment.objects.select_for_update(of=("self",)).filter(order__checkout_group=checkout_group)
                .order_by("pk"))


def attempt_for_update(attempt_id: int) -> CardAttempt:
    return CardAttempt.objects.select_for_update().get(pk=attempt_id)


def payment_for_update(payment_id: int) -> Payment:
    return Payment.objects.select_for_update().get(pk=payment_id)

"""A buyer with an account and two orders at two stores, as the data-protection tests need."""

from django.contrib.auth import get_user_model

from tests.checkout.helpers import new_key
from tijara.checkout.services import checkout_confirm, checkout_prepare
from tijara.orders.models import Order
from tijara.payments.services import order_move

EMAIL, NAME, PHONE = "salma@example.ma", "Salma Bennani", "+212612345678"


def buyer_with_orders(cart, *, deliver: bool = True):
    user = get_user_model().objects.create_user(EMAIL, "a-long-pass-phrase-9", full_name=NAME, phone=PHONE)
    cart.user = user
    cart.save(update_fields=["user"])
    orders = checkout_confirm(cart=cart, idempotency_key=new_key(), fingerprint=checkout_prepare(cart=cart).fingerprint,
                              user=user)
    if deliver:
        for order in orders:
            for status in ("confirmed", "shipped", "delivered"):
                order = order_move(order=Order.objects.get(pk=order.pk), to_status=status, actor=None)
    return user, [Order.objects.get(pk=o.pk) for o in orders]

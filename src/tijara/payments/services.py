"""Payment writes: creation with the order, state moves checked against payments.models.TRANSITIONS, and
`order_move`, the door pages and the API use to move an order so that its payment follows."""

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import transaction
from django.utils.translation import gettext as _

from tijara.orders.models import Order
from tijara.orders.services import order_transition
from tijara.payments.models import Payment
from tijara.payments.providers import get_provider


class PaymentStateError(Exception):
    def __init__(self, current: str, wanted: str):
        super().__init__(_("A payment cannot go from %(current)s to %(wanted)s.") % {
            "current": current, "wanted": wanted})
        self.current, self.wanted = current, wanted


def payments_create(*, orders: list[Order], provider_code: str) -> list[Payment]:
    """One pending payment per order; runs inside the confirmation transaction."""
    get_provider(provider_code)  # unknown codes never reach the database
    return Payment.objects.bulk_create(
        Payment(merchant_id=o.merchant_id, order=o, provider=provider_code, amount=o.total) for o in orders
    )


def payment_transition(*, payment: Payment, to_status: str) -> Payment:
    if payment.status == to_status:
        return payment
    if not payment.can_move_to(to_status):
        raise PaymentStateError(payment.status, to_status)
    payment.status = to_status
    payment.save(update_fields=["status", "updated_at"])
    return payment


def payment_follow_order(*, order: Order) -> Payment | None:
    """Move the order's payment as its provider says the new order status implies (inside the caller's transaction)."""
    payment = Payment.objects.select_for_update().filter(order_id=order.pk).first()
    if payment is None:
        return None
    target = get_provider(payment.provider).status_for_order(payment=payment, order_status=order.status)
    if target is None:
        return payment
    return payment_transition(payment=payment, to_status=target)


def order_move(*, order: Order, to_status: str, actor: AbstractBaseUser | None, reason: str = "") -> Order:
    """Move an order along its status machine and its payment with it, in one transaction.

    Orders know nothing of payments; this is where the two meet (a cash-on-delivery payment is captured
    when its order is delivered, cancelled with it otherwise).
    """
    with transaction.atomic():
        order = order_transition(order=order, to_status=to_status, actor=actor, reason=reason)
        payment_follow_order(order=order)
    return order

"""Payment providers and the payment state machine (the card gateway will plug in the same way)."""

import pytest

from tijara.payments.models import Payment, PaymentStatus
from tijara.payments.providers import CashOnDelivery, UnknownPaymentMethod, get_provider
from tijara.payments.services import PaymentStateError, payment_transition

pytestmark = pytest.mark.django_db


def test_cod_is_registered():
    assert isinstance(get_provider("cod"), CashOnDelivery)
    with pytest.raises(UnknownPaymentMethod):
        get_provider("bitcoin")


def test_cod_captures_at_delivery_and_cancels_with_order():
    """Cash on delivery is paid at the door, not before [PAY-COD]."""
    cod, payment = CashOnDelivery(), Payment(status=PaymentStatus.PENDING)
    assert cod.status_for_order(payment=payment, order_status="confirmed") is None
    assert cod.status_for_order(payment=payment, order_status="delivered") == PaymentStatus.CAPTURED
    assert cod.status_for_order(payment=payment, order_status="cancelled") == PaymentStatus.CANCELLED


def test_refused_payment_transition(filled_cart):
    from tests.checkout.helpers import new_key
    from tijara.checkout.services import checkout_confirm, checkout_prepare

    orders = checkout_confirm(cart=filled_cart, idempotency_key=new_key(),
                              fingerprint=checkout_prepare(cart=filled_cart).fingerprint)
    payment = orders[0].payment
    payment_transition(payment=payment, to_status=PaymentStatus.CANCELLED)
    with pytest.raises(PaymentStateError):
        payment_transition(payment=payment, to_status=PaymentStatus.CAPTURED)

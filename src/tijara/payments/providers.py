"""Payment providers behind one interface, found by code in a registry.

COD is the first provider. A card gateway registers a provider whose `start` returns the hosted-page
redirect and whose callbacks move the Payment through `payment_transition`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from tijara.payments.models import PaymentStatus

if TYPE_CHECKING:
    from tijara.payments.models import Payment


class UnknownPaymentMethod(LookupError):
    pass


@dataclass(frozen=True)
class PaymentStart:
    """What the customer must do after confirmation: nothing (COD) or follow `redirect_url` (card)."""

    redirect_url: str | None = None


class PaymentProvider(Protocol):
    code: str
    label: Promise
    description: Promise

    def start(self, *, payment: Payment) -> PaymentStart:
        """Called after the order is committed."""
        ...

    def status_for_order(self, *, payment: Payment, order_status: str) -> str | None:
        """The payment status an order status implies, or None to leave the payment as it is."""
        ...


class CashOnDelivery:
    """Cash collected by the courier: the payment is captured when the order is delivered [PAY-COD]."""

    code = "cod"
    label = _("Cash on delivery")
    description = _("Pay in cash to the courier when your parcel arrives.")

    def start(self, *, payment: Payment) -> PaymentStart:
        return PaymentStart()

    def status_for_order(self, *, payment: Payment, order_status: str) -> str | None:
        if order_status in ("delivered", "completed") and payment.status == PaymentStatus.PENDING:
            return PaymentStatus.CAPTURED
        if order_status == "cancelled" and payment.status in (PaymentStatus.PENDING, PaymentStatus.AUTHORIZED):
            return PaymentStatus.CANCELLED
        return None


_REGISTRY: dict[str, PaymentProvider] = {}


def register(provider: PaymentProvider) -> PaymentProvider:
    _REGISTRY[provider.code] = provider
    return provider


def get_provider(code: str) -> PaymentProvider:
    try:
        return _REGISTRY[code]
    except KeyError:
        raise UnknownPaymentMethod(code) from None


def available_providers() -> list[PaymentProvider]:
    return list(_REGISTRY.values())


register(CashOnDelivery())

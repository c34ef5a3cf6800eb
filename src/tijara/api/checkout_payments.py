"""Paying a confirmed checkout through the API: by card (a signed form the buyer's browser posts to the
gateway), then polling the state; a declined buyer may try again by card or pay cash on delivery.

1. `POST /carts/{token}/checkout` with `"payment_method": "card"` (or `"transfer"`, or `"cod"`).
2. `POST /carts/{token}/confirm` → the orders and `payment`: `{"state": "pending", "action_url": …, "fields": {…}}`.
   Post `fields` as an HTML form (`application/x-www-form-urlencoded`) from the buyer's browser to
   `action_url`; the bank's page sends the buyer back to the shop's own return pages.
3. `GET /checkout-groups/{group}/payment?email=…` until `state` is not `pending` (a paid basket says `paid`).
"""

import uuid
from decimal import Decimal

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema

from tijara.api.errors import ApiError
from tijara.api.schemas import ErrorOut
from tijara.core.errors import DomainError
from tijara.core.i18n import current_language
from tijara.orders.models import Order
from tijara.orders.selectors import orders_of_group
from tijara.payments import access as payment_access
from tijara.payments import services as payment_services

router = Router(tags=["checkout"])

GROUP_EXAMPLE = "0b8f5a52-6f0e-4c8e-9b7a-1f3d2c4b5a69"
# The storefront's return pages accept this key instead of the session that placed the orders (same salt there).

CARD_PAYMENT_EXAMPLE = {
    "state": "pending",
    "action_url": "https://testpayment.cmi.co.ma/fim/est3Dgate",
    "fields": {"clientid": "600000001", "storetype": "3D_PAY_HOSTING", "trantype": "PreAuth", "amount": "500.00",
               "currency": "504", "oid": "T9Q4M2K7ZP3X", "okUrl": "https://tijara.ma/fr/checkout/pay/…/ok/?k=…",
               "failUrl": "https://tijara.ma/fr/checkout/pay/…/fail/?k=…",
               "CallbackURL": "https://tijara.ma/payments/cmi/callback/", "lang": "fr", "email": "salma@example.ma",
               "BillToName": "Salma Bennani", "rnd": "4f2c…", "hashAlgorithm": "ver3", "encoding": "UTF-8",
               "HASH": "mJ3k…=="},
    "message": None,
}


class PaymentFormOut(Schema):
    state: str = Field(examples=["pending"], description="pending | paid | declined | expired | cancelled | cod | "
                                                         "transfer")
    action_url: str | None = Field(None, description="where the buyer's browser posts `fields` (card only)")
    fields: dict[str, str] = Field(default_factory=dict, description="hidden form fields, HASH included")
    message: str | None = Field(None, description="why no form could be made (the orders are kept)")

    model_config = {"json_schema_extra": {"examples": [CARD_PAYMENT_EXAMPLE]}}


class GroupOrderOut(Schema):
    number: str = Field(examples=["ARG-000001"])
    status: str = Field(examples=["placed"])
    total: str = Field(examples=["260.00"])
    payment_method: str = Field(examples=["card"])


class PaymentStateOut(Schema):
    group: str = Field(examples=[GROUP_EXAMPLE])
    state: str = Field(examples=["paid"], description="pending | paid | declined | expired | cancelled | cod | "
                                                      "transfer")
    total: str = Field(examples=["500.00"])
    orders: list[GroupOrderOut]

    model_config = {"json_schema_extra": {"examples": [{
        "group": GROUP_EXAMPLE, "state": "paid", "total": "500.00",
        "orders": [{"number": "ARG-000001", "status": "placed", "total": "260.00", "payment_method": "card"},
                   {"number": "ZEL-000001", "status": "placed", "total": "240.00", "payment_method": "card"}]}]}}


def card_urls(request: HttpRequest, group: uuid.UUID) -> payment_services.CardUrls:
    return payment_access.card_urls(group, request.build_absolute_uri)


def card_payment_out(request: HttpRequest, group: uuid.UUID) -> dict:
    """A new card attempt for the group, or its state and why there is no form (the orders stay either way)."""
    try:
        form = payment_services.card_attempt_start(checkout_group=group, language=current_language(),
                                                   urls=card_urls(request, group))
    except DomainError as exc:
        state = payment_services.checkout_payment_state(checkout_group=group)
        return {"state": state, "action_url": None, "fields": {}, "message": exc.message}
    return {"state": "pending", "action_url": form.action_url, "fields": dict(form.fields), "message": None}


def _orders(group: uuid.UUID, email: str) -> list[Order]:
    orders = orders_of_group(group)
    wanted = (email or "").strip().lower()
    if not orders or not wanted or any(o.email.lower() != wanted for o in orders):
        raise ApiError(404, _("No checkout with this id and e-mail address."), "group")
    return orders


def _state_out(group: uuid.UUID, orders: list[Order]) -> dict:
    return {
        "group": str(group), "state": payment_services.checkout_payment_state(checkout_group=group),
        "total": str(sum((o.total for o in orders), Decimal("0.00"))),
        "orders": [{"number": o.number, "status": o.status, "total": str(o.total),
                    "payment_method": o.payment_method} for o in orders],
    }


@router.get("/checkout-groups/{group}/payment", response={200: PaymentStateOut, 404: ErrorOut},
            summary="Payment state of a confirmed checkout (its id + the buyer's e-mail)")
def payment_state(request: HttpRequest, group: uuid.UUID, email: str):
    """Poll after the buyer comes back from the bank's page: `pending` until the bank's signed callback is
    verified, then `paid` or `declined` (or `expired` when the time limit passed, its orders cancelled)."""
    return _state_out(group, _orders(group, email))


@router.post("/checkout-groups/{group}/payment/card", response={201: PaymentFormOut, 404: ErrorOut, 409: ErrorOut},
             summary="A new card attempt (after a decline): the form to post to the gateway")
def payment_card_retry(request: HttpRequest, group: uuid.UUID, email: str):
    _orders(group, email)
    out = card_payment_out(request, group)
    if out["action_url"] is None:
        raise ApiError(409, out["message"], "group")
    return 201, out


@router.post("/checkout-groups/{group}/payment/cod", response={200: PaymentStateOut, 404: ErrorOut, 409: ErrorOut},
             summary="Pay cash on delivery instead of by card (the orders are kept)")
def payment_switch_to_cod(request: HttpRequest, group: uuid.UUID, email: str):
    _orders(group, email)
    try:
        payment_services.checkout_switch_to_cod(checkout_group=group)
    except DomainError as exc:
        raise ApiError(409, exc.message, "group") from exc
    return _state_out(group, orders_of_group(group))

"""Carts, checkout and order status. A whole purchase, in the OpenAPI examples:

1. `POST /carts` → `{"token": "…"}`
2. `POST /carts/{token}/lines` `{"variant_id": 41, "quantity": 2}` (again for each product; any stores)
3. `POST /carts/{token}/checkout` with customer, address, one shipping method per store, `"payment_method": "cod"`
   → the recap per store [CP-RECAP]: lines, VAT by rate, shipping fee and delay, total, seller identity, withdrawal.
4. `POST /carts/{token}/confirm` with an `Idempotency-Key` header → `{"orders": [{"number": "ARG-000001", …}]}`;
   409 with a new `recap` if a price changed since step 3 (confirm again after showing it). With `"card"`, also
   `payment` (the signed form to post to the gateway; see `checkout_payments`).
5. `GET /orders/{number}?email=…` → status.
"""

import json

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Header, Router
from pydantic import ValidationError as PydanticValidationError

from tijara.accounts.lookup import order_lookup
from tijara.accounts.passwords import TooManyRequests
from tijara.api.checkout_payments import card_payment_out
from tijara.api.checkout_schemas import (
    CartOut,
    CartTokenOut,
    CheckoutIn,
    ConfirmIn,
    LineIn,
    OrderOut,
    OrdersOut,
    QuantityIn,
    RecapChangedOut,
    RecapOut,
)
from tijara.api.errors import ApiError
from tijara.api.schemas import ErrorOut
from tijara.cart import selectors as cart_selectors
from tijara.cart import services as cart_services
from tijara.cart.models import Cart
from tijara.checkout import errors, selectors
from tijara.checkout import services as checkout_services
from tijara.checkout.recap import Recap
from tijara.core.errors import DomainError
from tijara.core.i18n import current_language
from tijara.core.throttle import client_address
from tijara.orders.models import Order, OrderStatus
from tijara.orders.rules import withdrawal_days, withdrawal_pending
from tijara.orders.texts import withdrawal_conditions

router = Router(tags=["checkout"])

# Refusals that come from the state of the cart or the catalogue, not from the request: 409, like a price change.
# 400 stays for requests the schema would refuse [SEC-API-OPENAPI].
STATE_FIELDS = frozenset({"cart", "variant_id", "details"})  # details: confirm before checkout
# Checkout details the schema cannot judge (a city id naming no city, a city outside the region given, the card
# method while the gateway is off, an ICE's check key): 422. Name, phone, e-mail and address line carry their
# rules in the schema and keep the service's 400 with its message in the visitor's language.
RULE_FIELDS = frozenset({"city", "region", "payment_method", "buyer_ice"})


def _fail(exc: DomainError) -> ApiError:
    status = 409 if exc.status == 400 and exc.field in STATE_FIELDS else exc.status
    return ApiError(status, exc.message, exc.field)


def _cart(token: str) -> Cart:
    cart = cart_selectors.cart_by_token(token)
    if cart is None:
        raise ApiError(404, _("This cart does not exist."), "token")
    return cart


def _option(option) -> dict:
    m = option.method
    return {"method_id": m.pk, "kind": m.kind, "name": m.tr("name"), "fee": str(option.fee), "free": option.free,
            "free_above": None if m.free_above is None else str(m.free_above),
            "delivery_days_min": m.delivery_days_min, "delivery_days_max": m.delivery_days_max}


def _groups(recap: Recap) -> list[dict]:
    out = []
    for g in recap.groups:
        m = g.merchant
        out.append({
            "store": {"id": m.pk, "slug": m.slug, "name": m.store_name, "legal_name": m.legal_name, "ice": m.ice,
                      "address": f"{m.address}, {m.city.tr('name')}", "phone": m.phone},
            "lines": [{
                "id": ln.line_id, "variant_id": ln.variant.pk, "sku": ln.variant.sku, "product": ln.product.tr("name"),
                "options": ln.variant.options_label, "quantity": ln.quantity, "unit_price": str(ln.unit_price),
                "price_when_added": str(ln.price_seen), "line_total": str(ln.line_total),
                "vat_rate": str(ln.vat_rate), "problem": ln.problem.message if ln.problem else None,
            } for ln in g.lines],
            "subtotal": str(g.subtotal),
            "shipping_options": [_option(o) for o in g.options],
            "shipping": _option(g.shipping) if g.shipping else None,
            "vat": [{"rate": str(r.rate), "exempt": r.exempt, "base": str(r.base), "vat": str(r.vat)} for r in g.vat_rows],
            "total": str(g.total),
            "problems": [p.message for p in g.problems],
        })
    return out


def _cart_out(cart: Cart, lines: list | None = None) -> dict:
    """The cart as the API shows it; `lines` when the caller has just read (and updated) them."""
    recap = selectors.cart_recap(cart, with_details=False) if lines is None else selectors.recap_of_lines(lines, None)
    return {"token": str(cart.token), "stores": _groups(recap), "item_count": recap.item_count,
            "total": str(recap.total)}


def _recap_out(recap: Recap) -> dict:
    d = recap.details
    assert d is not None
    return {
        "fingerprint": recap.fingerprint, "stores": _groups(recap), "total": str(recap.total),
        "delivery_address": {"full_name": d.full_name, "phone": d.phone, "email": d.email, "line": d.address_line,
                             "city": d.city.tr("name"), "region": d.region.tr("name"), "region_code": d.region_id},
        "payment_method": d.payment_method,
        "buyer_ice": d.buyer_ice,
        "withdrawal": withdrawal_conditions(),
        "price_changed": recap.any_price_changed,
    }


def _order_out(order: Order) -> dict:
    return {
        "number": order.number, "store": order.merchant.store_name, "status": order.status,
        "status_label": str(OrderStatus(order.status).label), "total": str(order.total),
        "shipping_fee": str(order.shipping_fee), "payment_method": order.payment_method,
        "deliver_by": order.deliver_by.isoformat(), "created_at": order.created_at.isoformat(),
        "lines": [{"product": ln.product_name, "sku": ln.sku, "quantity": ln.quantity,
                   "unit_price": str(ln.unit_price), "line_total": str(ln.line_total)} for ln in order.lines.all()],
        "withdrawal": withdrawal_conditions(order),
        "withdrawal_days": None if withdrawal_pending(order) else withdrawal_days(order),
        "confirmation_sent_at": order.confirmation_sent_at.isoformat() if order.confirmation_sent_at else None,
    }


def _body_fingerprint(request: HttpRequest) -> str | None:
    """The optional body {"fingerprint": ...}; an empty body confirms the last recap shown."""
    if not request.body or request.content_type != "application/json":
        return None
    try:
        data = json.loads(request.body)
        payload = ConfirmIn(**data) if isinstance(data, dict) else None
    except (ValueError, PydanticValidationError, RecursionError):  # RecursionError: JSON nested too deeply
        payload = None
    if payload is None:
        raise ApiError(400, _("The body must be a JSON object like {\"fingerprint\": \"...\"}."), "fingerprint")
    return payload.fingerprint


# --- Endpoints ----------------------------------------------------------------------------------

@router.post("/carts", response={201: CartTokenOut}, summary="Create a cart")
def cart_create(request: HttpRequest):
    return 201, {"token": str(cart_services.cart_create().token)}


@router.get("/carts/{token}", response={200: CartOut, 404: ErrorOut}, summary="Read a cart, grouped by store")
def cart_read(request: HttpRequest, token: str):
    return _cart_out(_cart(token))


@router.post("/carts/{token}/lines", response={201: CartOut, 400: ErrorOut, 404: ErrorOut, 409: ErrorOut},
             summary="Add a variant (quantities add up)")
def cart_line_add(request: HttpRequest, token: str, payload: LineIn):
    cart = _cart(token)
    lines = cart_selectors.cart_lines(cart)
    try:
        cart_services.cart_line_add(cart=cart, variant_id=payload.variant_id, quantity=payload.quantity, lines=lines)
    except DomainError as exc:
        raise _fail(exc) from None
    return 201, _cart_out(cart, lines)


@router.patch("/carts/{token}/lines/{line_id}", response={200: CartOut, 400: ErrorOut, 404: ErrorOut, 409: ErrorOut},
              summary="Change a line's quantity")
def cart_line_update(request: HttpRequest, token: str, line_id: int, payload: QuantityIn):
    cart = _cart(token)
    try:
        cart_services.cart_line_set_quantity(cart=cart, line_id=line_id, quantity=payload.quantity)
    except DomainError as exc:
        raise _fail(exc) from None
    return _cart_out(cart)


@router.delete("/carts/{token}/lines/{line_id}", response={200: CartOut, 404: ErrorOut}, summary="Remove a line")
def cart_line_remove(request: HttpRequest, token: str, line_id: int):
    cart = _cart(token)
    try:
        cart_services.cart_line_remove(cart=cart, line_id=line_id)
    except DomainError as exc:
        raise _fail(exc) from None
    return _cart_out(cart)


@router.post("/carts/{token}/checkout", response={200: RecapOut, 400: ErrorOut, 404: ErrorOut, 409: ErrorOut,
                                                 422: ErrorOut},
             summary="Give delivery details and get the recap to confirm")
def cart_checkout(request: HttpRequest, token: str, payload: CheckoutIn):
    cart = _cart(token)
    try:
        recap = checkout_services.checkout_submit(
            cart=cart, full_name=payload.customer.full_name, phone=payload.customer.phone,
            email=payload.customer.email, address_line=payload.address.line, city_id=payload.address.city_id,
            region_code=payload.address.region_code, payment_method=payload.payment_method,
            shipping_choices=payload.shipping, language=current_language(), buyer_ice=payload.customer.ice,
        )
    except DomainError as exc:
        if exc.status == 400 and exc.field in RULE_FIELDS:
            raise ApiError(422, exc.message, exc.field) from None
        raise _fail(exc) from None
    if recap.problems:
        raise _fail(recap.problems[0])
    return _recap_out(recap)


@router.post("/carts/{token}/confirm",
             response={201: OrdersOut, 400: ErrorOut, 404: ErrorOut, 409: RecapChangedOut | ErrorOut},
             summary="Confirm: place one order per store (idempotent with the Idempotency-Key header)",
             openapi_extra={"requestBody": {"required": False, "content": {"application/json": {
                 "schema": ConfirmIn.model_json_schema(),
                 "example": {"fingerprint": "9c1e…(from the recap)"}}}}})
def cart_confirm(request: HttpRequest, token: str,
                 idempotency_key: str = Header(..., alias="Idempotency-Key", min_length=8, max_length=100,
                                               pattern=r"^[!-~][ -~]{6,98}[!-~]$")):
    cart = _cart(token)
    fingerprint = _body_fingerprint(request)
    try:
        orders = checkout_services.checkout_confirm(
            cart=cart, idempotency_key=idempotency_key, fingerprint=fingerprint,
            user=request.user if getattr(request, "user", None) and request.user.is_authenticated else None,
        )
    except errors.PriceChanged:
        recap = checkout_services.checkout_prepare(cart=cart)  # this recap is now the one to confirm
        return 409, {"message": _("Prices or delivery fees changed since you saw the recap. Check the new recap, "
                                  "then confirm."), "field": "fingerprint", "recap": _recap_out(recap)}
    except DomainError as exc:
        raise _fail(exc) from None
    # Fresh orders come back with merchant and lines loaded; a replayed key's orders are read with them.
    payment = card_payment_out(request, orders[0].checkout_group) if orders[0].payment_method == "card" else None
    return 201, {"orders": [_order_out(o) for o in orders], "payment": payment}


@router.get("/orders/{number}", response={200: OrderOut, 404: ErrorOut, 429: ErrorOut},
            summary="Order status (number + e-mail)")
def order_status(request: HttpRequest, number: str, email: str):
    """Failed look-ups are limited per address and per order number: 429 with Retry-After [SEC-AUTH-LOOKUP]."""
    try:
        order = order_lookup(number=number, email=email, ip=client_address(request))
    except TooManyRequests as exc:
        raise ApiError(429, exc.message, None, headers={"Retry-After": str(exc.wait)}) from None
    if order is None:
        raise ApiError(404, _("No order with this number and e-mail address."), "number")
    return _order_out(order)

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
from ninja import Field, Header, Router, Schema
from pydantic import ValidationError as PydanticValidationError

from tijara.api.checkout_payments import PaymentFormOut, card_payment_out
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
from tijara.orders.models import Order, OrderStatus
from tijara.orders.rules import withdrawal_days, withdrawal_pending
from tijara.orders.selectors import order_for_customer
from tijara.orders.texts import withdrawal_conditions

router = Router(tags=["checkout"])

TOKEN_EXAMPLE = "6f1c2a9e-3b7d-4c55-9a43-2f0e8d1b7c10"


# --- Schemas ------------------------------------------------------------------------------------

class CartTokenOut(Schema):
    token: str = Field(examples=[TOKEN_EXAMPLE])


class LineIn(Schema):
    variant_id: int = Field(examples=[41])
    quantity: int = Field(1, examples=[2], description="at least 1, at most the stock")

    model_config = {"json_schema_extra": {"examples": [{"variant_id": 41, "quantity": 2}]}}


class QuantityIn(Schema):
    quantity: int = Field(examples=[1])


class StoreIdentityOut(Schema):
    id: int
    slug: str
    name: str
    legal_name: str
    ice: str
    address: str
    phone: str


class CartLineOut(Schema):
    id: int
    variant_id: int
    sku: str
    product: str
    options: str
    quantity: int
    unit_price: str = Field(examples=["120.00"], description="MAD TTC, re-read now")
    price_when_added: str
    line_total: str
    vat_rate: str
    problem: str | None = None


class ShippingOptionOut(Schema):
    method_id: int
    kind: str = Field(examples=["home"])
    name: str
    fee: str = Field(examples=["20.00"], description="MAD TTC for the chosen city (base fee before checkout)")
    free: bool
    free_above: str | None
    delivery_days_min: int
    delivery_days_max: int


class VatRowOut(Schema):
    rate: str = Field(examples=["20.00"])
    exempt: bool
    base: str
    vat: str


class StoreGroupOut(Schema):
    store: StoreIdentityOut
    lines: list[CartLineOut]
    subtotal: str
    shipping_options: list[ShippingOptionOut]
    shipping: ShippingOptionOut | None
    vat: list[VatRowOut]
    total: str
    problems: list[str]


class CartOut(Schema):
    token: str
    stores: list[StoreGroupOut]
    item_count: int
    total: str = Field(description="MAD TTC; includes delivery once chosen at checkout")


class CustomerIn(Schema):
    full_name: str = Field(examples=["Salma Bennani"])
    phone: str = Field(examples=["06 12 34 56 78"], description="06/07/05…, +212… or 00212…; stored as +212XXXXXXXXX")
    email: str = Field(examples=["salma@example.ma"])
    ice: str = Field("", max_length=25, examples=[""],
                     description="optional: a company buyer's ICE (15 digits, valid key), printed on the invoice")


class AddressIn(Schema):
    line: str = Field(examples=["12 Rue Ibn Batouta, Maârif"])
    city_id: int = Field(examples=[1])
    region_code: int = Field(examples=[6], description="1-12 (decree 2-15-40)")


CHECKOUT_EXAMPLE = {
    "customer": {"full_name": "Salma Bennani", "phone": "0612345678", "email": "salma@example.ma"},
    "address": {"line": "12 Rue Ibn Batouta, Maârif", "city_id": 1, "region_code": 6},
    "shipping": {"3": 5, "7": 13},
    "payment_method": "cod",
}


class CheckoutIn(Schema):
    customer: CustomerIn
    address: AddressIn
    shipping: dict[str, int] = Field(
        default_factory=dict, examples=[{"3": 5, "7": 13}], description="store id → shipping method id")
    payment_method: str = Field("cod", examples=["cod"], description="cod | card | transfer (card when the card "
                                                                      "gateway is configured)")

    model_config = {"json_schema_extra": {"examples": [CHECKOUT_EXAMPLE]}}


class AddressOut(Schema):
    full_name: str
    phone: str
    email: str
    line: str
    city: str
    region: str
    region_code: int


class RecapOut(Schema):
    fingerprint: str = Field(description="send back to /confirm to bind exactly this recap")
    stores: list[StoreGroupOut]
    total: str
    delivery_address: AddressOut
    payment_method: str
    buyer_ice: str = Field(description="the company ICE the invoices will carry, empty for a private buyer")
    withdrawal: str
    price_changed: bool


class ConfirmIn(Schema):
    fingerprint: str | None = Field(None, description="the recap's fingerprint (default: the last recap shown)")


class OrderLineOut(Schema):
    product: str
    sku: str
    quantity: int
    unit_price: str
    line_total: str


class OrderOut(Schema):
    number: str = Field(examples=["ARG-000001"])
    store: str
    status: str = Field(examples=["placed"])
    status_label: str
    total: str = Field(examples=["260.00"])
    shipping_fee: str
    payment_method: str
    deliver_by: str
    created_at: str
    lines: list[OrderLineOut]
    withdrawal: str = Field(description="the withdrawal conditions of this order, as its page and documents say them")
    withdrawal_days: int | None = Field(None, description="7 or 30 once settled (law 31-08 art. 36); null while "
                                        "the written confirmation is not sent and the goods not delivered")
    confirmation_sent_at: str | None = Field(None, description="when the durable confirmation was e-mailed")


class OrdersOut(Schema):
    orders: list[OrderOut]
    payment: PaymentFormOut | None = Field(None, description="card only: the form the buyer posts to the gateway")

    model_config = {"json_schema_extra": {"examples": [{"orders": [
        {"number": "ARG-000001", "store": "Argania", "status": "placed", "status_label": "Placed",
         "total": "260.00", "shipping_fee": "20.00", "payment_method": "cod", "deliver_by": "2025-06-14",
         "created_at": "2025-06-09T10:12:00+01:00",
         "lines": [{"product": "Huile d'argan", "sku": "ARG-1", "quantity": 2, "unit_price": "120.00",
                    "line_total": "240.00"}]}]}]}}


class RecapChangedOut(ErrorOut):
    recap: RecapOut


# --- Helpers ------------------------------------------------------------------------------------

def _fail(exc: DomainError) -> ApiError:
    return ApiError(exc.status, exc.message, exc.field)


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
    except (ValueError, PydanticValidationError):
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


@router.post("/carts/{token}/checkout", response={200: RecapOut, 400: ErrorOut, 404: ErrorOut, 409: ErrorOut},
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
def cart_confirm(request: HttpRequest, token: str, idempotency_key: str = Header(..., alias="Idempotency-Key")):
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


@router.get("/orders/{number}", response={200: OrderOut, 404: ErrorOut}, summary="Order status (number + e-mail)")
def order_status(request: HttpRequest, number: str, email: str):
    order = order_for_customer(number=number, email=email)
    if order is None:
        raise ApiError(404, _("No order with this number and e-mail address."), "number")
    return _order_out(order)

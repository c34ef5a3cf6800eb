"""Merchant back-office endpoints (products, orders), scoped to the signed-in user's merchant.

A team member's session (Ninja checks the CSRF token on writes) or a merchant API token with the right scope
(tijara.api.auth). The merchant always comes from the caller's membership, never from the request, so another
merchant's id answers 404.
"""

from datetime import date, datetime
from typing import Literal

from django.http import HttpRequest
from ninja import Router, Schema
from pydantic import ConfigDict, Field

from tijara.api.auth import merchant_auth, scope_required
from tijara.api.errors import ApiError
from tijara.api.schemas import ErrorOut, IsoDate, JsonInt, PositiveAmount, VariantOut
from tijara.catalog import selectors as catalog_selectors
from tijara.catalog.services import CatalogError, product_save
from tijara.core.errors import DomainError
from tijara.core.i18n import current_language
from tijara.core.models import VatClass
from tijara.orders import selectors as order_selectors
from tijara.orders.models import OrderStatus
from tijara.orders.services import TRANSITIONS, OrderStateError
from tijara.payments.services import order_move

router = Router(tags=["merchant"], auth=merchant_auth)


class VariantIn(Schema):
    model_config = ConfigDict(strict=True)  # a number is a number, not "5" nor 5.0: as the document says

    id: JsonInt | None = None
    sku: str = Field(min_length=1, max_length=64)
    price: PositiveAmount
    stock: JsonInt = Field(ge=0, le=10_000_000)
    options: dict[str, str] = {}


class ProductIn(Schema):
    model_config = ConfigDict(strict=True)

    name_fr: str = Field(min_length=1, max_length=200)
    name_ar: str = Field("", max_length=200)
    name_en: str = Field("", max_length=200)
    description_fr: str = ""
    description_ar: str = ""
    description_en: str = ""
    category: str = Field(description="category slug")
    vat_class: Literal[*VatClass.values] = VatClass.STANDARD  # type: ignore[valid-type]
    is_published: bool = True
    non_withdrawable: Literal["", "personalised", "perishable", "unsealed_media"] = Field(
        "", description="why the withdrawal right does not apply (law 31-08 art. 38); empty: it applies")
    variants: list[VariantIn] = Field(min_length=1, max_length=50)


class MerchantProductOut(Schema):
    id: int
    slug: str
    names: dict[str, str]
    price: str
    is_published: bool
    non_withdrawable: str
    category: str
    vat_class: str
    variants: list[VariantOut] = []


class MerchantProductPageOut(Schema):
    items: list[MerchantProductOut]
    count: int
    page: int
    pages: int


def _membership(request: HttpRequest, scope: str = "catalog:read"):
    """The caller's team seat if its token (or session) has `scope` and its role allows it; else 403."""
    return scope_required(request, scope)


def _product_out(product, with_variants: bool) -> dict:
    data = {
        "id": product.pk, "slug": product.slug,
        "names": {"fr": product.name_fr, "ar": product.name_ar, "en": product.name_en},
        "price": str(product.price), "is_published": product.is_published,
        "non_withdrawable": product.non_withdrawable, "category": product.category.slug, "vat_class": product.vat_class,
    }
    if with_variants:
        data["variants"] = [
            {"id": v.pk, "sku": v.sku, "price": str(v.price), "stock": v.stock,
             "options": {str(k): str(val) for k, val in v.options.items()}}
            for v in product.variants.all()
        ]
    return data


@router.get("/products", response={200: MerchantProductPageOut, 401: ErrorOut, 403: ErrorOut},
            summary="My store's products")
def list_products(request: HttpRequest, q: str = "", page: int = 1):
    membership = _membership(request, "catalog:read")
    current = catalog_selectors.merchant_product_page(membership.merchant, query=q[:100], page=page)
    return {"items": [_product_out(p, False) for p in current.object_list], "count": current.paginator.count,
            "page": current.number, "pages": current.paginator.num_pages}


def _own(membership, product_id: int):
    try:
        return catalog_selectors.merchant_product(membership.merchant, product_id)
    except catalog_selectors.NotFound as exc:
        raise ApiError(404, "product not found", "product_id") from exc


@router.get("/products/{product_id}", response={200: MerchantProductOut, 401: ErrorOut, 404: ErrorOut},
            summary="One of my store's products")
def get_product(request: HttpRequest, product_id: int):
    return _product_out(_own(_membership(request, "catalog:read"), product_id), True)


def _save(membership, product, payload: ProductIn):
    try:
        category = catalog_selectors.category_by_slug(payload.category)
    except catalog_selectors.NotFound as exc:
        raise ApiError(404, "unknown category", "category") from exc
    if payload.vat_class not in VatClass.values:
        raise ApiError(400, "unknown VAT class", "vat_class")
    try:
        saved = product_save(
            merchant=membership.merchant, product=product, category=category,
            names={"fr": payload.name_fr, "ar": payload.name_ar, "en": payload.name_en},
            descriptions={"fr": payload.description_fr, "ar": payload.description_ar, "en": payload.description_en},
            vat_class=payload.vat_class, is_published=payload.is_published,
            variants=[v.dict() for v in payload.variants], non_withdrawable=payload.non_withdrawable,
        )
    except CatalogError as exc:  # SKUs in use and publishing refused conflict with the store's state: 409
        raise ApiError(409 if exc.field in ("sku", "is_published") else 400, exc.message, exc.field) from exc
    return _product_out(catalog_selectors.merchant_product(membership.merchant, saved.pk), True)


@router.post("/products", response={201: MerchantProductOut, 400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut,
                                    409: ErrorOut},
             summary="Create a product")
def create_product(request: HttpRequest, payload: ProductIn):
    return 201, _save(_membership(request, "catalog:write"), None, payload)


@router.put("/products/{product_id}", response={200: MerchantProductOut, 400: ErrorOut, 401: ErrorOut, 404: ErrorOut,
                                               409: ErrorOut},
            summary="Replace a product and its variants (variants left out are deleted)")
def update_product(request: HttpRequest, product_id: int, payload: ProductIn):
    membership = _membership(request, "catalog:write")
    return _save(membership, _own(membership, product_id), payload)


# --- Orders ------------------------------------------------------------------------------------

class OrderRowOut(Schema):
    number: str
    status: str
    status_label: str
    total: str
    currency: str = "MAD"
    customer: str
    city: str
    payment_method: str
    created_at: datetime


class OrderPageOut(Schema):
    items: list[OrderRowOut]
    count: int
    page: int
    pages: int


class OrderLineOut(Schema):
    product_name: str
    sku: str
    options: str
    quantity: int
    unit_price: str
    line_total: str
    vat_rate: str


class StatusChangeOut(Schema):
    from_status: str
    to_status: str
    note: str
    at: datetime


class OrderDetailOut(OrderRowOut):
    email: str
    phone: str
    address_line: str
    region_code: int
    shipping_name: str
    shipping_fee: str
    deliver_by: date
    subtotal: str
    cancel_reason: str
    payment_status: str | None
    next_actions: list[str]
    lines: list[OrderLineOut]
    history: list[StatusChangeOut]


class TransitionIn(Schema):
    reason: str = Field("", max_length=255, description="kept as a note")


class CancelIn(Schema):
    reason: str = Field(min_length=1, max_length=255, pattern=r"\S", description="why the order is cancelled")


# The merchant's verbs and the order status each one moves to (orders.services.TRANSITIONS decides).
ACTIONS: dict[str, str] = {
    "confirm": OrderStatus.CONFIRMED, "ship": OrderStatus.SHIPPED, "deliver": OrderStatus.DELIVERED,
    "complete": OrderStatus.COMPLETED, "cancel": OrderStatus.CANCELLED,
}


def _city_name(city) -> str:
    """The city in Arabic or French: the only two names the order list loads (no query per row)."""
    return (city.name_ar if current_language() == "ar" else "") or city.name_fr


def _order_row(order) -> dict:
    return {
        "number": order.number, "status": order.status, "status_label": str(OrderStatus(order.status).label),
        "total": str(order.total), "customer": order.full_name, "city": _city_name(order.city),
        "payment_method": order.payment_method, "created_at": order.created_at,
    }


def _order_detail(order) -> dict:
    payment = getattr(order, "payment", None)  # None when the order has no payment row
    return {
        **_order_row(order), "email": order.email, "phone": order.phone, "address_line": order.address_line,
        "region_code": order.region_id, "shipping_name": order.shipping_name, "shipping_fee": str(order.shipping_fee),
        "deliver_by": order.deliver_by, "subtotal": str(order.subtotal), "cancel_reason": order.cancel_reason,
        "payment_status": payment.status if payment is not None else None,
        "next_actions": [verb for verb, status in ACTIONS.items() if status in TRANSITIONS[order.status]],
        "lines": [{"product_name": ln.product_name, "sku": ln.sku, "options": ln.options_label,
                   "quantity": ln.quantity, "unit_price": str(ln.unit_price), "line_total": str(ln.line_total),
                   "vat_rate": str(ln.vat_rate)} for ln in order.lines.all()],
        "history": [{"from_status": c.from_status, "to_status": c.to_status, "note": c.note, "at": c.created_at}
                    for c in order.status_changes.all()],
    }


def _own_order(membership, number: str):
    order = order_selectors.merchant_order(membership.merchant, number)
    if order is None:
        raise ApiError(404, "order not found", "number")
    return order


@router.get("/orders", response={200: OrderPageOut, 401: ErrorOut, 403: ErrorOut}, summary="My store's orders")
def list_orders(request: HttpRequest, status: Literal["", *OrderStatus.values] = "",  # type: ignore[valid-type]
                payment: str = "", city: int | None = None,
                date_from: IsoDate | None = None, date_to: IsoDate | None = None, q: str = "", page: int = 1):
    """Newest first, 50 a page; filters by status, payment method, delivery city (id) and order date (inclusive)."""
    membership = _membership(request, "orders:read")
    if status and status not in OrderStatus.values:
        raise ApiError(400, f"unknown status; one of {', '.join(OrderStatus.values)}", "status")
    filters = {"status": status, "payment": payment, "city": str(city) if city is not None else "",
               "from": date_from.isoformat() if date_from else "", "to": date_to.isoformat() if date_to else "",
               "q": q[:100]}
    current = order_selectors.merchant_order_page(membership.merchant, filters=filters, page=page)
    return {"items": [_order_row(o) for o in current.object_list], "count": current.paginator.count,
            "page": current.number, "pages": current.paginator.num_pages}


@router.get("/orders/{number}", response={200: OrderDetailOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut},
            summary="One of my store's orders, with lines, payment and status history")
def get_order(request: HttpRequest, number: str):
    return _order_detail(_own_order(_membership(request, "orders:read"), number))


def _transition(request: HttpRequest, number: str, action: str, payload: TransitionIn | CancelIn | None):
    membership = _membership(request, "orders:write")
    order = _own_order(membership, number)
    reason = payload.reason if payload is not None else ""
    try:
        order_move(order=order, to_status=ACTIONS[action], actor=request.user, reason=reason)
    except OrderStateError as exc:
        missing_reason = action == "cancel" and not reason.strip()
        raise ApiError(400 if missing_reason else 409, exc.message, "reason" if missing_reason else "status") from exc
    except DomainError as exc:  # e.g. a card or transfer order that is not paid cannot ship
        raise ApiError(exc.status, exc.message, exc.field or "status") from exc
    return _order_detail(_own_order(membership, number))


TRANSITION_RESPONSES = {200: OrderDetailOut, 400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut,
                        409: ErrorOut}


@router.post("/orders/{number}/confirm", response=TRANSITION_RESPONSES,
             summary="Confirm a placed order (customer reached by phone)")
def confirm_order(request: HttpRequest, number: str, payload: TransitionIn | None = None):
    return _transition(request, number, "confirm", payload)


@router.post("/orders/{number}/ship", response=TRANSITION_RESPONSES, summary="Mark a confirmed order shipped")
def ship_order(request: HttpRequest, number: str, payload: TransitionIn | None = None):
    return _transition(request, number, "ship", payload)


@router.post("/orders/{number}/deliver", response=TRANSITION_RESPONSES,
             summary="Mark a shipped order delivered (cash collected)")
def deliver_order(request: HttpRequest, number: str, payload: TransitionIn | None = None):
    return _transition(request, number, "deliver", payload)


@router.post("/orders/{number}/complete", response=TRANSITION_RESPONSES, summary="Complete a delivered order")
def complete_order(request: HttpRequest, number: str, payload: TransitionIn | None = None):
    return _transition(request, number, "complete", payload)


@router.post("/orders/{number}/cancel", response=TRANSITION_RESPONSES,
             summary="Cancel an order not yet delivered (reason required; stock is given back)")
def cancel_order(request: HttpRequest, number: str, payload: CancelIn):
    return _transition(request, number, "cancel", payload)

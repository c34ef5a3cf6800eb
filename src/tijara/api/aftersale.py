"""After the sale in the API. Buyers (the order number and the e-mail given at checkout, as for the order status;
failed look-ups are throttled): the withdrawal window and form, the cancellation of a late delivery. Merchants
(scoped to the caller's store; another store's id answers 404): withdrawals and refunds due with their overdue
flag and legal interest, the return check-in, the refund, the cancellation of an unavailable line."""

import datetime as dt
from typing import Literal

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Path, Query, Router, Schema
from pydantic import Field

from tijara.accounts.lookup import order_lookup
from tijara.accounts.passwords import TooManyRequests
from tijara.aftersale import selectors, services
from tijara.aftersale.models import RefundDue, Withdrawal
from tijara.api.auth import merchant_auth, scope_required
from tijara.api.errors import ApiError
from tijara.api.schemas import ErrorOut
from tijara.core.errors import DomainError
from tijara.core.i18n import current_language
from tijara.core.throttle import client_address
from tijara.orders.models import Order

buyer_router = Router(tags=["after-sale"])
merchant_router = Router(tags=["merchant: after-sale"], auth=merchant_auth)

NUMBER = Path(..., max_length=32, description="order number, e.g. ARG-000042")
ID = Path(..., ge=1, le=2**31 - 1)
EMAIL = Field(min_length=3, max_length=254, description="the e-mail address given at checkout")
MONEY = Field(examples=["240.00"], description="MAD, VAT included")


class RefundDueOut(Schema):
    id: int
    order: str
    reason: str = Field(description="withdrawal | late_delivery | unavailable")
    amount: str = MONEY
    started_on: dt.date
    due_on: dt.date = Field(description="last day to refund: 15 days after the start day (law 31-08)")
    status: str = Field(description="open | refunding | settled")
    refunded: str = MONEY
    overdue_days: int = Field(ge=0, description="days past the due day; legal interest runs from day 16")
    legal_interest: str = Field(examples=["1.02"], description="MAD owed on top at today's date")
    withdrawal: int | None = Field(None, description="the withdrawal's id, when the refund comes from one")
    checked_in: bool | None = Field(None, description="whether the returned goods were checked in (withdrawals)")
    lines: list[int] = Field(description="the order lines concerned")


class LineRightOut(Schema):
    id: int
    product: str
    quantity: int
    amount: str = MONEY
    withdrawable: bool
    not_withdrawable_reason: str = Field(description="why the withdrawal right does not cover it; empty if it does")
    withdrawn: bool
    cancelled: bool


class WithdrawalRightsOut(Schema):
    order: str
    status: str
    received_on: dt.date | None = Field(description="the delivery day; the period runs from it")
    last_day: dt.date | None = Field(description="last day to withdraw, until 23:59:59 Africa/Casablanca")
    open: bool
    lines: list[LineRightOut]
    refunds_due: list[RefundDueOut]
    late_cancellation_open: bool = Field(description="the delivery is more than 7 days late: the buyer may cancel")
    late_cancellation_from: dt.date


class WithdrawalIn(Schema):
    email: str = EMAIL
    lines: list[int] = Field(default_factory=list, max_length=200,
                             description="order line ids to withdraw; empty for every line left (whole order)")


class BuyerIn(Schema):
    email: str = EMAIL


class OrderStateOut(Schema):
    order: str
    status: str
    refunds_due: list[RefundDueOut]


def _due_out(due: RefundDue, row: selectors.DueRow | None = None) -> dict:
    withdrawal: Withdrawal | None = due.withdrawal if due.withdrawal_id else None
    lines = ([wl.order_line_id for wl in withdrawal.lines.all()] if withdrawal is not None
             else [due.order_line_id] if due.order_line_id else [])
    return {
        "id": due.pk, "order": due.order.number, "reason": due.reason, "amount": str(due.amount),
        "started_on": due.started_on, "due_on": due.due_on, "status": due.status,
        "refunded": str(due.refunded_amount), "overdue_days": row.overdue_days if row else 0,
        "legal_interest": str(row.interest) if row else "0.00", "withdrawal": due.withdrawal_id,
        "checked_in": None if withdrawal is None else withdrawal.checked_in_at is not None, "lines": lines,
    }


def _buyer_order(request: HttpRequest, number: str, email: str) -> Order:
    try:
        order = order_lookup(number=number, email=email, ip=client_address(request))
    except TooManyRequests as exc:
        raise ApiError(429, exc.message, None, headers={"Retry-After": str(exc.wait)}) from None
    if order is None:
        raise ApiError(404, _("No order with this number and e-mail address."), "number")
    return order


def _rights_out(order: Order) -> dict:
    rights = selectors.order_rights(order)
    return {
        "order": order.number, "status": order.status, "received_on": rights.received_on,
        "last_day": rights.last_day, "open": rights.open,
        "lines": [{"id": r.line.pk, "product": r.line.product_name, "quantity": r.line.quantity,
                   "amount": str(r.line.line_total), "withdrawable": not r.exclusion,
                   "not_withdrawable_reason": r.exclusion, "withdrawn": r.withdrawn, "cancelled": r.cancelled}
                  for r in rights.lines],
        "refunds_due": [_due_out(due, selectors.due_row(due)) for due in rights.dues],
        "late_cancellation_open": rights.late_cancel_open, "late_cancellation_from": rights.late_cancel_from,
    }


BUYER_ERRORS = {400: ErrorOut, 404: ErrorOut, 409: ErrorOut, 429: ErrorOut}


@buyer_router.get("/orders/{number}/withdrawal", response={200: WithdrawalRightsOut, **BUYER_ERRORS},
                  summary="The withdrawal period of an order and what can still be withdrawn (number + e-mail)")
def withdrawal_rights(request: HttpRequest, number: str = NUMBER,
                      email: str = Query(..., min_length=3, max_length=254, description="the e-mail given at checkout")):
    return _rights_out(_buyer_order(request, number, email))


@buyer_router.post("/orders/{number}/withdrawals", response={201: WithdrawalRightsOut, **BUYER_ERRORS},
                   summary="Withdraw from some lines or the whole order, no reason needed (law 31-08, art. 36)")
def withdrawal_create(request: HttpRequest, payload: WithdrawalIn, number: str = NUMBER):
    """409 once the period is over (the message gives the day it ended), for a line already withdrawn, a line the
    right does not cover, or an order not delivered yet. The buyer is sent an acknowledgement."""
    order = _buyer_order(request, number, payload.email)
    try:
        services.withdrawal_request(order=order, line_ids=payload.lines, language=current_language())
    except DomainError as exc:
        raise ApiError(exc.status, exc.message, exc.field) from exc
    return 201, _rights_out(Order.objects.get(pk=order.pk))


@buyer_router.post("/orders/{number}/late-cancellation", response={200: OrderStateOut, **BUYER_ERRORS},
                   summary="Cancel an order whose delivery is more than 7 days past its deadline")
def late_cancellation(request: HttpRequest, payload: BuyerIn, number: str = NUMBER):
    order = _buyer_order(request, number, payload.email)
    try:
        order = services.order_cancel_late(order=order, actor=None)
    except DomainError as exc:
        raise ApiError(exc.status, exc.message, exc.field) from exc
    dues = RefundDue.objects.filter(order_id=order.pk).select_related("order").order_by("pk")
    return {"order": order.number, "status": order.status, "refunds_due": [_due_out(d) for d in dues]}


# ---- merchant ----------------------------------------------------------------------------------------------
MERCHANT_ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 429: ErrorOut}


class RefundDuePageOut(Schema):
    results: list[RefundDueOut]


class RefundIn(Schema):
    reference: str = Field("", max_length=100, examples=["RECU-2026-0012"],
                           description="required for cash on delivery and bank transfer refunds (409 without it)")


class LineCancelIn(Schema):
    reason: str = Field(min_length=1, max_length=255, examples=["out of stock at the supplier"])


def _domain(exc: DomainError) -> ApiError:
    """A reference the payment's method requires (cash, transfer) is the payment's state, not the body's shape:
    409, as in the merchant payments API; 400 stays for bodies the schema refuses [SEC-API-OPENAPI]."""
    status = 409 if exc.status == 400 and exc.field == "reference" else exc.status
    return ApiError(status, exc.message, exc.field)


def _one_due(membership, due_id: int) -> dict:
    for row in selectors.merchant_refund_dues(membership.merchant, limit=1, ids=[due_id]):
        return _due_out(row.due, row)
    raise ApiError(404, "refund not found", "id")


@merchant_router.get("/aftersale/refunds-due", response={200: RefundDuePageOut, **MERCHANT_ERRORS},
                     summary="My store's refunds due (withdrawals, late deliveries, unavailable items)")
def refunds_due(request: HttpRequest, state: Literal["", "open", "overdue", "settled"] = ""):
    """Oldest due day first, at most 200; `overdue` lists those past their 15 days, with the legal interest."""
    membership = scope_required(request, "orders:read")
    return {"results": [_due_out(row.due, row) for row in selectors.merchant_refund_dues(membership.merchant,
                                                                                          state=state)]}


@merchant_router.post("/aftersale/withdrawals/{withdrawal_id}/check-in",
                      response={200: RefundDueOut, **MERCHANT_ERRORS},
                      summary="The returned goods arrived: put them back into stock (once)")
def check_in(request: HttpRequest, withdrawal_id: int = ID):
    membership = scope_required(request, "orders:write")
    try:
        withdrawal = services.withdrawal_check_in(merchant_id=membership.merchant_id, withdrawal_id=withdrawal_id,
                                                  actor=request.user)
    except DomainError as exc:
        raise _domain(exc) from exc
    return _one_due(membership, withdrawal.refund_due.pk)


@merchant_router.post("/aftersale/refunds-due/{due_id}/refund", response={200: RefundDueOut, **MERCHANT_ERRORS},
                      summary="Refund through the payment provider (card: the bank; cash/transfer: recorded)")
def refund(request: HttpRequest, payload: RefundIn, due_id: int = ID):
    """Never twice: a refund already made or with the bank answers 409. The credit note is issued."""
    membership = scope_required(request, "payments")
    try:
        services.refund_due_pay(merchant_id=membership.merchant_id, refund_due_id=due_id, actor=request.user,
                                reference=payload.reference.strip())
    except DomainError as exc:
        raise _domain(exc) from exc
    return _one_due(membership, due_id)


@merchant_router.post("/orders/{number}/lines/{line_id}/unavailable", response={200: OrderStateOut, **MERCHANT_ERRORS},
                      summary="Cancel a line that turned out unavailable; the buyer is told and refunded")
def line_unavailable(request: HttpRequest, payload: LineCancelIn, number: str = NUMBER,
                     line_id: int = ID):
    membership = scope_required(request, "orders:write")
    order = selectors.merchant_order_lines(membership.merchant, number)
    if order is None:
        raise ApiError(404, "order not found", "number")
    try:
        services.order_line_unavailable(merchant_id=membership.merchant_id, order=order, line_id=line_id,
                                        actor=request.user, reason=payload.reason)
    except DomainError as exc:
        raise _domain(exc) from exc
    order = Order.objects.get(pk=order.pk)
    dues = RefundDue.objects.filter(order_id=order.pk).select_related("order").order_by("pk")
    return {"order": order.number, "status": order.status, "refunds_due": [_due_out(d) for d in dues]}

"""A merchant's order payments: read one, refund it (full or partial), confirm a bank transfer was received.

Scoped to the signed-in user's merchant like every /merchant endpoint (another store's order answers 404);
refunds and transfer receipts need the owner or manager role ("payments.manage") and, for a token, the
"payments" scope.
"""

from datetime import datetime

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Schema
from pydantic import Field

from tijara.api.auth import merchant_auth
from tijara.api.errors import ApiError
from tijara.api.merchant import _membership as membership_for_action
from tijara.api.merchant import _own_order as own_order
from tijara.api.schemas import ErrorOut, PositiveAmount
from tijara.core.errors import DomainError
from tijara.payments import refunds as payment_refunds
from tijara.payments import services as payment_services
from tijara.payments.models import Payment

router = Router(tags=["merchant"], auth=merchant_auth)


class RefundOut(Schema):
    id: int
    amount: str = Field(examples=["130.00"])
    status: str = Field(examples=["succeeded"], description="pending | succeeded | failed")
    reference: str
    provider_reference: str = Field(description="the bank's transaction id (card refunds)")
    failure_reason: str
    created_at: datetime


class PaymentOut(Schema):
    order: str = Field(examples=["ARG-000001"])
    method: str = Field(examples=["card"], description="cod | card | transfer")
    status: str = Field(examples=["partially_refunded"],
                        description="pending | authorized | captured | partially_refunded | refunded | failed | "
                                    "cancelled | expired")
    amount: str = Field(examples=["260.00"])
    captured: str = Field(examples=["260.00"])
    refunded: str = Field(examples=["130.00"])
    refundable: str = Field(examples=["130.00"])
    currency: str = "MAD"
    card_origin: str = Field(examples=["domestic"], description="domestic | foreign | empty when not a card")
    reference: str
    staff_attention: str = Field(description="why the platform's staff must look at it; empty when nothing")
    refunds: list[RefundOut]


class RefundIn(Schema):
    amount: PositiveAmount | None = Field(None, examples=["130.00"],
                                          description="MAD; leave out to refund everything still refundable")
    reference: str = Field("", max_length=100, examples=["RECU-2025-0012"],
                           description="required for cash on delivery and bank transfer refunds")

    model_config = {"json_schema_extra": {"examples": [{"amount": "130.00", "reference": ""}]}}


class TransferReceivedIn(Schema):
    reference: str = Field(min_length=1, max_length=100, pattern=r"\S", examples=["VIR-784512"],
                           description="the transfer's reference on the bank statement")


def _payment(membership, number: str) -> Payment:
    order = own_order(membership, number)
    payment = Payment.objects.filter(order_id=order.pk, merchant_id=membership.merchant_id).first()
    if payment is None:
        raise ApiError(404, _("This order has no payment."), "number")
    return payment


def _payment_out(payment: Payment) -> dict:
    return {
        "order": payment.order.number, "method": payment.provider, "status": payment.status,
        "amount": str(payment.amount), "captured": str(payment.captured_amount),
        "refunded": str(payment.refunded_amount), "refundable": str(payment.refundable_amount),
        "card_origin": payment.card_origin, "reference": payment.reference,
        "staff_attention": payment.staff_attention,
        "refunds": [{"id": r.pk, "amount": str(r.amount), "status": r.status, "reference": r.reference,
                     "provider_reference": r.provider_reference, "failure_reason": r.failure_reason,
                     "created_at": r.created_at} for r in payment.refunds.all()],
    }


def _fresh(payment: Payment) -> dict:
    return _payment_out(Payment.objects.select_related("order").get(pk=payment.pk))


@router.get("/orders/{number}/payment", response={200: PaymentOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut},
            summary="An order's payment: method, state, captured and refunded amounts, refunds")
def get_payment(request: HttpRequest, number: str):
    return _fresh(_payment(membership_for_action(request, "orders:read"), number))


@router.post("/orders/{number}/refunds",
             response={201: PaymentOut, 400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut},
             summary="Refund an order, fully or partly (card: through the bank; never more than captured)")
def create_refund(request: HttpRequest, number: str, payload: RefundIn):
    payment = _payment(membership_for_action(request, "payments"), number)
    amount = payload.amount if payload.amount is not None else payment.refundable_amount
    if amount <= 0:
        raise ApiError(409, _("Nothing is left to refund on this order."), "amount")
    try:
        payment_refunds.payment_refund(payment=payment, amount=amount, actor=request.user,
                                        reference=payload.reference.strip())
    except DomainError as exc:  # a reference the payment's method requires (cash, transfer): the payment's state
        status = 409 if exc.status == 400 and exc.field == "reference" else exc.status
        raise ApiError(status, exc.message, exc.field) from exc
    return 201, _fresh(payment)


@router.post("/orders/{number}/transfer-received",
             response={200: PaymentOut, 400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut},
             summary="Confirm that the buyer's bank transfer was received (the order may then ship)")
def confirm_transfer(request: HttpRequest, number: str, payload: TransferReceivedIn):
    payment = _payment(membership_for_action(request, "payments"), number)
    if not payload.reference.strip():
        raise ApiError(400, _("Give the transfer's reference."), "reference")
    try:
        payment_services.transfer_confirm(payment=payment, actor=request.user, reference=payload.reference.strip())
    except DomainError as exc:
        raise ApiError(exc.status, exc.message, exc.field) from exc
    return _fresh(payment)

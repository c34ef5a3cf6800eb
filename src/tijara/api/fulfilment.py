"""Merchant API of cash-on-delivery operations: the confirmation call queue and its outcomes, carriers,
shipments and their outcomes, a carrier's status file — so a call centre or a carrier integration can work
without the pages. Scoped to the caller's merchant: another merchant's order number answers 404.
"""

import re
from datetime import datetime
from typing import Literal

from django.http import HttpRequest
from django.utils.text import slugify
from ninja import Query, Router, Schema
from pydantic import Field, ValidationInfo, field_validator, model_validator

from tijara.api.auth import merchant_auth, scope_required
from tijara.api.errors import ApiError
from tijara.api.schemas import Amount, ErrorOut, IsoDateTime
from tijara.core.errors import DomainError
from tijara.fulfilment import selectors, services, status_files
from tijara.fulfilment.reference import reference_carriers
from tijara.orders import selectors as order_selectors

router = Router(tags=["merchant: cash on delivery"], auth=merchant_auth)

# Statuses of this module [SEC-API-OPENAPI]: 400 a body the schema refuses (including the conditional rules
# written as `if`/`then` and `anyOf` below); 409 the order's or the list's present state refuses it (not waiting
# for a call, already listed, tracking number taken); 422 a schema-valid body refused by a rule the schema cannot
# express (a call-back time relative to now, a status file's name or content).
NOTE_NEEDED = ("refused", "duplicate")
CALL_RULES = {"allOf": [
    {"if": {"required": ["outcome"], "properties": {"outcome": {"enum": list(NOTE_NEEDED)}}},
     "then": {"required": ["note"], "properties": {"note": {"pattern": r"\S"}}}},
    {"if": {"required": ["outcome"], "properties": {"outcome": {"const": "call_back"}}},
     "then": {"required": ["call_back_at"], "properties": {"call_back_at": {"type": "string"}}}},
]}

class RiskOut(Schema):
    delivered: int
    refused: int
    returned: int
    platform_refusal_rate: int | None = Field(
        description="percent of refusals of this number in other stores; null below the minimum of orders")


class CallOut(Schema):
    number: str
    status: str
    customer: str
    phone: str
    total: str
    next_action_at: datetime
    attempts: int
    unanswered: int
    last_outcome: str
    claimed_by: str | None
    claim_expires_at: datetime | None
    risk: RiskOut


class CallPageOut(Schema):
    items: list[CallOut]
    count: int
    page: int
    pages: int


class CallOutcomeIn(Schema):
    outcome: Literal["confirmed", "no_answer", "call_back", "wrong_number", "refused", "duplicate"]
    note: str = Field("", max_length=500, description="required (not blank) for refused and duplicate",
                      validate_default=True)
    call_back_at: IsoDateTime | None = Field(None, description="required for call_back: in the next 30 days "
                                                               "(a time in the past or later answers 422)",
                                             validate_default=True)

    model_config = {"json_schema_extra": CALL_RULES}

    # The document's `if`/`then` rules, so a body they refuse gets the same 400 as any schema error, with its field.
    @field_validator("note")
    @classmethod
    def _note_needed(cls, value: str, info: ValidationInfo) -> str:
        if info.data.get("outcome") in NOTE_NEEDED and not value.strip():
            raise ValueError("required for refused and duplicate")
        return value

    @field_validator("call_back_at")
    @classmethod
    def _time_needed(cls, value, info: ValidationInfo):
        if info.data.get("outcome") == "call_back" and value is None:
            raise ValueError("required for call_back")
        return value


class CarrierOut(Schema):
    id: int
    code: str
    name: str
    reference_code: str
    active: bool


REFERENCE_CODES = [c.code for c in reference_carriers()]
NAMED = r"[A-Za-z0-9]"  # the carrier's code is made from its name: it needs a Latin letter or a digit


class CarrierIn(Schema):
    reference_code: str = Field("", description="a code of the reference list; blank: your own",
                                json_schema_extra={"enum": [*REFERENCE_CODES, ""]})
    name: str = Field("", max_length=120, description="your own carrier's name (when reference_code is blank): "
                                                      "at least one Latin letter or digit, from which its code is made")

    model_config = {"json_schema_extra": {"anyOf": [
        {"required": ["reference_code"], "properties": {"reference_code": {"minLength": 1}}},
        {"required": ["name"], "properties": {"reference_code": {"maxLength": 0}, "name": {"pattern": NAMED}}},
    ]}}

    @field_validator("reference_code")
    @classmethod
    def _listed(cls, value: str) -> str:
        if value and value not in REFERENCE_CODES:
            raise ValueError("not a code of the reference list (see the enum)")
        return value

    @model_validator(mode="after")
    def _named(self) -> "CarrierIn":
        if not self.reference_code and not (re.search(NAMED, self.name) and slugify(self.name)):
            raise ValueError("name: give a reference_code or a name with a Latin letter or a digit")
        return self


class ShipmentOut(Schema):
    number: str
    carrier: str
    tracking_number: str
    status: str
    cash_collected: str | None
    shipped_at: datetime | None
    delivered_at: datetime | None
    returned_at: datetime | None
    checked_in_at: datetime | None
    note: str


class ShipmentPageOut(Schema):
    items: list[ShipmentOut]
    count: int
    page: int
    pages: int


class ShipmentIn(Schema):
    carrier: str = Field("", max_length=60, description="carrier code; blank: your first active carrier")
    tracking_number: str = Field("", max_length=40, pattern=r"^[A-Za-z0-9.\- ]*$",
                                 description="blank: made from the order number")
    hand_over: bool = Field(True, description="false: label only, the parcel is not with the carrier yet")


class OutcomeIn(Schema):
    outcome: Literal["delivered", "refused", "returned", "lost"]
    cash_collected: Amount | None = Field(None, description="delivered: the cash collected (default: the order total)")
    note: str = Field("", max_length=255)


class StatusRowOut(Schema):
    line: int
    tracking_number: str
    outcome: str
    error: str
    skipped: bool


class StatusFileOut(Schema):
    applied: int
    skipped: int
    errors: int
    rows: list[StatusRowOut]


def _risk(risk: selectors.PhoneRisk) -> dict:
    return {"delivered": risk.delivered, "refused": risk.refused, "returned": risk.returned,
            "platform_refusal_rate": risk.platform_refusal_rate}


def _call_out(order, risk: selectors.PhoneRisk) -> dict:
    task = getattr(order, "call_task", None)
    holder = selectors.claim_holder(task)
    return {
        "number": order.number, "status": order.status, "customer": order.full_name, "phone": order.phone,
        "total": str(order.total), "next_action_at": getattr(order, "next_action_at", None) or order.created_at,
        "attempts": task.attempts if task else 0, "unanswered": task.unanswered if task else 0,
        "last_outcome": task.last_outcome if task else "",
        "claimed_by": holder.email if holder else None, "claim_expires_at": task.claim_expires_at if holder else None,
        "risk": _risk(risk),
    }


def _own_order(membership, number: str):
    order = order_selectors.merchant_order(membership.merchant, number)
    if order is None:
        raise ApiError(404, "order not found", "number")
    return order


def _domain(exc: DomainError) -> ApiError:
    """A service's refusal of a body the schema accepted: 422 (a rule the schema cannot express), or its own 404/409."""
    return ApiError(exc.status if exc.status in (404, 409) else 422, exc.message, exc.field)


# ---- calls ----------------------------------------------------------------------------------------------------

@router.get("/calls", response={200: CallPageOut, 401: ErrorOut, 403: ErrorOut},
            summary="COD orders waiting for their confirmation call, next action first")
def list_calls(request: HttpRequest, page: int = Query(1, ge=1, le=100_000)):
    membership = scope_required(request, "orders:read")
    current = selectors.queue_page(membership.merchant, page=page)
    risks = selectors.phone_risks(membership.merchant, [o.phone for o in current.object_list])
    return {"items": [_call_out(o, risks.get(o.phone, selectors.PhoneRisk())) for o in current.object_list],
            "count": current.paginator.count, "page": current.number, "pages": current.paginator.num_pages}


CALL_RESPONSES = {200: CallOut, 400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut,
                  422: ErrorOut}


def _call_answer(membership, number: str) -> dict:
    order = _own_order(membership, number)
    order.call_task = selectors.call_task(order)
    return _call_out(order, selectors.phone_risk(membership.merchant, order.phone))


@router.post("/calls/{number}/claim", response=CALL_RESPONSES,
             summary="Take an order's call for a few minutes (409 if someone else holds it)")
def claim_call(request: HttpRequest, number: str):
    membership = scope_required(request, "orders:write")
    order = _own_order(membership, number)
    try:
        services.call_claim(order=order, user=request.user)
    except DomainError as exc:
        raise _domain(exc) from exc
    return _call_answer(membership, number)


@router.post("/calls/{number}/outcome", response=CALL_RESPONSES,
             summary="Record a call: confirmed, no answer, call back, wrong number, refused or duplicate")
def record_call(request: HttpRequest, number: str, payload: CallOutcomeIn):
    membership = scope_required(request, "orders:write")
    order = _own_order(membership, number)
    try:
        services.call_outcome_record(order=order, user=request.user, outcome=payload.outcome, note=payload.note,
                                     call_back_at=payload.call_back_at)
    except DomainError as exc:
        raise _domain(exc) from exc
    return _call_answer(membership, number)


# ---- carriers ---------------------------------------------------------------------------------------------------

def _carrier_out(c) -> dict:
    return {"id": c.pk, "code": c.code, "name": c.name, "reference_code": c.reference_code, "active": c.active}


@router.get("/carriers", response={200: list[CarrierOut], 401: ErrorOut, 403: ErrorOut}, summary="My carriers")
def list_carriers(request: HttpRequest):
    membership = scope_required(request, "orders:read")
    return [_carrier_out(c) for c in selectors.merchant_carriers(membership.merchant)]


@router.post("/carriers", response={201: CarrierOut, 400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 409: ErrorOut},
             summary="Add a carrier from the reference list or my own")
def add_carrier(request: HttpRequest, payload: CarrierIn):
    membership = scope_required(request, "orders:write")
    try:
        carrier = services.carrier_add(merchant=membership.merchant, reference_code=payload.reference_code,
                                       name=payload.name)
    except DomainError as exc:
        raise _domain(exc) from exc
    return 201, _carrier_out(carrier)


# ---- shipments --------------------------------------------------------------------------------------------------

def _shipment_out(s, number: str) -> dict:
    return {"number": number, "carrier": s.carrier.code, "tracking_number": s.tracking_number, "status": s.status,
            "cash_collected": None if s.cash_collected is None else str(s.cash_collected),
            "shipped_at": s.shipped_at, "delivered_at": s.delivered_at, "returned_at": s.returned_at,
            "checked_in_at": s.checked_in_at, "note": s.outcome_note}


@router.get("/shipments", response={200: ShipmentPageOut, 400: ErrorOut, 401: ErrorOut, 403: ErrorOut},
            summary="My parcels, newest first, 50 a page")
def list_shipments(request: HttpRequest, status: Literal["", "pending", "shipped", "delivered", "refused",
                                                         "returned", "lost"] = "",
                   page: int = Query(1, ge=1, le=100_000)):
    membership = scope_required(request, "orders:read")
    current = selectors.shipment_page(membership.merchant, status=status, page=page)
    return {"items": [_shipment_out(s, s.order.number) for s in current.object_list],
            "count": current.paginator.count, "page": current.number, "pages": current.paginator.num_pages}


SHIPMENT_RESPONSES = {200: ShipmentOut, 400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut,
                      409: ErrorOut, 422: ErrorOut}


def _own_shipment(membership, number: str):
    order = _own_order(membership, number)
    shipment = selectors.order_shipment(order)
    if shipment is None:
        raise ApiError(404, "this order has no shipment", "number")
    return shipment


@router.get("/orders/{number}/shipment", response={200: ShipmentOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut},
            summary="An order's parcel")
def get_shipment(request: HttpRequest, number: str):
    membership = scope_required(request, "orders:read")
    return _shipment_out(_own_shipment(membership, number), number)


@router.post("/orders/{number}/shipment", response={201: ShipmentOut, 400: ErrorOut, 401: ErrorOut, 403: ErrorOut,
                                                    404: ErrorOut, 409: ErrorOut, 422: ErrorOut},
             summary="Ship a confirmed order with a carrier and a tracking number")
def create_shipment(request: HttpRequest, number: str, payload: ShipmentIn | None = None):
    membership = scope_required(request, "orders:write")
    order = _own_order(membership, number)
    payload = payload or ShipmentIn()
    carriers = selectors.merchant_carriers(membership.merchant, active_only=True)
    carrier = next((c for c in carriers if c.code == payload.carrier), None) if payload.carrier else \
        (carriers[0] if carriers else None)
    if carrier is None:
        raise ApiError(404, "unknown or inactive carrier; add one with POST /carriers", "carrier")
    try:
        shipment = services.shipment_create(order=order, carrier=carrier, actor=request.user,
                                            tracking_number=payload.tracking_number, hand_over=payload.hand_over)
    except DomainError as exc:
        raise _domain(exc) from exc
    return 201, _shipment_out(shipment, number)


@router.post("/orders/{number}/shipment/hand-over", response=SHIPMENT_RESPONSES,
             summary="A parcel whose label was printed is now with the carrier")
def hand_over_shipment(request: HttpRequest, number: str):
    membership = scope_required(request, "orders:write")
    try:
        shipment = services.shipment_hand_over(shipment=_own_shipment(membership, number), actor=request.user)
    except DomainError as exc:
        raise _domain(exc) from exc
    return _shipment_out(shipment, number)


@router.post("/orders/{number}/shipment/outcome", response=SHIPMENT_RESPONSES,
             summary="What happened to a parcel: delivered (cash collected), refused, returned or lost")
def record_outcome(request: HttpRequest, number: str, payload: OutcomeIn):
    membership = scope_required(request, "orders:write")
    shipment = _own_shipment(membership, number)
    try:
        shipment = services.shipment_outcome(shipment=shipment, outcome=payload.outcome, actor=request.user,
                                             cash_collected=payload.cash_collected, note=payload.note)
    except DomainError as exc:
        raise _domain(exc) from exc
    return _shipment_out(shipment, number)


@router.post("/orders/{number}/shipment/check-in", response=SHIPMENT_RESPONSES,
             summary="A refused or returned parcel is back: its stock is released")
def check_in_shipment(request: HttpRequest, number: str):
    membership = scope_required(request, "orders:write")
    try:
        shipment = services.shipment_check_in(shipment=_own_shipment(membership, number), actor=request.user)
    except DomainError as exc:
        raise _domain(exc) from exc
    return _shipment_out(shipment, number)


STATUS_FILE_BODY = {"requestBody": {"required": True, "content": {"multipart/form-data": {"schema": {
    "type": "object", "required": ["carrier", "file"],
    "properties": {"carrier": {"type": "string", "minLength": 1, "maxLength": 60, "description": "carrier code"},
                   "file": {"type": "string", "format": "binary", "minLength": 1,
                            "description": "CSV or XLSX, 5 MB at most: a part with a filename ending in .csv or "
                                           ".xlsx (OpenAPI cannot constrain a part's filename: another name, no "
                                           "filename, or content that cannot be read answers 422)"}},
}, "encoding": {"file": {"contentType": "text/csv, application/vnd.openxmlformats-officedocument.spreadsheetml.sheet, "
                                        "application/octet-stream"}}}}}}


@router.post("/shipments/status-file", response={200: StatusFileOut, 400: ErrorOut, 401: ErrorOut, 403: ErrorOut,
                                                 404: ErrorOut, 422: ErrorOut},
             summary="A carrier's status file (CSV or XLSX): every row applied, or none when one is wrong",
             openapi_extra=STATUS_FILE_BODY)
def status_file(request: HttpRequest):
    """Columns tracking_number and status (delivered, refused, returned, lost; French and Arabic words too),
    optionally amount and note. The multipart body is read after the scope check."""
    membership = scope_required(request, "orders:write")
    upload = request.FILES.get("file")
    if upload is None:  # no part at all breaks the schema; a part without a filename cannot be read as a file
        raise ApiError(422 if "file" in request.POST else 400,
                       "send the file as multipart/form-data field 'file' with its filename", "file")
    found = selectors.merchant_carrier(membership.merchant, code=request.POST.get("carrier", "")[:60])
    if found is None:  # a reference to nothing: 404, as for an unknown order
        raise ApiError(404, "unknown carrier", "carrier")
    try:
        report = status_files.status_file_apply(carrier=found, name=upload.name or "",
                                                data=upload.read(status_files.MAX_BYTES + 1), actor=request.user)
    except DomainError as exc:
        raise _domain(exc) from exc
    return {"applied": report.applied, "skipped": report.skipped, "errors": len(report.errors),
            "rows": [{"line": r.line, "tracking_number": r.tracking, "outcome": r.outcome, "error": r.error,
                      "skipped": r.skipped} for r in report.rows]}

"""Merchant API of cash remittances: upload a carrier's remittance file, read its preview row by row, accept or
discard it, and read what each carrier still owes — so a carrier integration can reconcile without the pages.

Scope "payments" (money received) and the owner or manager role, like the pages. Another store's import answers
404. Nothing a file says counts until it is accepted; accepting applies every matching row or none.
"""

from datetime import date, datetime
from typing import Literal

from django.http import HttpRequest
from ninja import Query, Router, Schema
from pydantic import Field

from tijara.api.auth import merchant_auth, scope_required
from tijara.api.errors import ApiError
from tijara.api.schemas import ErrorOut
from tijara.core.errors import DomainError, NotFound
from tijara.fulfilment.models import Carrier
from tijara.remittances import selectors, services, tasks
from tijara.remittances.models import RemittanceImport
from tijara.remittances.reasons import failure_reason, row_reason

router = Router(tags=["merchant: cash remittances"], auth=merchant_auth)
SCOPE = "payments"
MAX_BYTES = 8 * 1024 * 1024
VerdictCode = Literal["match", "wrong_amount", "unknown", "other_merchant", "other_carrier", "not_delivered",
                      "already_reconciled", "duplicate", "bad_row"]


class ImportOut(Schema):
    id: int
    carrier: str = Field(description="the carrier's code")
    file_name: str
    status: str = Field(description="checking | preview | applying | applied | failed | discarded")
    rows: int
    progress_percent: int = Field(ge=0, le=100)
    verdicts: dict[str, int] = Field(description="rows per verdict (match, wrong_amount, unknown, …)")
    match_amount: str = Field(examples=["2400.00"], description="cash of the matching rows, MAD")
    match_fees: str = Field(examples=["250.00"], description="carrier fees of the matching rows (costs), MAD")
    never_remitted: int = Field(description="delivered parcels of this carrier absent from the file")
    rows_applied: int
    failure: str = Field(description="why an accepted import was not applied; empty otherwise")
    created_at: datetime
    applied_at: datetime | None


class RowOut(Schema):
    line: int
    reference: str
    amount: str | None
    fee: str | None
    paid_on: date | None
    verdict: str
    reason: str
    expected: str | None = Field(description="the cash the parcel collected, when it is known")


class RowPageOut(Schema):
    items: list[RowOut]
    count: int
    page: int
    pages: int


class OpenParcelOut(Schema):
    tracking_number: str
    order: str
    delivered_at: datetime | None
    owed: str


class BalanceOut(Schema):
    carrier: str
    name: str
    collected: str
    remitted: str
    fees: str = Field(description="carrier fees on remitted parcels: the store's costs")
    owed: str = Field(description="collected minus remitted")
    open_parcels: int
    oldest: datetime | None


class LedgerOut(BalanceOut):
    open_items: list[OpenParcelOut] = Field(description="parcels not remitted yet, oldest first (at most 200)")


def _import(membership, import_id: int) -> RemittanceImport:
    try:
        return selectors.import_get(membership.merchant, import_id)
    except NotFound as exc:
        raise ApiError(404, "no such remittance import", "import_id") from exc


def _import_out(membership, batch: RemittanceImport) -> dict:
    preview = selectors.import_preview(membership.merchant, batch, flagged_limit=0, match_limit=0)
    return {
        "id": batch.pk, "carrier": batch.carrier.code, "file_name": batch.file_name, "status": batch.status,
        "rows": batch.rows_total,
        "progress_percent": min(100, int(batch.progress_done * 100 / batch.progress_total)) if batch.progress_total
        else 0,
        "verdicts": {k: v for k, v in preview.counts.items() if k}, "match_amount": str(preview.match_amount),
        "match_fees": str(preview.match_fees), "never_remitted": preview.never_remitted_count,
        "rows_applied": batch.rows_applied, "failure": failure_reason(batch) if batch.status == "failed" else "",
        "created_at": batch.created_at, "applied_at": batch.applied_at,
    }


def _balance_out(b) -> dict:
    return {"carrier": b.carrier.code, "name": b.carrier.name, "collected": str(b.collected),
            "remitted": str(b.remitted), "fees": str(b.fees), "owed": str(b.owed), "open_parcels": b.open_parcels,
            "oldest": b.oldest}


IMPORT_RESPONSES = {200: ImportOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut}


UPLOAD_BODY = {"requestBody": {"required": True, "content": {"multipart/form-data": {"schema": {
    "type": "object", "required": ["carrier", "file"],
    "properties": {"carrier": {"type": "string", "minLength": 1, "maxLength": 60, "description": "the carrier's code"},
                   "file": {"type": "string", "format": "binary", "minLength": 1,
                            "description": "CSV or XLSX, 8 MB at most: a part with a filename ending in .csv or "
                                           ".xlsx (OpenAPI cannot constrain a part's filename: another name, no "
                                           "filename, or content that cannot be read answers 422; over 8 MB, 413)"}},
}, "encoding": {"file": {"contentType": "text/csv, application/vnd.openxmlformats-officedocument.spreadsheetml.sheet, "
                                        "application/octet-stream"}}}}}}


@router.post("/remittances", response={201: ImportOut, 400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut,
                                       413: ErrorOut, 422: ErrorOut},
             summary="Upload a carrier's remittance file (CSV or XLSX): every row is checked, nothing applied yet",
             openapi_extra=UPLOAD_BODY)
def upload_remittance(request: HttpRequest):
    """The multipart body is read after the scope check; its rules the schema cannot carry answer 422
    [SEC-API-OPENAPI]."""
    membership = scope_required(request, SCOPE)
    carrier = request.POST.get("carrier", "")
    if not 1 <= len(carrier) <= 60:
        raise ApiError(400, "carrier: 1 to 60 characters", "carrier")
    file = request.FILES.get("file")
    if file is None:  # no part at all breaks the schema; a part without a filename cannot be read as a file
        raise ApiError(422 if "file" in request.POST else 400,
                       "send the file as multipart/form-data field 'file' with its filename", "file")
    found = Carrier.objects.filter(merchant=membership.merchant, code=carrier).first()
    if found is None:  # a reference to nothing: 404, as for an unknown order
        raise ApiError(404, "unknown carrier", "carrier")
    if (file.size or 0) > MAX_BYTES:
        raise ApiError(413, "the file is too large (at most 8 MB)", "file")
    try:
        batch = services.remittance_upload(merchant=membership.merchant, carrier_id=found.pk, actor=request.user,
                                           name=file.name or "", data=file.read(MAX_BYTES + 1))
    except DomainError as exc:
        raise ApiError(422, exc.message, exc.field or "file") from exc
    tasks.remittance_check_queue(batch.pk)
    return 201, _import_out(membership, _import(membership, batch.pk))


@router.get("/remittances/{import_id}", response=IMPORT_RESPONSES,
            summary="A remittance import: progress, rows per verdict, what accepting would apply")
def get_remittance(request: HttpRequest, import_id: int):
    membership = scope_required(request, SCOPE)
    return _import_out(membership, _import(membership, import_id))


@router.get("/remittances/{import_id}/rows", response={200: RowPageOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut},
            summary="The rows of an import with their verdict and reason, 200 per page")
def remittance_rows(request: HttpRequest, import_id: int, verdict: VerdictCode | None = None,
                    page: int = Query(1, ge=1, le=1000)):
    membership = scope_required(request, SCOPE)
    batch = _import(membership, import_id)
    rows, count = selectors.import_rows(membership.merchant, batch, verdict=verdict, page=page, size=200)
    return {"items": [{"line": r.line, "reference": r.reference, "amount": None if r.amount is None else str(r.amount),
                       "fee": None if r.fee is None else str(r.fee), "paid_on": r.paid_on, "verdict": r.verdict,
                       "reason": row_reason(r), "expected": None if r.expected is None else str(r.expected)}
                      for r in rows],
            "count": count, "page": page, "pages": max(1, -(-count // 200))}


@router.post("/remittances/{import_id}/accept", response=IMPORT_RESPONSES,
             summary="Accept the preview: every matching row is marked remitted, or none (409 when nothing can be)")
def accept_remittance(request: HttpRequest, import_id: int):
    membership = scope_required(request, SCOPE)
    batch = _import(membership, import_id)
    try:
        services.remittance_accept(merchant=membership.merchant, batch_id=batch.pk, actor=request.user)
    except DomainError as exc:
        raise ApiError(409, exc.message, exc.field) from exc
    tasks.remittance_apply_queue(batch.pk)
    return _import_out(membership, _import(membership, batch.pk))


@router.post("/remittances/{import_id}/discard", response=IMPORT_RESPONSES,
             summary="Discard the preview: nothing is applied")
def discard_remittance(request: HttpRequest, import_id: int):
    membership = scope_required(request, SCOPE)
    batch = _import(membership, import_id)
    try:
        services.remittance_discard(merchant=membership.merchant, batch_id=batch.pk)
    except DomainError as exc:
        raise ApiError(409, exc.message, exc.field) from exc
    return _import_out(membership, _import(membership, batch.pk))


@router.get("/carrier-balances", response={200: list[BalanceOut], 401: ErrorOut, 403: ErrorOut},
            summary="What each carrier owes: cash collected, remitted, fees (costs), still owed")
def carrier_balances(request: HttpRequest):
    membership = scope_required(request, SCOPE)
    return [_balance_out(b) for b in selectors.carrier_balances(membership.merchant)]


@router.get("/carrier-ledger", response={200: LedgerOut, 400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut},
            summary="One carrier's ledger: its balance and the parcels it has not remitted, oldest first")
def carrier_ledger(request: HttpRequest, carrier: str = Query(..., min_length=1, max_length=60)):
    membership = scope_required(request, SCOPE)
    found = Carrier.objects.filter(merchant=membership.merchant, code=carrier).first()
    if found is None:
        raise ApiError(404, "unknown carrier", "carrier")
    ledger = selectors.carrier_ledger(membership.merchant, found.pk)
    return {**_balance_out(ledger.balance),
            "open_items": [{"tracking_number": i["tracking_number"], "order": i["order__number"],
                            "delivered_at": i["delivered_at"], "owed": str(i["owed"])} for i in ledger.open_items]}

"""Writes of remittances: upload a file, check it into a preview, accept (apply) or discard it.

Nothing a file says counts until the merchant accepts the preview [COD-REMIT-PREVIEW]. Accepting applies
every matching row or none [COD-REMIT-ATOMIC]: the rows are checked again, the parcels locked in id order,
checked once more under the lock, and one receipt per parcel is written in one transaction; a parcel
received meanwhile (another import of the same file) fails the whole import with the line at fault.
Checking and applying run as background jobs (tasks.py) that record their progress for the progress bar.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from decimal import Decimal

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, Q
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from tijara.core.errors import DomainError, NotFound
from tijara.fulfilment.models import Carrier, Shipment
from tijara.merchants.models import Merchant
from tijara.orders.models import Order
from tijara.remittances import locks
from tijara.remittances.matching import ParcelFacts, judge
from tijara.remittances.models import CashReceipt, ImportStatus, RemittanceImport, RemittanceRow, Verdict
from tijara.remittances.parsing import read_remittance

CHUNK = 1000


class RemittanceStateError(DomainError):
    code = "conflict"
    status = 409


def remittance_upload(*, merchant: Merchant, carrier_id: int, actor: AbstractBaseUser | None, name: str,
                      data: bytes) -> RemittanceImport:
    """Read the file and store its rows unchecked; the check job then gives each row its verdict."""
    carrier = Carrier.objects.filter(merchant=merchant, pk=carrier_id).first() if 0 < carrier_id < 2**63 else None
    if carrier is None:
        raise NotFound(_("Choose one of your carriers."), "carrier")
    parsed = read_remittance(name=name, data=data)  # a file that cannot be used is refused now, whole
    return RemittanceImport.objects.create(
        merchant=merchant, carrier=carrier, file_name=name[-200:], created_by=actor, data=data,
        file_sha256=hashlib.sha256(data).hexdigest(), rows_total=len(parsed), progress_total=len(parsed))


def _parcels(merchant_id: int, references: Iterable[str]) -> tuple[dict[str, ParcelFacts], set[str]]:
    """The merchant's parcels named by these tracking or order numbers, and the numbers of other stores' orders.

    Two queries per chunk of rows, whatever its size: the merchant's shipments by tracking or order
    number (upper case, as carriers print them), then order numbers that belong to another store.
    """
    given = {r for r in references if r}
    refs = {r.upper() for r in given}
    if not refs:
        return {}, set()
    received = CashReceipt.objects.filter(shipment=OuterRef("pk"))
    names = list(given | refs)
    facts: dict[str, ParcelFacts] = {}
    for s in (Shipment.objects.filter(merchant_id=merchant_id)
              .filter(Q(tracking_number__in=names) | Q(order__number__in=names))
              .annotate(reconciled=Exists(received), expected=Coalesce("cash_collected", "order__total"))
              .values("pk", "carrier_id", "status", "expected", "reconciled", "tracking_number", "order__number")):
        parcel = ParcelFacts(s["pk"], s["carrier_id"], s["status"], Decimal(s["expected"]), s["reconciled"])
        facts.setdefault(s["order__number"].upper(), parcel)
        facts[s["tracking_number"].upper()] = parcel
    unknown = [g for g in given if g.upper() not in facts]
    others: set[str] = set()
    if unknown:
        others = {n.upper() for n in Order.objects.filter(number__in=unknown + [u.upper() for u in unknown])
                  .exclude(merchant_id=merchant_id).values_list("number", flat=True)}
    return facts, others


def _judge_rows(batch: RemittanceImport, rows: list[RemittanceRow], seen: dict) -> list[RemittanceRow]:
    facts, others = _parcels(batch.merchant_id, (r.reference for r in rows if not r.problem))
    for row in rows:
        ref = row.reference.upper()
        result = judge(line=row.line, reference=row.reference, amount=row.amount, problem=row.problem,
                       carrier_id=batch.carrier_id, parcel=facts.get(ref), other_merchant=ref in others, seen=seen)
        row.verdict, row.shipment_id = result.verdict, result.shipment_id
        row.expected, row.first_line = result.expected, result.first_line
    return rows


def remittance_check(*, batch_id: int) -> RemittanceImport:
    """Give every row its verdict, a chunk at a time, recording the progress; then wait for the merchant."""
    batch = RemittanceImport.objects.get(pk=batch_id)
    if batch.status != ImportStatus.CHECKING:
        return batch
    parsed = read_remittance(name=batch.file_name, data=bytes(batch.data))
    RemittanceRow.objects.filter(batch=batch).delete()  # a job run again after a crash starts over
    seen: dict = {}
    for start in range(0, len(parsed), CHUNK):
        rows = [RemittanceRow(merchant_id=batch.merchant_id, batch=batch, line=r.line, reference=r.reference,
                              amount=r.amount, fee=r.fee, paid_on=r.paid_on, problem=r.problem)
                for r in parsed[start:start + CHUNK]]
        _judge_rows(batch, rows, seen)
        with transaction.atomic():
            RemittanceRow.objects.bulk_create(rows)
            RemittanceImport.objects.filter(pk=batch.pk).update(progress_done=start + len(rows),
                                                                updated_at=timezone.now())
    done = len(parsed)
    matches = RemittanceRow.objects.filter(batch=batch, verdict=Verdict.MATCH).count()
    RemittanceImport.objects.filter(pk=batch.pk, status=ImportStatus.CHECKING).update(
        status=ImportStatus.PREVIEW, progress_done=done, progress_total=matches, data=b"", updated_at=timezone.now())
    batch.refresh_from_db()
    return batch


def remittance_accept(*, merchant: Merchant, batch_id: int, actor: AbstractBaseUser | None) -> RemittanceImport:
    """The merchant accepts the preview: its matching rows will be applied together (by the apply job)."""
    batch = RemittanceImport.objects.filter(merchant=merchant, pk=batch_id).first() if 0 < batch_id < 2**63 else None
    if batch is None:
        raise NotFound(_("No such remittance import."))
    if not RemittanceRow.objects.filter(batch=batch, verdict=Verdict.MATCH).exists():
        raise RemittanceStateError(_("No row of this file matches a delivered parcel: there is nothing to apply."))
    moved = RemittanceImport.objects.filter(pk=batch.pk, status=ImportStatus.PREVIEW).update(
        status=ImportStatus.APPLYING, progress_done=0, updated_at=timezone.now())
    if not moved:  # a double click, or another member accepted or discarded it first
        raise RemittanceStateError(_("This import is no longer waiting for a decision."))
    batch.refresh_from_db()
    return batch


def remittance_discard(*, merchant: Merchant, batch_id: int) -> RemittanceImport:
    batch = RemittanceImport.objects.filter(merchant=merchant, pk=batch_id).first() if 0 < batch_id < 2**63 else None
    if batch is None:
        raise NotFound(_("No such remittance import."))
    if not RemittanceImport.objects.filter(pk=batch.pk, status=ImportStatus.PREVIEW).update(
            status=ImportStatus.DISCARDED, updated_at=timezone.now()):
        raise RemittanceStateError(_("This import is no longer waiting for a decision."))
    batch.refresh_from_db()
    return batch


def _fail(batch: RemittanceImport, verdict: str, line: int | None) -> RemittanceImport:
    RemittanceImport.objects.filter(pk=batch.pk, status=ImportStatus.APPLYING).update(
        status=ImportStatus.FAILED, failure=verdict, failure_line=line, updated_at=timezone.now())
    batch.refresh_from_db()
    return batch


def remittance_apply(*, batch_id: int) -> RemittanceImport:
    """Apply an accepted import: every matching row becomes a cash receipt, or none does [COD-REMIT-ATOMIC]."""
    batch = RemittanceImport.objects.get(pk=batch_id)
    if batch.status != ImportStatus.APPLYING:
        return batch
    matches = list(RemittanceRow.objects.filter(batch=batch, verdict=Verdict.MATCH).order_by("line"))
    # 1. Check every matching row again (the parcels may have changed since the preview), with progress.
    for start in range(0, len(matches), CHUNK):
        chunk = matches[start:start + CHUNK]
        expected = {r.pk: (r.shipment_id, r.expected) for r in chunk}
        for row in _judge_rows(batch, chunk, {}):
            if row.verdict != Verdict.MATCH or (row.shipment_id, row.expected) != expected[row.pk]:
                return _fail(batch, row.verdict, row.line)
        RemittanceImport.objects.filter(pk=batch.pk).update(progress_done=start + len(chunk))
    # 2. Under lock: nothing received meanwhile, then one receipt per parcel, all in one transaction.
    try:
        with transaction.atomic():
            batch = locks.import_for_update(batch.pk)
            if batch.status != ImportStatus.APPLYING:
                return batch
            locks.shipments_for_update(r.shipment_id for r in matches)
            taken = set()
            ids = [r.shipment_id for r in matches]
            for start in range(0, len(ids), CHUNK):
                taken |= set(CashReceipt.objects.filter(shipment_id__in=ids[start:start + CHUNK])
                             .values_list("shipment_id", flat=True))
            if taken:
                first = next(r for r in matches if r.shipment_id in taken)
                raise _Taken(first.line)
            CashReceipt.objects.bulk_create(
                [CashReceipt(merchant_id=batch.merchant_id, carrier_id=batch.carrier_id, shipment_id=r.shipment_id,
                             batch=batch, line=r.line, amount=r.amount, fee=r.fee, paid_on=r.paid_on)
                 for r in matches], batch_size=2000)
            batch.status = ImportStatus.APPLIED
            batch.rows_applied = len(matches)
            batch.progress_done = len(matches)
            batch.applied_at = timezone.now()
            batch.save(update_fields=["status", "rows_applied", "progress_done", "applied_at", "updated_at"])
    except _Taken as taken:
        return _fail(batch, Verdict.ALREADY_RECONCILED, taken.line)
    except IntegrityError:  # received by a concurrent import between our check and our insert
        return _fail(batch, Verdict.ALREADY_RECONCILED, None)
    return batch


class _Taken(Exception):
    def __init__(self, line: int):
        super().__init__(line)
        self.line = line

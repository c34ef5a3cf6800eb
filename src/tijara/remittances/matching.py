"""The verdict of one remittance row, as a pure function of what the database says about its parcel.

Kept apart from the services so the rules read in one place and are tested without a file: unreadable,
unknown, another store's order, duplicated, another carrier's parcel, already reconciled, not delivered,
wrong amount, or a match. Only a match is ever applied [COD-REMIT-PREVIEW].
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from tijara.fulfilment.models import ShipmentStatus
from tijara.remittances.models import Verdict


@dataclass(frozen=True)
class ParcelFacts:
    """What a row is checked against: one of the merchant's shipments."""

    shipment_id: int
    carrier_id: int
    status: str
    expected: Decimal  # the cash collected at the door (the order total when the carrier did not say)
    reconciled: bool


@dataclass(frozen=True)
class Judgement:
    verdict: str
    shipment_id: int | None = None
    expected: Decimal | None = None
    first_line: int | None = None


def judge(*, line: int, reference: str, amount: Decimal | None, problem: str, carrier_id: int,
          parcel: ParcelFacts | None, other_merchant: bool, seen: dict) -> Judgement:
    """The verdict of a row; `seen` maps shipment ids and references met on earlier lines to their line."""
    if problem:
        return Judgement(Verdict.BAD_ROW)
    key = ("ref", reference.upper())
    first = seen.get(("parcel", parcel.shipment_id)) if parcel else seen.get(key)
    if first is not None and first < line:
        return Judgement(Verdict.DUPLICATE, parcel.shipment_id if parcel else None, first_line=first)
    seen.setdefault(key, line)
    if parcel is None:
        return Judgement(Verdict.OTHER_MERCHANT if other_merchant else Verdict.UNKNOWN)
    seen.setdefault(("parcel", parcel.shipment_id), line)
    found = parcel.shipment_id
    if parcel.carrier_id != carrier_id:
        return Judgement(Verdict.OTHER_CARRIER, found)
    if parcel.reconciled:
        return Judgement(Verdict.ALREADY_RECONCILED, found)
    if parcel.status != ShipmentStatus.DELIVERED:
        return Judgement(Verdict.NOT_DELIVERED, found)
    if amount != parcel.expected:
        return Judgement(Verdict.WRONG_AMOUNT, found, parcel.expected)
    return Judgement(Verdict.MATCH, found, parcel.expected)

"""Appending to the signed contract archive [EC-ARCHIVE].

`archive_append` runs inside the caller's transaction: the record commits with the order, acknowledgement,
confirmation or invoice it proves, or not at all. The merchant's head row is locked while appending, so
concurrent appends for one merchant queue up and the chain never forks (the unique chain position would
refuse a fork anyway).
"""

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from tijara.archive import locks, signing
from tijara.archive.models import ArchiveHead, ContractKind, ContractRecord


@dataclass(frozen=True)
class ArchiveEntry:
    merchant_id: int
    order_id: int
    kind: str
    payload: dict


def archive_append(*, merchant_id: int, order_id: int, kind: str, payload: dict) -> ContractRecord:
    """Append one signed record to the merchant's chain (inside the caller's transaction)."""
    return archive_append_many(entries=[ArchiveEntry(merchant_id, order_id, kind, payload)])[0]


def archive_append_many(*, entries: list[ArchiveEntry]) -> list[ContractRecord]:
    """Append several records at once (one per order of a checkout): a constant number of queries.

    Locks the heads of the merchants concerned (pk order), creating a head on a merchant's first record
    (INSERT … ON CONFLICT DO NOTHING, then locked like the others), writes the records and moves the heads.
    """
    if not entries:
        return []
    for entry in entries:
        if entry.kind not in ContractKind.values:
            raise ValueError(f"unknown archive record kind {entry.kind!r}")
    signing.private_key()  # without a key, fail before writing anything (ImproperlyConfigured)
    merchant_ids = {entry.merchant_id for entry in entries}
    with transaction.atomic(savepoint=False):
        heads = {head.merchant_id: head for head in locks.heads_for_update(merchant_ids)}
        if missing := merchant_ids - heads.keys():
            ArchiveHead.objects.bulk_create([ArchiveHead(merchant_id=m) for m in sorted(missing)],
                                            ignore_conflicts=True)
            heads = {head.merchant_id: head for head in locks.heads_for_update(merchant_ids)}
        now = timezone.now()
        records = []
        for entry in entries:
            head = heads[entry.merchant_id]
            text = signing.canonical_json(entry.payload)
            payload_sha256 = signing.sha256_hex(text)
            record_hash = signing.record_hash(prev_hash=head.last_hash, payload_sha256=payload_sha256,
                                              kind=entry.kind, order_id=entry.order_id, created_at=now)
            head.length += 1
            records.append(ContractRecord(
                merchant_id=entry.merchant_id, sequence=head.length, order_id=entry.order_id, kind=entry.kind,
                payload_json=text, payload_sha256=payload_sha256, prev_hash=head.last_hash,
                record_hash=record_hash, signature=signing.sign(record_hash), created_at=now,
            ))
            head.last_hash = record_hash
        records = ContractRecord.objects.bulk_create(records)
        ArchiveHead.objects.bulk_update(list(heads.values()), ["length", "last_hash"])
    return records

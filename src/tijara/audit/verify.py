"""Checking the audit chain [SEC-AUDIT-VERIFY]: every record's hash recomputed, every link to the previous
record's hash followed, no gap in the sequence, and the head pointing at the last record. The first broken
link is named so an investigator knows from where the trail can no longer be trusted."""

from dataclasses import dataclass

from tijara.audit import chain, locks
from tijara.audit.models import GENESIS_HASH, AuditHead, AuditRecord

CHUNK = 2000


@dataclass(frozen=True)
class ChainReport:
    ok: bool
    checked: int
    broken_sequence: int | None = None
    reason: str = ""


def _recomputed(record: AuditRecord) -> str:
    return chain.record_hash(sequence=record.sequence, created_at=record.created_at, event=record.event,
                             actor_id=record.actor_id, merchant_id=record.merchant_id, target=record.target,
                             data_json=record.data_json, ip=record.ip, prev_hash=record.prev_hash)


def chain_verify() -> ChainReport:
    """Walk the chain from the retention anchor to the head, in chunks (constant memory)."""
    head = AuditHead.objects.filter(pk=locks.HEAD_PK).first() or AuditHead(pk=locks.HEAD_PK)
    expected_sequence, expected_prev = head.anchor_sequence + 1, head.anchor_hash
    checked = 0
    while True:
        chunk = list(AuditRecord.objects.filter(sequence__gte=expected_sequence).order_by("sequence")[:CHUNK])
        for record in chunk:
            if record.sequence != expected_sequence:
                return ChainReport(False, checked, expected_sequence, f"record {expected_sequence} is missing")
            if record.prev_hash != expected_prev:
                return ChainReport(False, checked, record.sequence,
                                   f"record {record.sequence} does not link to the record before it")
            if _recomputed(record) != record.record_hash:
                return ChainReport(False, checked, record.sequence,
                                   f"record {record.sequence} was changed after it was written")
            expected_prev, expected_sequence = record.record_hash, expected_sequence + 1
            checked += 1
        if len(chunk) < CHUNK:
            break
    if head.length != expected_sequence - 1 or head.last_hash != expected_prev:
        if head.length >= expected_sequence:
            return ChainReport(False, checked, expected_sequence, f"record {expected_sequence} is missing")
        return ChainReport(False, checked, expected_sequence - 1 if checked else None,
                           "the chain's head does not point at its last record")
    return ChainReport(True, checked)


__all__ = ["GENESIS_HASH", "ChainReport", "chain_verify"]

"""Checking every chain and signature of the archive [EC-ARCHIVE].

Reads the records merchant by merchant in chain order (streamed, so a long archive does not fill memory)
and stops each chain at its first problem: a payload that no longer matches its hash, a record hash that
does not cover its fields, a broken link (a record edited, removed or inserted), a bad signature, or a
head that disagrees with the last record (the last records removed).
"""

from collections.abc import Callable
from dataclasses import dataclass

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from tijara.archive import signing
from tijara.archive.models import ArchiveHead, ContractRecord

FIELDS = ("pk", "merchant_id", "sequence", "order_id", "kind", "payload_json", "payload_sha256", "prev_hash",
          "record_hash", "signature", "created_at")


@dataclass(frozen=True)
class Failure:
    merchant_id: int
    record_id: int | None
    order_id: int | None
    sequence: int | None
    problem: str

    def __str__(self) -> str:
        where = f"merchant {self.merchant_id}"
        if self.record_id is not None:
            where += f", record {self.record_id} (#{self.sequence} of the chain, order {self.order_id})"
        return f"{where}: {self.problem}"


def _record_problem(record: ContractRecord, previous_hash: str, expected_sequence: int) -> str | None:
    if record.sequence != expected_sequence:
        return (f"records #{expected_sequence} to #{record.sequence - 1} of the chain are missing"
                if record.sequence > expected_sequence else f"sequence #{record.sequence} repeated or out of order")
    if record.prev_hash != previous_hash:
        return "does not link to the previous record (prev_hash differs: a record before it was removed or changed)"
    if signing.sha256_hex(record.payload_json) != record.payload_sha256:
        return "payload altered (its SHA-256 no longer matches payload_sha256)"
    expected = signing.record_hash(prev_hash=record.prev_hash, payload_sha256=record.payload_sha256,
                                   kind=record.kind, order_id=record.order_id, created_at=record.created_at)
    if expected != record.record_hash:
        return "record hash does not match its fields (kind, order, time or hashes altered)"
    return None


def archive_verify(*, progress: Callable[[int, int], None] | None = None, every: int = 10_000,
                   key: Ed25519PublicKey | None = None) -> tuple[int, list[Failure]]:
    """Check every chain; returns (records checked, first failure of each broken chain).

    `key`: the published public key to check against; by default the one derived from the signing key.
    """
    key = key or signing.public_key()
    total = ContractRecord.objects.count()
    heads = {h.merchant_id: h for h in ArchiveHead.objects.all()}
    failures: list[Failure] = []
    broken: set[int] = set()
    seen: dict[int, tuple[int, str]] = {}  # merchant -> (last sequence, last hash)
    checked = 0
    rows = ContractRecord.objects.order_by("merchant_id", "sequence").only(*FIELDS).iterator(chunk_size=2000)
    for record in rows:
        checked += 1
        if progress is not None and checked % every == 0:
            progress(checked, total)
        merchant_id = record.merchant_id
        if merchant_id in broken:
            continue
        last_sequence, last_hash = seen.get(merchant_id, (0, ""))
        problem = _record_problem(record, last_hash, last_sequence + 1)
        if problem is None and not signing.signature_valid(key, record.record_hash, record.signature):
            problem = "signature invalid (not signed by the platform key, or changed)"
        if problem is not None:
            failures.append(Failure(merchant_id, record.pk, record.order_id, record.sequence, problem))
            broken.add(merchant_id)
            continue
        seen[merchant_id] = (record.sequence, record.record_hash)
    for merchant_id, head in sorted(heads.items()):
        if merchant_id in broken:
            continue
        last_sequence, last_hash = seen.get(merchant_id, (0, ""))
        if (head.length, head.last_hash) != (last_sequence, last_hash):
            failures.append(Failure(merchant_id, None, None, None,
                                    f"the chain ends at #{last_sequence} but its head says #{head.length}: "
                                    "the last records were removed"))
    for merchant_id in sorted(seen.keys() - heads.keys()):
        failures.append(Failure(merchant_id, None, None, None, "records without a chain head"))
    return checked, failures

"""How a record's hash is computed [SEC-AUDIT-CHAIN]: SHA-256 over a canonical JSON of every stored field
and the previous record's hash, so changing, removing or reordering any record breaks the next link."""

import hashlib
import json
from datetime import UTC, datetime


def canonical_json(value: object) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False)


def record_hash(*, sequence: int, created_at: datetime, event: str, actor_id: int | None,
                merchant_id: int | None, target: str, data_json: str, ip: str, prev_hash: str) -> str:
    text = canonical_json([sequence, created_at.astimezone(UTC).isoformat(), event, actor_id, merchant_id, target, data_json, ip,
                           prev_hash])
    return hashlib.sha256(text.encode()).hexdigest()

"""Concurrent audit appends on PostgreSQL: one unbroken chain, never a fork or a gap [SEC-AUDIT-CHAIN]."""

import threading

import pytest
from django.db import connections, transaction

from tijara.audit.events import AuditEvent
from tijara.audit.models import GENESIS_HASH, AuditRecord
from tijara.audit.services import audit_record
from tijara.audit.verify import chain_verify

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]
WORKERS = 24


class Rollback(Exception):
    pass


def race(workers):
    barrier = threading.Barrier(len(workers))
    errors: list[BaseException] = []

    def run(work):
        try:
            barrier.wait()
            work()
        except Rollback:
            pass
        except BaseException as exc:  # noqa: BLE001 - collected for the assertion
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(w,)) for w in workers]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    return errors


def _append(n: int) -> None:
    audit_record(AuditEvent.REFUND, merchant_id=n % 3, target=f"payment:{n}", data={"n": n})


def _append_then_roll_back(n: int) -> None:
    """A caller whose own transaction fails: its record disappears with it and takes no place in the chain."""
    with transaction.atomic():
        _append(n)
        raise Rollback


def test_concurrent_appends_make_one_unbroken_chain():
    """24 appends at once, from the very first record (the head row is created during the race); every
    fourth caller rolls its transaction back."""
    workers = [(lambda n=n: _append_then_roll_back(n)) if n % 4 == 3 else (lambda n=n: _append(n))
               for n in range(WORKERS)]
    assert race(workers) == []
    records = list(AuditRecord.objects.order_by("sequence"))
    kept = WORKERS - WORKERS // 4
    assert [r.sequence for r in records] == list(range(1, kept + 1))
    assert sorted(r.data["n"] for r in records) == [n for n in range(WORKERS) if n % 4 != 3]
    assert records[0].prev_hash == GENESIS_HASH
    assert all(b.prev_hash == a.record_hash for a, b in zip(records, records[1:], strict=False))  # no fork
    report = chain_verify()
    assert report.ok and report.checked == kept

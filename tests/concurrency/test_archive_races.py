"""Concurrent appends to one merchant's archive chain on PostgreSQL: one unbroken chain, never a fork [EC-ARCHIVE]."""

import threading

import pytest
from django.db import connections, transaction

from tijara.archive.models import ContractRecord
from tijara.archive.services import ArchiveEntry, archive_append, archive_append_many
from tijara.archive.verify import archive_verify

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]
SHOP, OTHER = 501, 502


def race(workers):
    barrier = threading.Barrier(len(workers))
    errors: list[BaseException] = []

    def run(work):
        try:
            barrier.wait()
            with transaction.atomic():
                work()
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


def chain(merchant_id):
    return list(ContractRecord.objects.filter(merchant_id=merchant_id).order_by("sequence"))


def test_concurrent_appends_make_one_unbroken_chain_per_merchant_EC_ARCHIVE():
    """[EC-ARCHIVE] 16 buyers at once, from the merchant's very first record (its head is created in the race)."""
    workers = []
    for n in range(16):
        if n % 2:  # two merchants in one call, listed in the other order: heads are locked in pk order anyway
            workers.append(lambda n=n: archive_append_many(entries=[
                ArchiveEntry(OTHER, 1000 + n, "placement", {"n": n}), ArchiveEntry(SHOP, n, "placement", {"n": n})]))
        else:
            workers.append(lambda n=n: archive_append(merchant_id=SHOP, order_id=n, kind="placement", payload={"n": n}))
    assert race(workers) == []
    shop, other = chain(SHOP), chain(OTHER)
    assert [r.sequence for r in shop] == list(range(1, 17)) and sorted(r.order_id for r in shop) == list(range(16))
    assert [r.sequence for r in other] == list(range(1, 9))
    for records in (shop, other):
        assert records[0].prev_hash == ""
        assert all(b.prev_hash == a.record_hash for a, b in zip(records, records[1:], strict=False))  # no fork
    assert archive_verify() == (24, [])

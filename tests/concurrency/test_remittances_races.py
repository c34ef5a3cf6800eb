"""Two imports of the same remittance file at once, on PostgreSQL with real connections: each parcel's cash is
received once, all from one import; the other import applies nothing [COD-REMIT-ATOMIC]."""

import pytest

from tests.concurrency.test_checkout_races import race
from tests.factories import make_merchant
from tests.remittances.conftest import TODAY, csv_file, make_carrier, parcel
from tijara.core.errors import DomainError
from tijara.remittances import services
from tijara.remittances.models import CashReceipt, ImportStatus, RemittanceImport

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]
PARCELS = 40


@pytest.fixture
def remittance_file():
    store = make_merchant()
    carrier = make_carrier(store)
    for i in range(PARCELS):
        parcel(store, carrier, f"ARG-{i:06d}", tracking=f"AM{i:04d}")
    return store, carrier, csv_file([(f"AM{i:04d}", "240.00", "20.00", TODAY) for i in range(PARCELS)])


def whole_import(store, carrier, data):
    batch = services.remittance_upload(merchant=store, carrier_id=carrier.pk, actor=None, name="r.csv", data=data)
    services.remittance_check(batch_id=batch.pk)
    try:
        services.remittance_accept(merchant=store, batch_id=batch.pk, actor=None)
    except DomainError:
        return RemittanceImport.objects.get(pk=batch.pk)  # its check already saw the parcels received
    return services.remittance_apply(batch_id=batch.pk)


def assert_received_once(batches):
    assert CashReceipt.objects.count() == PARCELS
    assert CashReceipt.objects.values("shipment").distinct().count() == PARCELS
    applied = [b for b in batches if b.status == ImportStatus.APPLIED]
    assert len(applied) == 1 and applied[0].rows_applied == PARCELS
    assert set(CashReceipt.objects.values_list("batch_id", flat=True)) == {applied[0].pk}


def test_two_accepted_imports_applied_at_the_same_moment(remittance_file):
    store, carrier, data = remittance_file
    ids = []
    for _ in range(2):
        batch = services.remittance_upload(merchant=store, carrier_id=carrier.pk, actor=None, name="r.csv", data=data)
        services.remittance_check(batch_id=batch.pk)
        services.remittance_accept(merchant=store, batch_id=batch.pk, actor=None)
        ids.append(batch.pk)
    results = race([(lambda i=i: services.remittance_apply(batch_id=i)) for i in ids])
    assert all(isinstance(r, RemittanceImport) for r in results), results
    assert_received_once(results)
    failed = [r for r in results if r.status == ImportStatus.FAILED]
    assert len(failed) == 1 and failed[0].failure == "already_reconciled"


def test_the_same_file_imported_twice_at_once_from_upload_to_apply(remittance_file):
    store, carrier, data = remittance_file
    results = race([lambda: whole_import(store, carrier, data), lambda: whole_import(store, carrier, data)])
    assert all(isinstance(r, RemittanceImport) for r in results), results
    assert_received_once(results)

"""Reconciling a carrier's remittance file: a preview row by row, nothing applied until the merchant accepts,
then every matching row or none [COD-REMIT-PREVIEW] [COD-REMIT-ATOMIC] [COD-REMIT-LEDGER]."""

from decimal import Decimal

import pytest

from tests.remittances.conftest import TODAY, TODAY_FR, csv_file, make_carrier, parcel
from tijara.core.errors import DomainError, NotFound
from tijara.fulfilment.models import ShipmentStatus
from tijara.remittances import selectors, services
from tijara.remittances.models import CashReceipt, ImportStatus, RemittanceRow, Verdict

pytestmark = pytest.mark.django_db


def upload_and_check(merchant, carrier, data: bytes, name: str = "remise.csv"):
    batch = services.remittance_upload(merchant=merchant, carrier_id=carrier.pk, actor=None, name=name, data=data)
    return services.remittance_check(batch_id=batch.pk)


def verdicts(batch) -> dict[int, str]:
    return dict(RemittanceRow.objects.filter(batch=batch).values_list("line", "verdict"))


def test_each_row_gets_its_verdict_and_nothing_is_received_before_acceptance(store_a, store_b, carrier_a):
    other_carrier = make_carrier(store_a, code="ctm", name="CTM")
    parcel(store_a, carrier_a, "ARG-000001", tracking="AM1")
    parcel(store_a, carrier_a, "ARG-000002", tracking="AM2", total="300.00")
    parcel(store_a, carrier_a, "ARG-000003", tracking="AM3", status=ShipmentStatus.REFUSED)
    parcel(store_a, other_carrier, "ARG-000004", tracking="CT4")
    parcel(store_a, carrier_a, "ARG-000005", tracking="AM5")  # delivered, absent from the file
    parcel(store_b, make_carrier(store_b), "BAZ-000001", tracking="BZ1")
    data = csv_file([
        ("AM1", "240.00", "25", TODAY),      # 2 match
        ("am2", "\"290,00\"", "25", TODAY_FR),  # 3 wrong amount (lower case tracking still found)
        ("AM3", "240.00", "25", TODAY),      # 4 refused at the door: not delivered
        ("CT4", "240.00", "25", TODAY),      # 5 another carrier's parcel
        ("BAZ-000001", "240.00", "25", TODAY),  # 6 another store's order
        ("NOPE-1", "240.00", "25", TODAY),   # 7 unknown
        ("ARG-000001", "240.00", "25", TODAY),  # 8 same parcel as line 2, by order number
        ("AM9", "douze", "25", TODAY),       # 9 bad amount
        ("AM9", "12.00", "25", "31/02/2026"),       # 10 bad date
    ])
    batch = upload_and_check(store_a, carrier_a, data)
    assert batch.status == ImportStatus.PREVIEW
    assert verdicts(batch) == {
        2: Verdict.MATCH, 3: Verdict.WRONG_AMOUNT, 4: Verdict.NOT_DELIVERED, 5: Verdict.OTHER_CARRIER,
        6: Verdict.OTHER_MERCHANT, 7: Verdict.UNKNOWN, 8: Verdict.DUPLICATE, 9: Verdict.BAD_ROW, 10: Verdict.BAD_ROW,
    }
    assert RemittanceRow.objects.get(batch=batch, line=8).first_line == 2
    assert RemittanceRow.objects.get(batch=batch, line=3).expected == Decimal("300.00")
    preview = selectors.import_preview(store_a, batch)
    assert [s.tracking_number for s in preview.never_remitted] == ["AM5"]
    assert preview.match_amount == Decimal("240.00") and preview.match_fees == Decimal("25.00")
    assert not CashReceipt.objects.exists()  # a preview changes nothing


def test_accepting_applies_every_match_and_only_matches(store_a, carrier_a):
    parcel(store_a, carrier_a, "ARG-000001", tracking="AM1")
    parcel(store_a, carrier_a, "ARG-000002", tracking="AM2")
    wrong = parcel(store_a, carrier_a, "ARG-000003", tracking="AM3")
    batch = upload_and_check(store_a, carrier_a, csv_file([
        ("AM1", "240", "20", "2026-03-02"), ("AM2", "240", "22.50", "2026-03-02"), ("AM3", "200", "20", "2026-03-02")]))
    services.remittance_accept(merchant=store_a, batch_id=batch.pk, actor=None)
    batch = services.remittance_apply(batch_id=batch.pk)
    assert batch.status == ImportStatus.APPLIED and batch.rows_applied == 2
    assert sorted(CashReceipt.objects.values_list("shipment__tracking_number", "fee")) == [
        ("AM1", Decimal("20.00")), ("AM2", Decimal("22.50"))]
    balance = selectors.carrier_balances(store_a)[0]
    assert (balance.collected, balance.remitted, balance.fees, balance.owed) == (
        Decimal("720.00"), Decimal("480.00"), Decimal("42.50"), Decimal("240.00"))
    ledger = selectors.carrier_ledger(store_a, carrier_a.pk)
    assert [item["pk"] for item in ledger.open_items] == [wrong.pk]


def test_the_same_file_twice_is_received_once(store_a, carrier_a):
    parcel(store_a, carrier_a, "ARG-000001", tracking="AM1")
    data = csv_file([("AM1", "240", "20", "2026-03-02")])
    first = upload_and_check(store_a, carrier_a, data)
    services.remittance_accept(merchant=store_a, batch_id=first.pk, actor=None)
    services.remittance_apply(batch_id=first.pk)
    second = upload_and_check(store_a, carrier_a, data)
    assert verdicts(second) == {2: Verdict.ALREADY_RECONCILED}
    with pytest.raises(DomainError):
        services.remittance_accept(merchant=store_a, batch_id=second.pk, actor=None)
    assert CashReceipt.objects.count() == 1


def test_two_accepted_imports_of_one_file_apply_once_and_the_second_not_at_all(store_a, carrier_a):
    parcel(store_a, carrier_a, "ARG-000001", tracking="AM1")
    parcel(store_a, carrier_a, "ARG-000002", tracking="AM2")
    data = csv_file([("AM1", "240", "20", "2026-03-02"), ("AM2", "240", "20", "2026-03-02")])
    first, second = (upload_and_check(store_a, carrier_a, data) for _ in range(2))
    for batch in (first, second):  # both previews were taken before either was applied
        services.remittance_accept(merchant=store_a, batch_id=batch.pk, actor=None)
    assert services.remittance_apply(batch_id=first.pk).status == ImportStatus.APPLIED
    second = services.remittance_apply(batch_id=second.pk)
    assert second.status == ImportStatus.FAILED and second.failure_line == 2
    assert CashReceipt.objects.count() == 2 and not CashReceipt.objects.filter(batch=second).exists()


def test_a_parcel_changed_after_the_preview_fails_the_whole_import(store_a, carrier_a):
    parcel(store_a, carrier_a, "ARG-000001", tracking="AM1")
    changed = parcel(store_a, carrier_a, "ARG-000002", tracking="AM2")
    batch = upload_and_check(store_a, carrier_a, csv_file([("AM1", "240", "20", "2026-03-02"),
                                                           ("AM2", "240", "20", "2026-03-02")]))
    services.remittance_accept(merchant=store_a, batch_id=batch.pk, actor=None)
    changed.cash_collected = Decimal("200.00")
    changed.save(update_fields=["cash_collected"])
    batch = services.remittance_apply(batch_id=batch.pk)
    assert batch.status == ImportStatus.FAILED and batch.failure == Verdict.WRONG_AMOUNT and batch.failure_line == 3
    assert not CashReceipt.objects.exists()  # the matching first line was not half-applied


def test_accepting_twice_or_after_discarding_is_refused(store_a, carrier_a):
    parcel(store_a, carrier_a, "ARG-000001", tracking="AM1")
    batch = upload_and_check(store_a, carrier_a, csv_file([("AM1", "240", "20", "2026-03-02")]))
    services.remittance_discard(merchant=store_a, batch_id=batch.pk)
    with pytest.raises(DomainError):
        services.remittance_accept(merchant=store_a, batch_id=batch.pk, actor=None)
    assert not CashReceipt.objects.exists()


def test_another_stores_import_or_carrier_is_not_found(store_a, store_b, carrier_a):
    parcel(store_a, carrier_a, "ARG-000001", tracking="AM1")
    batch = upload_and_check(store_a, carrier_a, csv_file([("AM1", "240", "20", "2026-03-02")]))
    with pytest.raises(NotFound):
        services.remittance_accept(merchant=store_b, batch_id=batch.pk, actor=None)
    with pytest.raises(NotFound):
        services.remittance_upload(merchant=store_b, carrier_id=carrier_a.pk, actor=None, name="x.csv",
                                   data=csv_file([("AM1", "240", "20", "2026-03-02")]))
    with pytest.raises(NotFound):
        selectors.carrier_ledger(store_b, carrier_a.pk)


def test_ledger_lists_what_the_carrier_owes_oldest_first(store_a, carrier_a):
    recent = parcel(store_a, carrier_a, "ARG-000001", tracking="AM1", days_ago=1)
    old = parcel(store_a, carrier_a, "ARG-000002", tracking="AM2", days_ago=20, total="99.50")
    parcel(store_a, carrier_a, "ARG-000003", tracking="AM3", status=ShipmentStatus.SHIPPED)  # still travelling
    ledger = selectors.carrier_ledger(store_a, carrier_a.pk)
    assert [i["pk"] for i in ledger.open_items] == [old.pk, recent.pk]
    assert ledger.open_total == ledger.balance.owed == Decimal("339.50")


def test_previews_and_ledgers_read_in_a_constant_number_of_queries(store_a, carrier_a, django_assert_max_num_queries):
    rows = []
    for i in range(30):
        parcel(store_a, carrier_a, f"ARG-{i:06d}", tracking=f"AM{i}")
        rows.append((f"AM{i}", "240" if i % 3 else "1", "20", TODAY))
    batch = upload_and_check(store_a, carrier_a, csv_file(rows + [("NOPE", "1", "0", TODAY)]))
    with django_assert_max_num_queries(7):
        preview = selectors.import_preview(store_a, batch)
    assert len(preview.flagged) == 11 and len(preview.matches) == 20
    with django_assert_max_num_queries(3):
        selectors.carrier_balances(store_a)
    with django_assert_max_num_queries(7):
        assert len(selectors.carrier_ledger(store_a, carrier_a.pk).open_items) == 30

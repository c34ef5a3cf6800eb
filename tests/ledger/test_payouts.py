"""Payouts: what is owed up to the end of a finished period, once per period; the statement (PDF) and the bank
transfer file (CSV) say who is paid, to which RIB, how much and why."""

import csv
import datetime as dt
import io
from decimal import Decimal

import pytest

from tests.ledger.conftest import at, capture, refund
from tests.ledger.pdftext import pdf_text
from tijara.ledger import selectors
from tijara.ledger.documents import TRANSFER_COLUMNS, statement_pdf, transfer_csv
from tijara.ledger.errors import PayoutError
from tijara.ledger.models import EntryKind, LedgerEntry, Payout, PayoutStatus
from tijara.ledger.selectors import merchant_balance
from tijara.ledger.services import payout_create, payout_mark_paid

pytestmark = pytest.mark.django_db

NOV = dt.date(2026, 11, 1)


def pay(store, staff_user, start: dt.date, end: dt.date, *, today: dt.date | None = None) -> Payout:
    with at(today or end + dt.timedelta(days=1)):
        return payout_create(merchant=store, period_start=start, period_end=end, actor=staff_user)


def test_payout_pays_what_is_owed_up_to_the_end_of_the_period_only(store, staff_user):
    with at(NOV):
        capture(store, "200.00")  # 188.00 owed
    with at(NOV + dt.timedelta(days=15)):
        capture(store, "100.00")  # after the period: next payout
    payout = pay(store, staff_user, NOV, NOV + dt.timedelta(days=14), today=NOV + dt.timedelta(days=20))
    assert payout.amount == Decimal("188.00") and payout.status == PayoutStatus.DRAFT
    assert merchant_balance(merchant_id=store.pk) == Decimal("94.00")
    assert LedgerEntry.objects.get(kind=EntryKind.PAYOUT).amount == Decimal("-188.00")


def test_second_payout_for_an_overlapping_period_is_refused(store, staff_user):
    with at(NOV):
        capture(store, "200.00")
    pay(store, staff_user, NOV, NOV + dt.timedelta(days=14))
    with pytest.raises(PayoutError) as refused:
        pay(store, staff_user, NOV + dt.timedelta(days=14), NOV + dt.timedelta(days=20))
    assert refused.value.field == "period_start"
    assert Payout.objects.count() == 1


@pytest.mark.parametrize("case", ["not_over", "reversed", "nothing_owed", "merchant_owes", "no_rib"])
def test_payout_refused_with_a_reason(store, staff_user, case):
    with at(NOV):
        capture(store, "200.00", collected_by="merchant" if case == "merchant_owes" else "platform")
    end = NOV + dt.timedelta(days=6)
    kwargs = {"today": end} if case == "not_over" else {}
    start = end + dt.timedelta(days=1) if case == "reversed" else NOV
    if case == "nothing_owed":
        start = end = NOV - dt.timedelta(days=1)
    if case == "no_rib":
        store.rib = ""
        store.save(update_fields=["rib"])
    with pytest.raises(PayoutError) as refused:
        pay(store, staff_user, start, end, **kwargs)
    assert refused.value.message
    assert not Payout.objects.exists() and not LedgerEntry.objects.filter(kind=EntryKind.PAYOUT).exists()


def test_mark_paid_records_the_bank_reference_once(store, staff_user):
    with at(NOV):
        capture(store, "200.00")
    payout = pay(store, staff_user, NOV, NOV)
    with pytest.raises(PayoutError):
        payout_mark_paid(payout=payout, actor=staff_user, bank_reference="  ")
    payout = payout_mark_paid(payout=payout, actor=staff_user, bank_reference="VIR-2026-77")
    assert payout.status == PayoutStatus.PAID and payout.paid_at and payout.bank_reference == "VIR-2026-77"
    with pytest.raises(PayoutError):
        payout_mark_paid(payout=payout, actor=staff_user, bank_reference="VIR-2026-78")
    assert Payout.objects.get().bank_reference == "VIR-2026-77"


def test_statement_brings_forward_what_was_owed_and_adds_up_to_the_payout(store, staff_user):
    with at(NOV - dt.timedelta(days=7)):
        capture(store, "50.00", collected_by="merchant", method="cod")  # the store owes 3.00
    with at(NOV):
        first = capture(store, "300.00")  # 282.00 owed
    first_payout = pay(store, staff_user, NOV, NOV + dt.timedelta(days=6))
    with at(NOV + dt.timedelta(days=9)):
        refund(store, first, "100.00")  # -100 + 5 + 1
        capture(store, "400.00")  # +376
    second = pay(store, staff_user, NOV + dt.timedelta(days=7), NOV + dt.timedelta(days=13))
    assert first_payout.amount == Decimal("279.00") and second.amount == Decimal("282.00")
    st = selectors.statement(payout=first_payout)
    assert st.brought_forward == Decimal("-3.00") and st.computed_amount == first_payout.amount
    st = selectors.statement(payout=second)
    assert st.brought_forward == 0 and st.computed_amount == second.amount
    assert {e.kind for e in st.lines} == {"refund", "commission_reversal", "commission_vat_reversal", "capture",
                                          "commission", "commission_vat"}


def test_statement_pdf_names_the_store_its_ice_rib_and_totals(store, staff_user):
    with at(NOV):
        capture(store, "1234.50", order_number="ARG-000042")
        capture(store, "80.00", collected_by="merchant", method="cod", order_number="ARG-000043")
    payout = pay(store, staff_user, NOV, NOV + dt.timedelta(days=6))
    text = pdf_text(statement_pdf(selectors.statement(payout=payout), lang="fr"))
    assert "Argania Coopérative SARL" in text
    assert store.ice in text and store.rib in text
    assert "ARG-000042" in text and "ARG-000043" in text
    # 1 234,50 − 61,73 commission − 12,35 VAT, less 4,80 commission and VAT on the cash sale
    assert payout.amount == Decimal("1155.62") and "1 155,62 MAD" in text
    assert "1 234,50 MAD" in text and "-61,73 MAD" in text and "-12,35 MAD" in text
    assert payout.reference in text and "2026-11-01" in text and "2026-11-07" in text


def test_statement_pdf_in_arabic(store, staff_user):
    pytest.importorskip("uharfbuzz")
    with at(NOV):
        capture(store, "100.00")
    payout = pay(store, staff_user, NOV, NOV)
    body = statement_pdf(selectors.statement(payout=payout), lang="ar")
    assert body.startswith(b"%PDF") and store.rib in pdf_text(body)


def test_transfer_file_has_one_line_per_payout_to_send(store, other_store, staff_user):
    with at(NOV):
        capture(store, "200.00")
        capture(other_store, "100.00")
    paid = pay(store, staff_user, NOV, NOV)
    payout_mark_paid(payout=paid, actor=staff_user, bank_reference="VIR-1")
    with at(NOV + dt.timedelta(days=2)):
        capture(store, "50.00")
    waiting = [pay(store, staff_user, NOV + dt.timedelta(days=1), NOV + dt.timedelta(days=2)),
               pay(other_store, staff_user, NOV, NOV + dt.timedelta(days=2))]
    other_store.legal_name = "=HYPERLINK(1) SARL"
    other_store.save(update_fields=["legal_name"])
    rows = list(csv.reader(io.StringIO(transfer_csv(selectors.draft_payouts()))))
    assert rows[0] == TRANSFER_COLUMNS == ["legal_name", "rib", "amount", "reference", "period"]
    assert sorted(rows[1:]) == sorted([
        ["Argania Coopérative SARL", store.rib, "47.00", waiting[0].reference, "2026-11-02/2026-11-03"],
        ["'=HYPERLINK(1) SARL", other_store.rib, "94.00", waiting[1].reference, "2026-11-01/2026-11-03"],
    ])


def test_a_settled_account_shows_zero_not_minus_zero(store, staff_user, owner_client):
    with at(NOV):
        capture(store, "1234.50")
    pay(store, staff_user, NOV, NOV)
    assert str(merchant_balance(merchant_id=store.pk)) == "0.00"
    assert "-0,00" not in owner_client.get("/fr/dashboard/ledger/").content.decode()

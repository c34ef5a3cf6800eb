"""Payout pages are for platform staff only; a store's ledger page shows its own account to its owner and
manager, and another store's statement answers 404 [DP-SECURITY]."""

import csv
import datetime as dt
import io

import pytest
from django.test import Client

from tests.dashboard.conftest import client_for, make_member
from tests.ledger.conftest import at, capture
from tijara.accounts.models import User
from tijara.ledger.models import Payout
from tijara.ledger.services import payout_create
from tijara.merchants.models import Role

pytestmark = pytest.mark.django_db

NOV = dt.date(2026, 11, 1)
TODAY = NOV + dt.timedelta(days=10)


@pytest.fixture
def payout(store, other_store, staff_user):
    with at(NOV):
        capture(store, "200.00", order_number="ARG-000001")
        capture(other_store, "500.00", order_number="BAZ-000009")
    with at(TODAY):
        return payout_create(merchant=other_store, period_start=NOV, period_end=NOV, actor=staff_user)


def staff_urls(store, payout) -> list[tuple[str, str]]:
    return [("get", "/fr/dashboard/payouts/"), ("get", "/fr/dashboard/payouts/transfers.csv"),
            ("get", f"/fr/dashboard/payouts/stores/{store.pk}/"),
            ("post", f"/fr/dashboard/payouts/stores/{store.pk}/"),
            ("get", f"/fr/dashboard/payouts/{payout.pk}/statement.pdf"),
            ("post", f"/fr/dashboard/payouts/{payout.pk}/paid/")]


def test_staff_pages_refuse_anonymous_customers_and_merchants_and_change_nothing(store, owner_client, payout):
    customer = client_for(User.objects.create_user("client@example.ma", "a long enough pass 42"))
    form = {"period_start": "2026-11-01", "period_end": "2026-11-05", "bank_reference": "VIR-X"}
    for method, url in staff_urls(store, payout):
        assert getattr(Client(), method)(url, form).status_code == 302  # to sign-in
        for client in (customer, owner_client):
            assert getattr(client, method)(url, form).status_code == 403, url
    assert list(Payout.objects.values_list("merchant_id", "status")) == [(payout.merchant_id, "draft")]


def test_staff_sees_balances_and_creates_a_payout(store, staff_client, payout, django_assert_max_num_queries):
    with django_assert_max_num_queries(8):
        page = staff_client.get("/fr/dashboard/payouts/").content.decode()
    assert "Argania" in page and "Bazar" in page and payout.reference in page
    with at(TODAY):
        response = staff_client.post(f"/fr/dashboard/payouts/stores/{store.pk}/",
                                     {"period_start": "2026-11-01", "period_end": "2026-11-07"})
    assert response.status_code == 302
    created = Payout.objects.get(merchant=store)
    assert str(created.amount) == "188.00"
    again = staff_client.post(f"/fr/dashboard/payouts/stores/{store.pk}/",
                              {"period_start": "2026-11-07", "period_end": "2026-11-08"})
    assert again.status_code == 200 and "chevauche" in again.content.decode()  # overlaps: refused in French
    assert Payout.objects.filter(merchant=store).count() == 1


def test_staff_downloads_the_statement_and_the_transfer_file_and_marks_paid(other_store, staff_client, payout):
    pdf = staff_client.get(f"/fr/dashboard/payouts/{payout.pk}/statement.pdf")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    rows = list(csv.reader(io.StringIO(staff_client.get("/fr/dashboard/payouts/transfers.csv").content.decode())))
    assert rows == [["legal_name", "rib", "amount", "reference", "period"],
                    ["Bazar du Souk SARL", other_store.rib, "470.00", payout.reference, "2026-11-01/2026-11-01"]]
    staff_client.post(f"/fr/dashboard/payouts/{payout.pk}/paid/", {"bank_reference": "VIR-2026-1"})
    payout.refresh_from_db()
    assert payout.status == "paid" and payout.bank_reference == "VIR-2026-1"
    rows = list(csv.reader(io.StringIO(staff_client.get("/fr/dashboard/payouts/transfers.csv").content.decode())))
    assert len(rows) == 1  # nothing left to transfer


def test_owner_and_manager_see_their_own_ledger_only(store, owner_client, payout, django_assert_max_num_queries):
    manager = client_for(make_member(store, Role.MANAGER))
    for client in (owner_client, manager):
        with django_assert_max_num_queries(10):
            response = client.get(f"/fr/dashboard/ledger/?merchant={payout.merchant_id}")
        page = response.content.decode()
        assert response.status_code == 200
        assert "ARG-000001" in page and "BAZ-000009" not in page and payout.reference not in page


def test_team_staff_cannot_see_the_ledger(store):
    staff = client_for(make_member(store, Role.STAFF))
    assert staff.get("/fr/dashboard/ledger/").status_code == 403


def test_a_store_downloads_its_own_statement_and_not_another_stores(store, other_owner_client, owner_client, payout):
    own = other_owner_client.get(f"/fr/dashboard/ledger/statements/{payout.pk}.pdf")
    assert own.status_code == 200 and own.content.startswith(b"%PDF")
    assert owner_client.get(f"/fr/dashboard/ledger/statements/{payout.pk}.pdf").status_code == 404
    assert owner_client.post(f"/fr/dashboard/ledger/statements/{payout.pk}.pdf").status_code == 404
    assert owner_client.get("/fr/dashboard/ledger/statements/999999.pdf").status_code == 404


def test_statement_page_in_arabic(other_owner_client, payout):
    pytest.importorskip("uharfbuzz")
    response = other_owner_client.get(f"/ar/dashboard/ledger/statements/{payout.pk}.pdf")
    assert response.status_code == 200 and response.content.startswith(b"%PDF")

"""The remittance pages and the merchant API: upload, preview with reasons, accept, ledger [COD-REMIT-PREVIEW]
[COD-REMIT-LEDGER]; money received is for the owner and managers only."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.remittances.conftest import TODAY, csv_file, parcel
from tijara.merchants.models import Role
from tijara.remittances.models import CashReceipt, ImportStatus, RemittanceImport

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_parcels(store_a, carrier_a):
    parcel(store_a, carrier_a, "ARG-000001", tracking="AM1")
    parcel(store_a, carrier_a, "ARG-000002", tracking="AM2")
    return csv_file([("AM1", "240.00", "20.00", TODAY), ("AM2", "250.00", "20.00", TODAY)])


def test_upload_preview_then_accept_in_the_back_office(client_a, carrier_a, two_parcels):
    upload = SimpleUploadedFile("remise-amana.csv", two_parcels, content_type="text/csv")
    response = client_a.post(reverse("dashboard:remittances"), {"carrier": carrier_a.pk, "file": upload})
    batch = RemittanceImport.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"/remittances/{batch.pk}/")
    page = client_a.get(response["Location"]).content.decode()
    assert "AM2" in page and "250,00" in page and "240,00" in page  # the mismatch, with both amounts
    assert not CashReceipt.objects.exists()
    client_a.post(reverse("dashboard:remittance_accept", args=[batch.pk]))
    batch.refresh_from_db()
    assert batch.status == ImportStatus.APPLIED
    assert list(CashReceipt.objects.values_list("shipment__tracking_number", flat=True)) == ["AM1"]
    ledger = client_a.get(reverse("dashboard:carrier_ledger", args=[carrier_a.pk])).content.decode()
    assert "AM2" in ledger and "AM1" not in ledger  # still owed: the mismatched parcel only


def test_a_file_with_an_unknown_column_is_refused_whole(client_a, carrier_a, two_parcels):
    data = csv_file([("AM1", "240.00", "20", TODAY, "x")], header="tracking,amount,fees,date,colour")
    response = client_a.post(reverse("dashboard:remittances"),
                             {"carrier": carrier_a.pk, "file": SimpleUploadedFile("r.csv", data)})
    assert response.status_code == 200 and "colour" in response.content.decode()
    assert not RemittanceImport.objects.exists()


def test_staff_members_cannot_reconcile_cash(store_a, carrier_a, two_parcels):
    from tests.remittances.conftest import client_for, make_member

    staff = client_for(make_member(store_a, Role.STAFF, email="staff@example.ma"))
    response = staff.post(reverse("dashboard:remittances"),
                          {"carrier": carrier_a.pk, "file": SimpleUploadedFile("r.csv", two_parcels)})
    assert response.status_code == 403 and not RemittanceImport.objects.exists()


def test_the_merchant_api_reconciles_a_file(client_a, carrier_a, two_parcels):
    response = client_a.post("/api/v1/merchant/remittances",
                              {"carrier": carrier_a.code, "file": SimpleUploadedFile("r.csv", two_parcels)})
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["status"] == "preview" and body["verdicts"] == {"match": 1, "wrong_amount": 1}
    rows = client_a.get(f"/api/v1/merchant/remittances/{body['id']}/rows?verdict=wrong_amount").json()
    assert [(r["line"], r["expected"]) for r in rows["items"]] == [(3, "240.00")]
    accepted = client_a.post(f"/api/v1/merchant/remittances/{body['id']}/accept").json()
    assert accepted["status"] == "applied" and accepted["rows_applied"] == 1
    again = client_a.post(f"/api/v1/merchant/remittances/{body['id']}/accept")
    assert again.status_code == 409
    ledger = client_a.get(f"/api/v1/merchant/carrier-ledger?carrier={carrier_a.code}").json()
    assert (ledger["owed"], ledger["remitted"], ledger["fees"]) == ("240.00", "240.00", "20.00")
    assert [i["tracking_number"] for i in ledger["open_items"]] == ["AM2"]


def test_while_a_job_runs_the_page_shows_its_progress_and_reloads_itself(client_a, store_a, carrier_a):
    batch = RemittanceImport.objects.create(merchant=store_a, carrier=carrier_a, file_name="big.csv",
                                            status=ImportStatus.CHECKING, rows_total=10_000, progress_total=10_000,
                                            progress_done=2_500)
    page = client_a.get(reverse("dashboard:remittance_detail", args=[batch.pk])).content.decode()
    assert '<progress id="import-progress" max="100" value="25">' in page
    assert '<meta http-equiv="refresh" content="1">' in page and "accept-remittance" not in page


def test_ids_beyond_any_row_answer_404_not_500(client_a):
    huge = 10**20
    assert client_a.get(reverse("dashboard:remittance_detail", args=[huge])).status_code == 404
    assert client_a.get(reverse("dashboard:carrier_ledger", args=[huge])).status_code == 404
    assert client_a.post(reverse("dashboard:remittance_accept", args=[huge])).status_code == 404
    assert client_a.get(f"/api/v1/merchant/remittances/{huge}").status_code in (400, 404)
    assert client_a.post(f"/api/v1/merchant/remittances/{huge}/accept").status_code in (400, 404)

"""A person gets all their data, across stores, within seconds, and nobody else's [DP-ACCESS]."""

import io
import json
import re
import time
import zipfile

import pytest
from django.core import mail
from django.urls import reverse

from tests.dataprotection.helpers import EMAIL, NAME, buyer_with_orders
from tijara.audit.models import AuditRecord
from tijara.dataprotection.models import DataRequest
from tijara.orders.models import Order

pytestmark = pytest.mark.django_db


def unzip(response) -> tuple[dict, str]:
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    assert sorted(archive.namelist()) == ["data.json", "index.html"]
    return json.loads(archive.read("data.json")), archive.read("index.html").decode()


def test_a_signed_in_buyer_downloads_everything_within_seconds(client, filled_cart):
    user, orders = buyer_with_orders(filled_cart, deliver=False)
    client.force_login(user)
    started = time.perf_counter()
    response = client.post(reverse("storefront:privacy_download"))
    elapsed = time.perf_counter() - started
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    assert "no-store" in response["Cache-Control"]
    assert elapsed < 3, elapsed
    data, html = unzip(response)
    sections = {s["key"]: s for s in data["sections"]}
    assert {o["number"] for o in sections["orders"]["rows"]} == {o.number for o in orders}  # both stores
    assert sections["account"]["rows"][0]["full_name"] == NAME
    for section in data["sections"]:
        assert section["purpose"] and section["recipients"] and section["source"]
    assert NAME in html and orders[0].number in html  # the readable page says the same
    request = DataRequest.objects.get()
    assert (request.kind, request.status) == ("access", "done")
    assert AuditRecord.objects.filter(event="data_export").count() == 1


def test_the_copy_takes_a_fixed_number_of_queries(filled_cart, django_assert_max_num_queries):
    from tijara.dataprotection.export import person_data

    buyer_with_orders(filled_cart, deliver=False)
    with django_assert_max_num_queries(10):
        data = person_data(EMAIL)
    assert len({s["key"]: s for s in data["sections"]}["orders"]["rows"]) == 2


def test_nobody_gets_someone_elses_data(client, filled_cart, django_user_model):
    """A request names no address: the page answers for the proven one only; a stranger gets nothing."""
    buyer_with_orders(filled_cart, deliver=False)
    intruder = django_user_model.objects.create_user("intruder@example.ma", "x-strong-pass-1")
    client.force_login(intruder)
    data, _html = unzip(client.post(reverse("storefront:privacy_download"), {"email": EMAIL}))
    assert data["email"] == "intruder@example.ma"
    assert all(not s["rows"] for s in data["sections"] if s["key"] in ("orders", "checkouts"))
    client.logout()
    response = client.post(reverse("storefront:privacy_download"), {"email": EMAIL})
    assert response.status_code == 302 and DataRequest.objects.filter(email=EMAIL).count() == 0


def test_a_guest_proves_the_address_with_a_link(client, filled_cart):
    from tests.checkout.helpers import new_key
    from tijara.checkout.services import checkout_confirm, checkout_prepare

    checkout_confirm(cart=filled_cart, idempotency_key=new_key(),
                     fingerprint=checkout_prepare(cart=filled_cart).fingerprint)
    mail.outbox.clear()
    client.post(reverse("storefront:privacy_link"), {"email": EMAIL})
    [message] = mail.outbox
    link = re.search(r"https?://\S+", message.body).group(0)
    client.get(link.replace("http://testserver", ""))
    data, _html = unzip(client.post(reverse("storefront:privacy_download")))
    assert len({s["key"]: s for s in data["sections"]}["orders"]["rows"]) == Order.objects.count() == 2


def test_a_tampered_proof_link_proves_nothing(client):
    response = client.get(reverse("storefront:privacy_verify", args=["c2FsbWFAZXhhbXBsZS5tYQ:1abc:forged"]))
    assert response.status_code == 302
    assert "privacy_subject" not in client.session

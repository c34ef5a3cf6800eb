"""Every sale lands in the signed archive, and its buyer (only) downloads it [EC-ARCHIVE] [EC-ARCHIVE-ACCESS]
[EC-WRITTEN-PROOF]."""

import hashlib
import io
import json
import subprocess
import sys
import zipfile
from decimal import Decimal

import pytest
from cryptography.hazmat.primitives.serialization import load_pem_public_key
from django.urls import reverse

from tests.checkout.helpers import fill_details, new_key
from tests.factories import make_product
from tijara.accounts.models import User
from tijara.archive import signing
from tijara.archive.models import ContractRecord
from tijara.archive.verify import archive_verify
from tijara.cart.services import cart_create, cart_line_add
from tijara.checkout.services import checkout_confirm, checkout_prepare
from tijara.orders.models import Order

pytestmark = pytest.mark.django_db


def buy(variant, quantity=1, user=None, email="salma@example.ma") -> Order:
    cart = cart_create()
    cart_line_add(cart=cart, variant_id=variant.pk, quantity=quantity)
    fill_details(cart, email=email)
    return checkout_confirm(cart=cart, idempotency_key=new_key(), fingerprint=checkout_prepare(cart=cart).fingerprint,
                            user=user)[0]


def test_placing_orders_archives_the_contract_and_the_acknowledgement_EC_ARCHIVE(
        filled_cart, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        orders = checkout_confirm(cart=filled_cart, idempotency_key=new_key(),
                                  fingerprint=checkout_prepare(cart=filled_cart).fingerprint)
    for order in orders:
        records = {r.kind: r for r in ContractRecord.objects.filter(order_id=order.pk)}
        placement, ack = records["placement"], records["acknowledgement"]
        assert placement.merchant_id == ack.merchant_id == order.merchant_id
        assert placement.sequence < ack.sequence
        payload = placement.payload
        assert payload["order"]["number"] == order.number
        assert payload["order"]["recap_fingerprint"] == order.recap_fingerprint
        assert payload["order"]["terms_version"] == order.terms_version
        assert payload["totals"]["total"] == str(order.total)
        assert [ln["quantity"] for ln in payload["lines"]] == [ln.quantity for ln in order.lines.all()]
        assert payload["written_proof"] is False
        assert ack.payload["to"] == "salma@example.ma" and order.number in ack.payload["subject"]
    assert archive_verify()[1] == []


def test_order_above_10000_mad_is_marked_written_proof_EC_WRITTEN_PROOF(shop, client):
    loom = make_product(shop["argan"], fr="Métier à tisser", prices=("10000.01",), stock=3).variants.get()
    big, small = buy(loom), buy(shop["oil"])
    assert big.total > Decimal("10000") >= Decimal("0") < small.total <= Decimal("10000")
    assert ContractRecord.objects.get(order_id=big.pk, kind="placement").payload["written_proof_basis"] == "DOC art. 443"
    assert ContractRecord.objects.get(order_id=small.pk, kind="placement").payload["written_proof"] is False
    client.post(reverse("storefront:order_find"), {"number": big.number, "email": "salma@example.ma"})
    client.post(reverse("storefront:order_find"), {"number": small.number, "email": "salma@example.ma"})
    page = client.get(reverse("storefront:guest_order", args=[big.number])).content.decode()
    assert "data-written-proof" in page and "DOC art. 443" in page
    assert "data-written-proof" not in client.get(reverse("storefront:guest_order", args=[small.number])).content.decode()
    readme = zipfile.ZipFile(io.BytesIO(client.get(reverse("storefront:order_contract_zip", args=[big.number])).content))
    assert "written electronic proof of the contract (DOC art. 443" in readme.read("README.txt").decode()


def test_guest_downloads_a_zip_that_verifies_offline_EC_ARCHIVE_ACCESS(shop, client, tmp_path):
    order = buy(shop["oil"])
    client.post(reverse("storefront:order_find"), {"number": order.number, "email": "SALMA@example.ma"})
    page = client.get(reverse("storefront:guest_order", args=[order.number])).content.decode()
    url = reverse("storefront:order_contract_zip", args=[order.number])
    assert url in page
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    bundle = zipfile.ZipFile(io.BytesIO(response.content))
    names = set(bundle.namelist())
    assert {"records.json", "public_key.pem", "public_key.b64", "README.txt", "verify.py"} <= names
    readme = bundle.read("README.txt").decode()
    assert "Vérifier" in readme and "التحقق" in readme and "To verify" in readme
    assert bundle.read("public_key.b64").decode().strip() == signing.public_key_b64()
    key = load_pem_public_key(bundle.read("public_key.pem"))
    records = json.loads(bundle.read("records.json"))
    assert {r["order_id"] for r in records} == {order.pk} and records[0]["kind"] == "placement"
    record = records[0]
    payload = bundle.read(record["payload_file"])
    assert hashlib.sha256(payload).hexdigest() == record["payload_sha256"]
    text = "|".join([record["prev_hash"], record["payload_sha256"], record["kind"], str(record["order_id"]),
                     record["created_at"]])
    assert hashlib.sha256(text.encode()).hexdigest() == record["record_hash"]
    key.verify(bundle.read("signatures/01-placement.sig"), bundle.read("signatures/01-placement.hash"))
    assert json.loads(payload)["order"]["number"] == order.number
    bundle.extractall(tmp_path)  # the buyer's own check, with the script the README points to
    run = subprocess.run([sys.executable, "verify.py"], cwd=tmp_path, capture_output=True, text=True, timeout=60)
    assert run.returncode == 0 and "placement: OK" in run.stdout, run.stdout + run.stderr
    (tmp_path / record["payload_file"]).write_text('{"total":"1.00"}')
    assert subprocess.run([sys.executable, "verify.py"], cwd=tmp_path, capture_output=True, timeout=60).returncode == 1


def test_signed_in_buyer_downloads_and_nobody_else_EC_ARCHIVE_ACCESS(shop, client):
    buyer = User.objects.create_user("salma@example.ma", "a long enough pass 42")
    other = User.objects.create_user("karim@example.ma", "a long enough pass 42")
    order = buy(shop["oil"], user=buyer)
    url = reverse("storefront:order_contract_zip", args=[order.number])
    assert client.get(url).status_code == 404  # anonymous, no proof of the e-mail
    client.post(reverse("storefront:order_find"), {"number": order.number, "email": "karim@example.ma"})
    assert client.get(url).status_code == 404  # a wrong e-mail proves nothing
    client.force_login(other)
    assert client.get(url).status_code == 404  # another buyer
    client.force_login(buyer)
    assert url in client.get(reverse("storefront:account_order", args=[order.number])).content.decode()
    assert client.get(url).status_code == 200
    assert client.get(reverse("storefront:order_contract_zip", args=["NOPE-000001"])).status_code == 404

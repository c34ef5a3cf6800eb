"""The buyer downloads the invoice from the order page and the store from its back-office order page, in
French or Arabic; another buyer's or another store's document answers 404 [TAX-INVOICE] [CP-DEADLINE-3000]."""

import pytest
from django.test import Client

from tests.checkout.helpers import fill_details, new_key
from tests.dashboard.conftest import client_for, make_member
from tests.factories import make_product
from tests.ledger.pdftext import pdf_text
from tijara.accounts.models import User
from tijara.cart.services import cart_create, cart_line_add
from tijara.checkout.services import checkout_confirm, checkout_prepare
from tijara.merchants.models import Role
from tijara.storefront.views_shop import GROUPS_SESSION_KEY

pytestmark = pytest.mark.django_db


def buy(variant, user=None):
    cart = cart_create()
    cart_line_add(cart=cart, variant_id=variant.pk, quantity=1)
    fill_details(cart)
    return checkout_confirm(cart=cart, idempotency_key=new_key(), fingerprint=checkout_prepare(cart=cart).fingerprint,
                            user=user)[0]


@pytest.fixture
def buyer(db):
    return User.objects.create_user("salma@example.ma", "a long enough pass 42", full_name="Salma")


def doc_url(order, prefix="/fr", lang="fr"):
    return f"{prefix}/orders/{order.number}/documents/{order.invoice.number}.pdf?lang={lang}"


def test_buyer_downloads_the_invoice_from_the_order_page_in_french_and_arabic(shop, buyer):
    order = buy(shop["oil"], user=buyer)
    client = client_for(buyer)
    page = client.get(f"/fr/account/orders/{order.number}/").content.decode()
    assert f'/fr/orders/{order.number}/documents/{order.invoice.number}.pdf?lang=ar' in page
    response = client.get(doc_url(order))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert order.invoice.number in pdf_text(response.content) and "Invoice" not in pdf_text(response.content)
    arabic = client.get(doc_url(order, lang="ar"))
    assert arabic.status_code == 200 and order.invoice.number in pdf_text(arabic.content)
    assert client.get(doc_url(order, lang="xx")).status_code == 200  # an unknown language falls back to French


def test_the_guest_who_placed_the_order_downloads_it_in_the_same_session(shop):
    order = buy(shop["oil"])
    guest = Client()
    assert guest.get(doc_url(order)).status_code == 404
    session = guest.session
    session[GROUPS_SESSION_KEY] = [str(order.checkout_group)]
    session.save()
    assert guest.get(doc_url(order)).status_code == 200


def test_another_buyers_invoice_or_an_unknown_document_answers_404(shop, buyer):
    order = buy(shop["oil"], user=buyer)
    other = client_for(User.objects.create_user("karim@example.ma", "a long enough pass 42"))
    assert other.get(doc_url(order)).status_code == 404
    mine = client_for(buyer)
    assert mine.get(f"/fr/orders/{order.number}/documents/ZEL-F-000001.pdf").status_code == 404
    assert mine.get(f"/fr/orders/{order.number}/documents/%3Cscript%3E.pdf").status_code == 404


def test_store_downloads_its_invoice_and_another_store_gets_404(shop):
    order = buy(shop["oil"])
    owner = client_for(make_member(shop["argan"], Role.OWNER))
    page = owner.get(f"/fr/dashboard/orders/{order.number}/").content.decode()
    url = f"/fr/dashboard/orders/{order.number}/documents/{order.invoice.number}.pdf"
    assert url + "?lang=fr" in page
    response = owner.get(url + "?lang=ar")
    assert response.status_code == 200 and order.invoice.number in pdf_text(response.content)
    stranger = client_for(make_member(shop["zellige"], Role.OWNER))
    assert stranger.get(url).status_code == 404


def test_order_page_states_the_written_delivery_date_from_3000_mad(shop, buyer):
    """[CP-DEADLINE-3000]"""
    rug = make_product(shop["argan"], fr="Tapis", prices=("3000.00",), stock=2).variants.get()
    large, small = buy(rug, user=buyer), buy(shop["oil"], user=buyer)
    client = client_for(buyer)
    page = client.get(f"/fr/account/orders/{large.number}/").content.decode()
    assert f'data-deliver-by="{large.deliver_by.isoformat()}"' in page
    assert "data-deliver-by" not in client.get(f"/fr/account/orders/{small.number}/").content.decode()

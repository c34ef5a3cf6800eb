"""Invoices: one per store order, issued with the order, numbered per store without gaps, carrying every
mandatory mention, in French and Arabic [TAX-INVOICE]; the written delivery date from 3,000 MAD
[CP-DEADLINE-3000]."""

from decimal import Decimal
from unittest import mock

import pytest
from django.utils import translation

from tests.checkout.helpers import fill_details, new_key
from tests.factories import make_product
from tests.ledger.pdftext import pdf_text
from tijara.cart.services import cart_create, cart_line_add
from tijara.checkout import errors
from tijara.checkout.services import checkout_confirm, checkout_prepare
from tijara.invoicing.documents import document_pdf
from tijara.invoicing.models import DocumentCounter, Invoice
from tijara.orders.models import Order, PaymentMethod

pytestmark = pytest.mark.django_db

VALID_ICE = "001561191000066"  # 15 digits, divisible by 97


def buy(shop, *, variant="oil", quantity=1, **details) -> list[Order]:
    cart = cart_create()
    cart_line_add(cart=cart, variant_id=shop[variant].pk, quantity=quantity)
    fill_details(cart, **details)
    return checkout_confirm(cart=cart, idempotency_key=new_key(), fingerprint=checkout_prepare(cart=cart).fingerprint)


def test_checkout_issues_one_invoice_per_store_numbered_in_each_stores_own_series(filled_cart, shop):
    """[TAX-INVOICE]"""
    orders = checkout_confirm(cart=filled_cart, idempotency_key=new_key(),
                              fingerprint=checkout_prepare(cart=filled_cart).fingerprint)
    assert [o.invoice.number for o in orders] == ["ARG-F-000001", "ZEL-F-000001"]
    again = buy(shop, variant="oil")
    assert again[0].invoice.number == "ARG-F-000002"
    invoice = Invoice.objects.get(order=orders[0])
    assert invoice.total == orders[0].total and invoice.merchant_id == shop["argan"].pk
    assert Invoice.objects.filter(merchant=shop["zellige"]).count() == 1


def test_a_checkout_that_fails_after_invoicing_gives_its_invoice_number_back(shop):
    """A rolled-back checkout leaves no invoice and no hole in the series [TAX-INVOICE]."""
    buy(shop)
    with mock.patch("tijara.checkout.services.payments_create", side_effect=errors.CheckoutError("down", "x")):
        with pytest.raises(errors.CheckoutError):
            buy(shop)
    assert DocumentCounter.objects.get(merchant=shop["argan"], series="invoice").last_number == 1
    assert buy(shop)[0].invoice.sequence == 2
    assert list(Invoice.objects.filter(merchant=shop["argan"]).values_list("sequence", flat=True)) == [1, 2]


def test_invoice_pdf_in_french_carries_every_mandatory_mention(shop):
    """Seller identity with IF, TP, ICE and RC, date, buyer name, address and ICE, lines with quantity, unit
    price and VAT rate, VAT per rate, total TTC and payment method (CGI art. 145-III) [TAX-INVOICE]."""
    order = buy(shop, quantity=2, buyer_ice="0015 6119 1000 066", full_name="Atlas Import SARL")[0]
    assert order.buyer_ice == VALID_ICE
    argan = shop["argan"]
    text = pdf_text(document_pdf(order.invoice, lang="fr"))
    for mention in (order.invoice.number, argan.legal_name, argan.ice, argan.if_number, argan.professional_tax,
                    argan.rc_number, argan.rc_tribunal, argan.email, "Atlas Import SARL", "12 Rue Ibn Batouta",
                    "Casablanca", VALID_ICE, "Huile d'argan", "120,00 MAD", "240,00 MAD", "20 %",
                    f"{order.total:.2f}".replace(".", ",") + " MAD", order.number):
        assert mention in text, mention
    vat = order.vat_breakdown[0]
    assert vat["vat"].replace(".", ",") + " MAD" in text and vat["base"].replace(".", ",") + " MAD" in text
    with translation.override("fr"):
        assert str(PaymentMethod.COD.label) in text
    assert order.created_at.strftime("%d/%m/%Y") in text


def test_invoice_pdf_in_arabic_is_shaped_and_keeps_numbers_readable(shop):
    """[TAX-INVOICE]"""
    pytest.importorskip("uharfbuzz")
    order = buy(shop)[0]
    text = pdf_text(document_pdf(order.invoice, lang="ar"))
    with translation.override("ar"):
        payment = str(PaymentMethod.COD.label)
    assert payment[::-1] in text  # shaped right to left: extracted in visual order
    argan = shop["argan"]
    for mention in (order.invoice.number, argan.ice, argan.if_number, argan.professional_tax, argan.phone[1:]):
        assert mention in text, mention


def test_buyer_ice_is_optional_but_checked_when_given(shop):
    """[TAX-INVOICE]"""
    assert buy(shop)[0].buyer_ice == ""
    cart = cart_create()
    cart_line_add(cart=cart, variant_id=shop["oil"].pk, quantity=1)
    with pytest.raises(errors.CheckoutError) as refused:
        fill_details(cart, buyer_ice="001561191000067")  # wrong check key
    assert refused.value.field == "buyer_ice"
    text = pdf_text(document_pdf(buy(shop)[0].invoice, lang="fr"))
    assert "ICE" in text and VALID_ICE not in text


def test_delivery_date_is_written_from_3000_mad_and_not_below(shop):
    """Law 31-08 art. 12: from 3,000 MAD the seller commits in writing to a delivery date [CP-DEADLINE-3000]."""
    shop["rug"] = make_product(shop["argan"], fr="Tapis berbère", prices=("3000.00",), stock=5).variants.get()
    shop["pouf"] = make_product(shop["argan"], fr="Pouf en cuir", prices=("2999.99",), stock=5).variants.get()
    large, small = buy(shop, variant="rug")[0], buy(shop, variant="pouf")[0]
    assert (large.total, small.total) == (Decimal("3000.00"), Decimal("2999.99"))  # delivery is free above
    written = large.deliver_by.strftime("%d/%m/%Y")
    assert large.invoice.content["deliver_by"] == large.deliver_by.isoformat()
    assert f"livrer au plus tard le {written} (loi 31-08, art. 12)" in pdf_text(document_pdf(large.invoice, lang="fr"))
    assert small.invoice.content["deliver_by"] is None
    assert "art. 12" not in pdf_text(document_pdf(small.invoice, lang="fr"))


def test_an_invoice_does_not_change_when_the_store_changes_its_address(shop):
    """The issued document is frozen [TAX-INVOICE]."""
    order = buy(shop)[0]
    shop["argan"].address = "99 Avenue Nouvelle"
    shop["argan"].save(update_fields=["address"])
    text = pdf_text(document_pdf(Invoice.objects.get(pk=order.invoice.pk), lang="fr"))
    assert "12 Rue de la Liberté" in text and "99 Avenue Nouvelle" not in text


def test_api_checkout_takes_the_buyers_ice_and_refuses_a_wrong_one(client, shop):
    """[TAX-INVOICE]"""
    import json

    from tests.checkout.test_api import checkout_body

    token = client.post("/api/v1/carts", content_type="application/json").json()["token"]
    client.post(f"/api/v1/carts/{token}/lines", data=json.dumps({"variant_id": shop["oil"].pk, "quantity": 1}),
                content_type="application/json")
    body = checkout_body(shop)
    body["customer"]["ice"] = "001561191000067"
    refused = client.post(f"/api/v1/carts/{token}/checkout", data=json.dumps(body), content_type="application/json")
    assert refused.status_code == 422 and refused.json()["field"] == "buyer_ice"
    body["customer"]["ice"] = VALID_ICE
    recap = client.post(f"/api/v1/carts/{token}/checkout", data=json.dumps(body), content_type="application/json")
    assert recap.status_code == 200, recap.content
    assert recap.json()["buyer_ice"] == VALID_ICE
    confirmed = client.post(f"/api/v1/carts/{token}/confirm", HTTP_IDEMPOTENCY_KEY=new_key())
    number = confirmed.json()["orders"][0]["number"]
    assert Order.objects.get(number=number).invoice.content["buyer"]["ice"] == VALID_ICE


def test_checkout_page_takes_the_buyers_ice_and_shows_it_on_the_recap(client, shop):
    """[TAX-INVOICE]"""
    from tests.checkout.test_pages import add, details

    add(client, shop["oil"])
    form = client.get("/fr/checkout/").content.decode()
    assert 'name="buyer_ice"' in form
    wrong = client.post("/fr/checkout/", details(shop, buyer_ice="123"))
    assert wrong.status_code == 200 and "ICE" in wrong.content.decode() and 'class="error"' in wrong.content.decode()
    assert client.post("/fr/checkout/", details(shop, buyer_ice=VALID_ICE)).status_code == 302
    recap = client.get("/fr/checkout/recap/").content.decode()
    assert VALID_ICE in recap

"""The store's legal pages: terms of sale (page, any version, PDF) and legal notice, linked from every page of
the store, in Arabic (right to left) and French [CP-TERMS]."""

import pytest
from django.urls import reverse

from tests.checkout.helpers import new_key
from tests.dashboard.conftest import client_for, make_member
from tests.factories import make_merchant, publish_terms
from tests.ledger.pdftext import pdf_text
from tijara.checkout.services import checkout_confirm, checkout_prepare
from tijara.legal import selectors
from tijara.merchants.models import Role

pytestmark = pytest.mark.django_db


def page(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def test_arabic_terms_page_is_right_to_left_with_the_arabic_text(client, shop):
    """Arabic is required: /ar/ shows the Arabic text right to left [CP-TERMS]."""
    html = page(client.get("/ar/store/argania/terms/"))
    assert '<html lang="ar" dir="rtl">' in html
    assert 'lang="ar" dir="rtl"' in html  # the text itself
    assert '<h2>المادة <bdi dir="ltr">7</bdi> — حق التراجع</h2>' in html
    assert "— القانون المطبق والنزاعات</h2>" in html
    assert '<bdi dir="ltr">+212522000000</bdi>' in html  # the phone keeps its "+" in front, right to left
    assert selectors.terms_current(shop["argan"].pk).sha256_ar in html


def test_french_terms_page_and_an_older_version_by_number(client, shop):
    """?version=N shows that version, marked as no longer in force [CP-TERMS]."""
    publish_terms(shop["argan"], warranties_fr="Garantie commerciale d'un an.")
    current = page(client.get("/fr/store/argania/terms/"))
    assert "<h2>Article 7 — Droit de rétractation</h2>" in current and "Garantie commerciale d&#x27;un an." in current
    old = page(client.get("/fr/store/argania/terms/?version=1"))
    assert "Version 1" in old and "Garantie commerciale" not in old
    assert "not the version in force" in old or "pas la version en vigueur" in old


@pytest.mark.parametrize("query", ["?version=9", "?version=abc", "?version=-1", "?version=99999999999999999999"])
def test_unknown_versions_answer_404(client, shop, query):
    assert client.get(f"/fr/store/argania/terms/{query}").status_code == 404
    assert client.get(f"/fr/store/argania/terms.pdf{query}").status_code == 404


def test_store_without_published_terms_and_unknown_or_pending_stores_answer_404(client, shop):
    make_merchant(name="Sans CGV", slug="sans-cgv", terms=False)
    make_merchant(name="En Attente", slug="en-attente", status="pending")
    assert client.get("/fr/store/sans-cgv/terms/").status_code == 404
    assert client.get("/fr/store/nope/terms/").status_code == 404
    assert client.get("/fr/store/en-attente/legal-notice/").status_code == 404


def test_terms_pdf_in_french_and_arabic(client, shop):
    """The terms download as a PDF in each language, with the text's fingerprint [CP-TERMS]."""
    version = selectors.terms_current(shop["argan"].pk)
    fr = client.get("/fr/store/argania/terms.pdf")
    assert fr.status_code == 200 and fr["Content-Type"] == "application/pdf"
    text = pdf_text(fr.content)
    assert "Article 7 — Droit de rétractation" in text and shop["argan"].ice in text and version.sha256_fr in text
    pytest.importorskip("uharfbuzz")
    ar = client.get("/ar/store/argania/terms.pdf")
    assert ar.status_code == 200 and version.sha256_ar in pdf_text(ar.content)


def test_legal_notice_names_the_seller_in_full(client, shop):
    argan = shop["argan"]
    html = page(client.get("/fr/store/argania/legal-notice/"))
    for value in (argan.legal_name, argan.ice, argan.rc_number, argan.if_number, argan.professional_tax,
                  argan.email, argan.cndp_receipt):
        assert value in html, value
    assert reverse("storefront:store_terms", args=["argania"]) in html


def test_every_page_of_the_store_links_to_its_terms_and_legal_notice(client, filled_cart, shop):
    """Store, product, recap and order pages carry the store's legal links; the order page links to the version
    the order was placed under [CP-TERMS]."""
    terms = reverse("storefront:store_terms", args=["argania"])
    notice = reverse("storefront:store_legal_notice", args=["argania"])
    product = shop["oil"].product
    for url in (reverse("storefront:store", args=["argania"]),
                reverse("storefront:product", args=["argania", product.slug])):
        html = page(client.get(url))
        assert terms in html and notice in html, url
    session = client.session
    session["cart_token"] = str(filled_cart.token)
    session.save()
    recap_html = page(client.get(reverse("storefront:checkout_recap")))
    assert terms in recap_html and notice in recap_html
    recap = checkout_prepare(cart=filled_cart)
    orders = checkout_confirm(cart=filled_cart, idempotency_key=new_key(), fingerprint=recap.fingerprint)
    publish_terms(shop["argan"])  # version 2 after the order: the order page still points to version 1
    session = client.session
    session["checkout_groups"] = [str(orders[0].checkout_group)]
    session.save()
    done = page(client.get(reverse("storefront:checkout_done", args=[orders[0].checkout_group])))
    assert f"{terms}?version=1" in done and notice in done


def test_dashboard_editor_publishes_a_new_version(shop):
    """The owner edits the model terms, saves a draft, then publishes version 2 [CP-TERMS]."""
    owner = client_for(make_member(shop["argan"], Role.OWNER))
    editor = page(owner.get("/fr/dashboard/terms/"))
    assert 'name="order_steps_ar"' in editor and 'dir="rtl"' in editor
    data = {f: v for f, v in _form_values(shop["argan"]).items()}
    data["warranties_fr"] = "Garantie de 6 mois sur les flacons."
    saved = owner.post("/fr/dashboard/terms/", data | {"save": "1"})
    assert saved.status_code == 302 and selectors.terms_current(shop["argan"].pk).number == 1
    published = owner.post("/fr/dashboard/terms/", data | {"publish": "1"})
    assert published.status_code == 302
    current = selectors.terms_current(shop["argan"].pk)
    assert current.number == 2 and "Garantie de 6 mois sur les flacons." in current.text_fr
    listing = page(owner.get("/fr/dashboard/terms/"))
    assert "?version=1" in listing and "?version=2" in listing


def test_dashboard_refuses_incomplete_terms_and_staff_members(shop):
    owner = client_for(make_member(shop["argan"], Role.OWNER))
    data = _form_values(shop["argan"]) | {"complaints_ar": "", "publish": "1"}
    refused = owner.post("/fr/dashboard/terms/", data)
    assert refused.status_code == 200 and 'role="alert"' in refused.content.decode()
    assert selectors.terms_current(shop["argan"].pk).number == 1
    staff = client_for(make_member(shop["argan"], Role.STAFF))
    assert staff.get("/fr/dashboard/terms/").status_code == 403
    assert staff.post("/fr/dashboard/terms/", _form_values(shop["argan"]) | {"publish": "1"}).status_code == 403
    assert selectors.terms_current(shop["argan"].pk).number == 1


def _form_values(merchant) -> dict[str, str]:
    draft = selectors.terms_draft(merchant.pk)
    from tijara.legal.models import LANGUAGES, PART_NAMES

    return {f"{n}_{lang}": getattr(draft, f"{n}_{lang}") for n in PART_NAMES for lang in LANGUAGES}


def test_terms_page_costs_the_same_queries_whatever_the_number_of_versions(client, shop):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as one:
        page(client.get("/fr/store/argania/terms/"))
    for _ in range(4):
        publish_terms(shop["argan"])
    with CaptureQueriesContext(connection) as five:
        html = page(client.get("/fr/store/argania/terms/"))
    assert "?version=5" in html and len(five) == len(one) <= 4

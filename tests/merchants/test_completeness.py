"""A store publishes only with a complete seller identity and published terms [CP-SHOP-COMPLETE]."""

import re

import pytest
from django.core.exceptions import ValidationError

from tests.dashboard.conftest import client_for, make_member
from tests.factories import make_category, make_merchant, make_product
from tijara.accounts.models import User
from tijara.catalog.importers import import_preview, read_rows
from tijara.catalog.models import Product
from tijara.catalog.services import CatalogError, product_set_published
from tijara.legal.services import terms_publish_model
from tijara.merchants.completeness import identity_missing, stores_with_gaps
from tijara.merchants.forms import SettingsForm
from tijara.merchants.validators import (
    rc_compact,
    validate_cndp_receipt,
    validate_if_number,
    validate_professional_tax,
    validate_rc_number,
)

pytestmark = pytest.mark.django_db


def test_a_store_with_every_identifier_is_complete_and_one_without_tp_or_cndp_receipt_is_not():
    """[CP-SHOP-COMPLETE]"""
    assert identity_missing(make_merchant()) == []
    assert identity_missing(make_merchant(complete=False)) == ["professional_tax", "cndp_receipt"]


def test_a_food_store_also_needs_its_sanitary_licence():
    """[CP-SHOP-COMPLETE] A regulated sector's licence is part of the identity; other sectors need none."""
    assert identity_missing(make_merchant(sector="food", licence="")) == ["licence"]
    assert identity_missing(make_merchant(sector="food", licence="ONSSA AS.12")) == []
    assert identity_missing(make_merchant(sector="crafts", licence="")) == []


def test_a_malformed_identifier_counts_as_missing():
    """[CP-SHOP-COMPLETE] An IF with letters or an RC with the court's name in it is not an identity."""
    store = make_merchant(if_number="12A456", rc_number="Casa 1234")
    assert identity_missing(store) == ["rc_number", "if_number"]


@pytest.mark.parametrize("check, good, bad", [
    (validate_if_number, "40123456", "4012-3456X"),
    (validate_professional_tax, "52012345", "TP52012345"),
    (validate_rc_number, "45678", "45678/Agadir"),
    (validate_cndp_receipt, "D-GC-123/2024", "€?"),
])
def test_identifier_formats(check, good, bad):
    """[CP-SHOP-COMPLETE] IF and TP are digits, RC digits (its court apart), the CNDP receipt a printed reference."""
    check(good)
    with pytest.raises(ValidationError):
        check(bad)


def test_rc_typed_with_its_prefix_and_spaces_is_read_as_digits():
    assert rc_compact("R.C. 45 678") == "45678" and rc_compact("RC: 1234") == "1234"


def test_the_settings_form_refuses_a_malformed_if_and_saves_nothing():
    """[CP-SHOP-COMPLETE] A clear message on the field, the store unchanged."""
    store = make_merchant(complete=False)
    owner = make_member(store)
    response = client_for(owner).post("/fr/dashboard/settings/", {
        **_settings_data(store), "if_number": "12AB", "professional_tax": "52012345"})
    assert response.status_code == 200
    assert "chiffres" in response.content.decode()  # "digits only", in French
    store.refresh_from_db()
    assert store.professional_tax == "" and store.if_number != "12AB"


def test_the_owner_completes_the_identity_in_settings_and_the_checklist_empties():
    """[CP-SHOP-COMPLETE] The back-office home lists what is missing with links to the fields; once the owner
    fills them in the settings, the list is gone."""
    store = make_merchant(complete=False)
    client = client_for(make_member(store))
    home = client.get("/fr/dashboard/").content.decode()
    assert 'data-missing="professional_tax"' in home and 'href="/fr/dashboard/settings/#id_cndp_receipt"' in home
    response = client.post("/fr/dashboard/settings/", {
        **_settings_data(store), "professional_tax": "52 012 345", "cndp_receipt": "D-GC-88/2024"})
    assert response.status_code == 302
    store.refresh_from_db()
    assert (store.professional_tax, store.cndp_receipt) == ("52012345", "D-GC-88/2024")
    still = re.findall(r'data-missing="(\w+)"', client.get("/fr/dashboard/").content.decode())
    assert still == ["terms"]  # the identity is done; the terms are the last item


def _settings_data(store) -> dict:
    form = SettingsForm(instance=store)
    data = {name: form[name].value() or "" for name in form.fields if name != "logo"}
    return data


def test_an_incomplete_store_cannot_publish_but_keeps_what_is_online():
    """[CP-SHOP-COMPLETE] The gate applies to publishing: an online product stays online and public."""
    store = make_merchant(complete=False)
    online = make_product(store, slug="en-ligne")  # published before the rule
    draft = make_product(store, slug="brouillon", is_published=False)
    with pytest.raises(CatalogError) as refused:
        product_set_published(merchant=store, product_id=draft.pk, published=True)
    assert refused.value.field == "is_published" and "taxe professionnelle" in str(refused.value.message).lower()
    assert not Product.objects.get(pk=draft.pk).is_published
    assert Product.objects.get(pk=online.pk).is_published


def test_a_complete_store_without_published_terms_cannot_publish_until_it_publishes_them():
    """[CP-SHOP-COMPLETE] Identity complete is not enough: the terms of sale must be published too."""
    store = make_merchant(terms=False)
    draft = make_product(store, slug="brouillon", is_published=False)
    with pytest.raises(CatalogError) as refused:
        product_set_published(merchant=store, product_id=draft.pk, published=True)
    assert "conditions" in str(refused.value.message).lower() or "terms" in str(refused.value.message).lower()
    terms_publish_model(merchant=store)
    assert product_set_published(merchant=store, product_id=draft.pk, published=True) == 1


def test_the_publish_button_of_an_incomplete_store_says_why_without_an_error_page():
    """[CP-SHOP-COMPLETE]"""
    store = make_merchant(complete=False)
    draft = make_product(store, slug="brouillon", is_published=False)
    client = client_for(make_member(store))
    response = client.post(f"/fr/dashboard/products/{draft.pk}/publish/", {"published": "1"}, follow=True)
    assert response.status_code == 200
    assert "identité" in response.content.decode()
    assert not Product.objects.get(pk=draft.pk).is_published


def test_the_api_refuses_to_publish_for_an_incomplete_store_with_the_field():
    """[CP-SHOP-COMPLETE]"""
    store = make_merchant(complete=False)
    make_category("beaute")
    client = client_for(make_member(store))
    response = client.post("/api/v1/merchant/products", {
        "name_fr": "Savon", "category": "beaute", "is_published": True,
        "variants": [{"sku": "S-1", "price": "20.00", "stock": 3}]}, content_type="application/json")
    assert response.status_code == 409 and response.json()["field"] == "is_published"
    assert not Product.objects.filter(merchant=store).exists()


def test_an_import_may_update_online_products_of_an_incomplete_store_but_not_publish_new_ones():
    """[CP-SHOP-COMPLETE]"""
    store = make_merchant(complete=False)
    make_category("beaute")
    make_product(store, slug="en-ligne")
    rows = read_rows(name="c.csv", data=(
        b"slug,category,name_fr,sku,price,stock,is_published\n"
        b"en-ligne,beaute,Huile,EL-1,100.00,3,1\n"
        b"nouveau,beaute,Savon,NV-1,20.00,3,1\n"
        b"brouillon,beaute,Savon 2,BR-1,20.00,3,0\n"))
    plan = import_preview(merchant=store, rows=rows)
    assert [(e.row, e.column) for e in plan.errors] == [(3, "is_published")]


def test_staff_see_validated_stores_with_gaps_and_those_stay_online(client):
    """[CP-SHOP-COMPLETE] The staff list names each gap; nothing was unpublished; others are not listed."""
    gappy = make_merchant(name="Trou", slug="trou", complete=False)
    make_merchant(name="Complet", slug="complet")
    make_merchant(name="En attente", slug="attente", status="pending", complete=False)
    product = make_product(gappy, slug="huile")
    assert [(s.slug, [f for f, _label in gaps]) for s, gaps in stores_with_gaps()] == [
        ("trou", ["professional_tax", "cndp_receipt"])]
    reviewer = User.objects.create_user("reviewer@tijara.ma", "a long enough pass 42", is_staff=True)
    page = client_for(reviewer).get("/fr/dashboard/review/identity-gaps/").content.decode()
    assert 'data-store="trou"' in page and 'data-store="complet"' not in page and 'data-store="attente"' not in page
    assert 'data-field="cndp_receipt"' in page
    assert client.get(f"/fr/store/trou/p/{product.slug}/").status_code == 200


def test_only_platform_staff_see_the_list_of_stores_with_gaps(client):
    make_merchant(name="Trou", slug="trou", complete=False)
    assert client.get("/fr/dashboard/review/identity-gaps/").status_code == 302  # to sign-in
    owner = make_member(make_merchant())
    assert client_for(owner).get("/fr/dashboard/review/identity-gaps/").status_code == 403


def test_the_seller_identity_is_asked_at_onboarding_with_format_checks():
    """[CP-SHOP-COMPLETE] The onboarding form takes TP, licence and CNDP receipt and checks IF, RC and TP."""
    from tijara.merchants.forms import CompanyForm

    form = CompanyForm(data={"if_number": "40-12-34-56", "rc_number": "RC 4567", "professional_tax": "TP12"})
    form.is_valid()
    assert "professional_tax" in form.errors and "if_number" not in form.errors and "rc_number" not in form.errors
    assert form.cleaned_data["if_number"] == "40123456" and form.cleaned_data["rc_number"] == "4567"
    assert {"licence", "cndp_receipt", "professional_tax"} <= set(form.fields)


def test_export_and_reimport_keep_products_online_for_a_complete_store():
    """Control: a complete store with published terms imports published rows without error."""
    store = make_merchant()
    make_category("beaute")
    rows = read_rows(name="c.csv", data=b"slug,category,name_fr,sku,price,stock,is_published\n"
                                        b"nouveau,beaute,Savon,NV-1,20.00,3,1\n")
    assert import_preview(merchant=store, rows=rows).errors == []


def test_the_demo_seed_gives_validated_stores_everything_they_need_to_publish():
    """[CP-SHOP-COMPLETE] The demo can publish: every seeded validated store has a complete identity and terms."""
    from tijara.catalog.seed import seed
    from tijara.catalog.services import publishing_refusal
    from tijara.merchants.models import Merchant, MerchantStatus

    seed(seed=3, products=40)
    validated = list(Merchant.objects.filter(status=MerchantStatus.VALIDATED).select_related("city"))
    assert validated and [m.slug for m in validated if publishing_refusal(m)] == []
    assert stores_with_gaps() == []


def test_the_checklist_sends_a_store_without_terms_to_the_terms_editor():
    """[CP-SHOP-COMPLETE]"""
    store = make_merchant(terms=False)
    client = client_for(make_member(store))
    home = client.get("/fr/dashboard/").content.decode()
    assert 'data-missing="terms"' in home and 'href="/fr/dashboard/terms/"' in home
    terms_publish_model(merchant=store)
    assert "data-missing" not in client.get("/fr/dashboard/").content.decode()

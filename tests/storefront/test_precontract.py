"""What the buyer knows on the product page before ordering [CP-PRECONTRACT], and the products the withdrawal
right does not cover [CP-NON-WITHDRAWABLE]."""

import re
from decimal import Decimal

import pytest
from django.utils import timezone, translation
from django.utils.formats import date_format

from tests.checkout.helpers import fill_details
from tests.dashboard.conftest import client_for, make_member
from tests.factories import make_category, make_merchant, make_product
from tijara.cart.services import cart_create, cart_line_add
from tijara.cart.session import CART_SESSION_KEY
from tijara.catalog.importers import export_csv, import_apply, import_preview, read_rows
from tijara.catalog.models import NonWithdrawable, Product
from tijara.core.models import City
from tijara.core.money import format_mad
from tijara.shipping.models import ShippingMethod, ShippingZoneFee
from tijara.shipping.rules import deliver_by
from tijara.shipping.selectors import shipping_fee

pytestmark = pytest.mark.django_db


def _page(client, lang: str, path: str, **params) -> str:
    response = client.get(f"/{lang}{path}", params)
    assert response.status_code == 200
    return response.content.decode()


def _section(page: str) -> str:
    return re.search(r'<section class="precontract".*?</section>', page, re.DOTALL).group(0)


@pytest.fixture
def store():
    store = make_merchant(name="Argania", slug="argania")  # Casablanca-Settat, default home + relay methods
    home = ShippingMethod.objects.get(merchant=store, kind="home")
    fes = City.objects.get(name_fr="Fès")
    ShippingZoneFee.objects.create(merchant=store, method=home, city=fes, fee=Decimal("61.00"))
    return store


def test_product_page_gives_delivery_cost_and_deadline_for_the_store_city_by_default(client, store):
    """[CP-PRECONTRACT] Without a choice, the visitor sees each method's fee and delay for the store's own city."""
    product = make_product(store, slug="huile", prices=("120.00",))
    section = _section(_page(client, "fr", f"/store/argania/p/{product.slug}/"))
    assert f'data-city="{store.city_id}"' in section
    for method in ShippingMethod.objects.filter(merchant=store).prefetch_related("zone_fees"):
        option = shipping_fee(method, city_id=store.city_id, region_id=store.city.region_id,
                              subtotal=Decimal("120.00"))
        expected = f"{method.name_fr}: <strong>{format_mad(option.fee, 'fr')}</strong>"
        assert expected in section, expected
        latest = deliver_by(timezone.localdate(), method.delivery_days_max)
        with translation.override("fr"):
            assert date_format(latest, "DATE_FORMAT") in section


def test_choosing_a_city_shows_its_fee_and_is_remembered(client, store):
    """[CP-PRECONTRACT] ?city= shows that city's fee; the choice follows the visitor to the next product page."""
    fes = City.objects.get(name_fr="Fès")
    oil = make_product(store, slug="huile", prices=("120.00",))
    soap = make_product(store, slug="savon", prices=("30.00",))
    section = _section(_page(client, "fr", f"/store/argania/p/{oil.slug}/", city=fes.pk))
    assert f'data-city="{fes.pk}"' in section and "61,00" in section
    assert f'<option value="{fes.pk}" selected>' in section
    again = _section(_page(client, "fr", f"/store/argania/p/{soap.slug}/"))
    assert f'data-city="{fes.pk}"' in again and "61,00" in again


def test_a_bad_city_parameter_falls_back_to_the_store_city(client, store):
    product = make_product(store, slug="huile")
    for bad in ("abc", "999999", "-1", "1" * 40):
        section = _section(_page(client, "ar", f"/store/argania/p/{product.slug}/", city=bad))
        assert f'data-city="{store.city_id}"' in section


def test_free_delivery_is_shown_when_the_product_alone_reaches_the_threshold(client, store):
    """[CP-PRECONTRACT] The home method is free from 500 MAD: a 600 MAD product shows it free."""
    product = make_product(store, slug="tapis", prices=("600.00",))
    section = _section(_page(client, "fr", f"/store/argania/p/{product.slug}/"))
    assert "gratuit" in section.lower()


@pytest.mark.parametrize("lang", ["fr", "ar"])
def test_payment_methods_withdrawal_and_offer_validity_are_stated(client, store, lang):
    """[CP-PRECONTRACT] Ways to pay, the 7-day withdrawal right, how long the offer and its price hold, in the
    page's language; the full seller identity with its contacts is on the page [CP-SELLER-IDENTITY]."""
    product = make_product(store, slug="huile")
    page = _page(client, lang, f"/store/argania/p/{product.slug}/")
    section = _section(page)
    assert "payment-methods" in section and "offer-validity" in section
    assert "31-08" in section and "36" in section  # the withdrawal article
    if lang == "fr":
        assert "Paiement à la livraison" in section
        assert "tant que le produit est en ligne" in section
    else:
        assert "ما دام المنتج معروضا" in section
    assert f'<bdi dir="ltr">{store.email}</bdi>' in page and f'<bdi dir="ltr">{store.phone}</bdi>' in page


@pytest.mark.parametrize("lang, words", [("fr", "denrées périssables"), ("ar", "سلع سريعة التلف")])
def test_a_perishable_product_says_why_the_withdrawal_right_does_not_apply(client, store, lang, words):
    """[CP-NON-WITHDRAWABLE] The reason replaces the 7-day text on the product page, with the law's article."""
    product = make_product(store, slug="dattes")
    Product.objects.filter(pk=product.pk).update(non_withdrawable=NonWithdrawable.PERISHABLE)
    section = _section(_page(client, lang, f"/store/argania/p/{product.slug}/"))
    assert words in section and "38" in section
    assert 'class="withdrawal"' not in section


def test_the_recap_line_of_a_personalised_product_says_it_cannot_be_withdrawn(client, store):
    """[CP-NON-WITHDRAWABLE] On the recap, next to the line, before the buyer confirms."""
    product = make_product(store, slug="caftan", fr="Caftan sur mesure")
    Product.objects.filter(pk=product.pk).update(non_withdrawable=NonWithdrawable.PERSONALISED)
    other = make_product(store, slug="savon", fr="Savon noir")
    cart = cart_create()
    cart_line_add(cart=cart, variant_id=product.variants.first().pk, quantity=1)
    cart_line_add(cart=cart, variant_id=other.variants.first().pk, quantity=1)
    fill_details(cart)
    session = client.session
    session[CART_SESSION_KEY] = str(cart.token)
    session.save()
    page = client.get("/fr/checkout/recap/")
    assert page.status_code == 200
    html = page.content.decode()
    rows = re.findall(r"<tr>.*?</tr>", html, re.DOTALL)
    caftan = next(r for r in rows if "Caftan sur mesure" in r)
    savon = next(r for r in rows if "Savon noir" in r)
    assert "no-withdrawal" in caftan and "no-withdrawal" not in savon


def test_the_product_form_saves_the_reason_and_refuses_an_unknown_one(store):
    """[CP-NON-WITHDRAWABLE]"""
    category = make_category("beaute")
    client = client_for(make_member(store))
    data = {"name_fr": "Dattes Mejhoul", "category": category.pk, "vat_class": "standard", "is_published": "on",
            "non_withdrawable": "perishable", "variants-TOTAL_FORMS": "1", "variants-INITIAL_FORMS": "0",
            "variants-MIN_NUM_FORMS": "0", "variants-MAX_NUM_FORMS": "50", "variants-0-sku": "DAT-1",
            "variants-0-price": "80.00", "variants-0-stock": "5"}
    assert client.post("/fr/dashboard/products/new/", data).status_code == 302
    assert Product.objects.get(merchant=store).non_withdrawable == "perishable"
    response = client.post("/fr/dashboard/products/new/", {**data, "non_withdrawable": "because", "variants-0-sku": "X"})
    assert response.status_code == 200 and Product.objects.filter(merchant=store).count() == 1


def test_the_merchant_api_reads_and_writes_the_reason(store):
    """[CP-NON-WITHDRAWABLE] Same field in the API, with the allowed values in its schema."""
    make_category("beaute")
    client = client_for(make_member(store))
    body = {"name_fr": "Logiciel", "category": "beaute", "non_withdrawable": "unsealed_media",
            "variants": [{"sku": "SW-1", "price": "300.00", "stock": 2}]}
    created = client.post("/api/v1/merchant/products", body, content_type="application/json")
    assert created.status_code == 201 and created.json()["non_withdrawable"] == "unsealed_media"
    wrong = client.post("/api/v1/merchant/products", {**body, "non_withdrawable": "used"},
                        content_type="application/json")
    assert wrong.status_code in (400, 422) and Product.objects.filter(merchant=store).count() == 1


def test_import_and_export_carry_the_reason_and_a_file_without_the_column_keeps_it(store):
    """[CP-NON-WITHDRAWABLE]"""
    make_category("beaute")
    csv = ("slug,category,name_fr,sku,price,stock,non_withdrawable\n"
           "dattes,beaute,Dattes,DT-1,80.00,4,perishable\n"
           "savon,beaute,Savon,SV-1,20.00,4,\n")
    plan = import_preview(merchant=store, rows=read_rows(name="c.csv", data=csv.encode()))
    assert plan.errors == []
    import_apply(merchant=store, plan=plan)
    assert dict(Product.objects.filter(merchant=store).values_list("slug", "non_withdrawable")) == {
        "dattes": "perishable", "savon": ""}
    exported = export_csv(merchant=store).decode("utf-8-sig")
    assert exported.splitlines()[0].endswith("non_withdrawable") and "perishable" in exported
    old_format = "slug,category,name_fr,sku,price,stock\ndattes,beaute,Dattes,DT-1,85.00,4\n"
    import_apply(merchant=store, plan=import_preview(merchant=store, rows=read_rows(name="c.csv",
                                                                                    data=old_format.encode())))
    assert Product.objects.get(merchant=store, slug="dattes").non_withdrawable == "perishable"
    bad = import_preview(merchant=store, rows=read_rows(name="c.csv", data=csv.replace(
        "perishable", "opened").encode()))
    assert [(e.row, e.column) for e in bad.errors] == [(2, "non_withdrawable")]

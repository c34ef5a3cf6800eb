# ruff: noqa: F811  (fixtures imported from tests/dashboard/conftest.py are then requested by name)
"""Forms and imports accept what people type — phones with spaces, dots and dashes, a RIB grouped as printed, a
price with a decimal comma — and the server normalises it with one rule per kind; a price is never multiplied
by 100, and an amount that can be read two ways is refused with a clear message."""

import re
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from tests.dashboard.conftest import (  # noqa: F401  (fixtures)
    VALID_RIB,
    category,
    client_a,
    owner_a,
    store_a,
)
from tests.merchants.test_onboarding_and_review import company_data, signed_up
from tijara.catalog.importers import import_preview, read_rows
from tijara.catalog.models import Variant
from tijara.core.amounts import AmountField, parse_amount
from tijara.merchants.models import Merchant

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _language_reset():
    """Pages visited in Arabic leave it active in this thread (LocaleMiddleware): give the next test French back."""
    yield
    translation.deactivate()

RIB_AS_PRINTED = "011 519 0000012050005349 21"  # VALID_RIB in the groups of a bank statement


@pytest.mark.parametrize(("typed", "amount"), [
    ("149,00", "149.00"), ("149.00", "149.00"), ("149", "149.00"), ("12,5", "12.50"), ("149,", "149.00"),
    ("1 490,50", "1490.50"), ("1\u00a0490,50", "1490.50"), ("1\u202f490,5", "1490.50"), ("149 DH", "149.00"),
    ("149,00 MAD", "149.00"), ("١٤٩٫٥٠", "149.50"), ("  99.9 ", "99.90"),
])
def test_amounts_are_read_as_people_type_them(typed, amount):
    assert parse_amount(typed) == Decimal(amount)


@pytest.mark.parametrize("typed", ["1.234,5", "1,234.50", "1.234", "1,234", "1.234.567", "1 234.567"])
def test_an_amount_that_reads_two_ways_is_refused_with_the_reason(typed):
    with translation.override("fr"), pytest.raises(ValidationError) as refused:
        parse_amount(typed)
    assert refused.value.code == "amount_ambiguous"
    assert typed in refused.value.messages[0] and "deux façons" in refused.value.messages[0]


@pytest.mark.parametrize("typed", ["", "abc", "12,3456", "1e5", "NaN", "Infinity", "--3", "1" * 50, "12,5.0"])
def test_what_is_not_an_amount_is_refused_never_guessed(typed):
    with pytest.raises(ValidationError):
        parse_amount(typed)


@given(cents=st.integers(min_value=1, max_value=100_000_000), comma=st.booleans(), grouped=st.booleans())
def test_a_typed_price_is_never_multiplied_by_100(cents, comma, grouped):
    value = Decimal(cents) / 100
    units, decimals = f"{value:.2f}".split(".")
    if grouped:  # French grouping with spaces: "1 234 567,89"
        units = f"{int(units):,}".replace(",", " ")
    assert parse_amount(f"{units}{',' if comma else '.'}{decimals}") == value


def test_price_fields_are_text_inputs_so_the_browser_never_reads_the_comma():
    """A number input in an English browser turns "149,00" into 14900 before the server sees it."""
    html = str(AmountField(label="Price").widget.render("price", "149,00"))
    assert 'type="text"' in html and 'inputmode="decimal"' in html and "step" not in html


def test_every_price_and_amount_form_field_uses_the_one_normaliser():
    from tijara.catalog.forms import VariantForm
    from tijara.dashboard.forms import ShippingMethodForm, ZoneFeeForm
    from tijara.dashboard.forms_fulfilment import ShipmentOutcomeForm
    from tijara.dashboard.forms_payments import RefundForm

    fields = [VariantForm.base_fields["price"], ShippingMethodForm.base_fields["base_fee"],
              ShippingMethodForm.base_fields["free_above"], ZoneFeeForm.base_fields["fee"],
              ShipmentOutcomeForm.base_fields["cash_collected"], RefundForm.base_fields["amount"]]
    assert all(isinstance(field, AmountField) for field in fields)


def product_post(category, price: str) -> dict:
    return {
        "name_fr": "Huile d'argan", "name_ar": "", "name_en": "", "category": category.pk, "vat_class": "standard",
        "variants-TOTAL_FORMS": "1", "variants-INITIAL_FORMS": "0",
        "variants-0-sku": "ARG-50", "variants-0-options": "", "variants-0-price": price, "variants-0-stock": "5",
    }


def test_a_price_typed_with_a_decimal_comma_is_saved_as_typed(client_a, store_a, category):
    response = client_a.post("/fr/dashboard/products/new/", product_post(category, "149,00"))
    assert response.status_code == 302
    assert Variant.objects.get(merchant=store_a, sku="ARG-50").price == Decimal("149.00")


def test_an_ambiguous_price_is_explained_and_nothing_is_saved(client_a, store_a, category):
    response = client_a.post("/fr/dashboard/products/new/", product_post(category, "1.234,5"))
    assert response.status_code == 200
    assert "deux façons" in response.content.decode()
    assert not Variant.objects.filter(merchant=store_a).exists()


def test_the_catalogue_import_reads_prices_like_the_form(store_a, category):
    csv = ("slug,category,name_fr,vat_class,is_published,sku,price,stock\n"
           'savon,beaute,Savon,standard,0,SAV-1,"149,00",3\n'
           'ghassoul,beaute,Ghassoul,standard,0,GHA-1,"1.234,5",3\n')
    with translation.override("fr"):
        plan = import_preview(merchant=store_a, rows=read_rows(name="c.csv", data=csv.encode()))
    assert plan.products["savon"].variants[0]["price"] == Decimal("149.00")
    [error] = [e for e in plan.errors if e.column == "price"]
    assert error.row == 3 and "deux façons" in error.message


def maxlength(page: str, name: str) -> int | None:
    tag = re.search(rf'<input[^>]*name="{name}"[^>]*>', page).group(0)
    found = re.search(r'maxlength="(\d+)"', tag)
    return int(found.group(1)) if found else None


def test_onboarding_takes_phone_rib_and_ice_as_typed_and_stores_them_compact():
    client = Client()
    signed_up(client)
    page = client.get("/fr/dashboard/onboarding/").content.decode()
    for name, typed in (("phone", "+212 (0)6 61 23 45 67"), ("rib", RIB_AS_PRINTED), ("ice", "001 234 567 000 089")):
        limit = maxlength(page, name)
        assert limit is None or limit >= len(typed), (name, limit)  # the browser never cuts it
    data = company_data(phone="06 61 23 45 67", rib=RIB_AS_PRINTED)
    data["ice"] = " ".join(re.findall(r".{1,3}", data["ice"]))  # as printed on the certificate
    response = client.post("/fr/dashboard/onboarding/", data)
    assert response.status_code == 302, response.context["form"].errors
    store = Merchant.objects.get(store_name="Tifawin")
    assert (store.phone, store.rib, store.ice) == ("+212661234567", VALID_RIB, data["ice"].replace(" ", ""))


@pytest.mark.parametrize("typed", ["06.61.23.45.67", "06-61-23-45-67", "0661 234 567", "00212 661 234 567"])
def test_store_settings_take_the_phone_with_dots_or_dashes(store_a, owner_a, typed):
    from tijara.merchants.forms import SettingsForm

    form = SettingsForm(data={"store_name": store_a.store_name, "phone": typed, "email": store_a.email,
                              "address": store_a.address, "rc_number": store_a.rc_number,
                              "rc_tribunal": store_a.rc_tribunal, "if_number": store_a.if_number},
                        instance=store_a)
    form.is_valid()
    assert "phone" not in form.errors and form.cleaned_data["phone"] == "+212661234567"


def test_bank_details_take_the_rib_as_printed_and_a_wrong_key_is_still_refused(store_a, owner_a):
    owner = Client()
    owner.force_login(owner_a)
    response = owner.post("/fr/dashboard/settings/bank/", {"rib": RIB_AS_PRINTED.replace(" 21", " 22")}, follow=True)
    assert "clé" in response.content.decode()  # the key is checked, not the number of characters typed
    store_a.refresh_from_db()
    assert store_a.rib != VALID_RIB
    owner.post("/fr/dashboard/settings/bank/", {"rib": RIB_AS_PRINTED.replace(" ", "\u00a0")})
    store_a.refresh_from_db()
    assert store_a.rib == VALID_RIB


def test_a_shipping_fee_typed_with_a_comma_is_charged_as_typed(client_a, store_a):
    from tijara.shipping.models import ShippingMethod

    client_a.post("/fr/dashboard/settings/shipping/new/", {
        "kind": "home", "name_fr": "Amana", "name_ar": "", "name_en": "", "base_fee": "25,50", "free_above": "",
        "delivery_days_min": "1", "delivery_days_max": "4", "position": "0", "is_active": "on",
        "zones-TOTAL_FORMS": "0", "zones-INITIAL_FORMS": "0", "zones-MIN_NUM_FORMS": "0", "zones-MAX_NUM_FORMS": "1000"})
    assert ShippingMethod.objects.filter(merchant=store_a, name_fr="Amana").get().base_fee == Decimal("25.50")



def test_a_carriers_status_file_reads_amounts_with_the_same_rule(store_a):
    from tijara.fulfilment.services import carrier_add
    from tijara.fulfilment.status_files import status_file_read

    carrier = carrier_add(merchant=store_a, reference_code="amana-barid-al-maghrib-poste-maroc")
    data = "tracking_number;status;amount\nT1;livré;1 240,50\nT2;livré;1.234,5\n".encode()
    with translation.override("fr"):
        report = status_file_read(carrier=carrier, name="statuts.csv", data=data)
    first, second = report.rows
    assert first.amount == Decimal("1240.50")
    assert "deux façons" in second.error


def test_every_phone_form_field_uses_the_phone_rule_and_takes_a_long_typing():
    from tijara.checkout.forms import CheckoutForm
    from tijara.core.phone import PhoneField
    from tijara.merchants.forms import CompanyForm, SettingsForm

    fields = [CheckoutForm.base_fields["phone"], CompanyForm.base_fields["phone"], SettingsForm.base_fields["phone"]]
    assert all(isinstance(field, PhoneField) and field.max_length >= len("+212 (0)6 61 23 45 67") for field in fields)
    assert CheckoutForm.base_fields["phone"].clean("06.12.34.56.78") == "+212612345678"
    with pytest.raises(ValidationError):  # a customer's delivery phone must reach a person: no 08 line
        CheckoutForm.base_fields["phone"].clean("08 01 23 45 67")

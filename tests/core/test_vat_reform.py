"""The VAT reference table by class and date [TAX-VAT-RATES]: the 2024 finance law's steps for water, electricity
and transport, and the goods it exempts from 2024; the rate in force on the order date is the one applied."""

import datetime as dt
import zoneinfo
from decimal import Decimal

import pytest
import time_machine

from tests.checkout.helpers import fill_details, new_key
from tests.factories import make_merchant, make_product
from tijara.cart.services import cart_create, cart_line_add
from tijara.checkout.services import checkout_confirm, checkout_prepare
from tijara.core.models import VatClass, VatRate
from tijara.core.vat import vat_rate_for
from tijara.shipping.services import shipping_defaults_ensure

pytestmark = pytest.mark.django_db

YEARS = {2023: dt.date(2023, 12, 31), 2024: dt.date(2024, 1, 1), 2025: dt.date(2025, 6, 30), 2026: dt.date(2026, 1, 1)}
STEPS = {  # class: rate (%) in force in 2023, 2024, 2025, 2026
    "water": ("7.00", "8.00", "9.00", "10.00"),
    "electricity": ("14.00", "16.00", "18.00", "20.00"),
    "transport": ("14.00", "16.00", "18.00", "20.00"),
}
EXEMPTED_IN_2024 = {"medicines": "7.00", "school_supplies": "7.00", "sardine_cans": "7.00", "milk_powder": "7.00",
                    "household_soap": "7.00", "butter": "14.00"}


@pytest.mark.parametrize("vat_class", sorted(STEPS))
def test_reform_steps_by_year(vat_class):
    rates = [vat_rate_for(vat_class, day) for day in YEARS.values()]
    assert [str(r.rate) for r in rates] == list(STEPS[vat_class])
    assert not any(r.exempt for r in rates)
    assert vat_rate_for(vat_class, dt.date(2024, 12, 31)).rate == Decimal(STEPS[vat_class][1])  # the eve of a step


@pytest.mark.parametrize("vat_class", sorted(EXEMPTED_IN_2024))
def test_goods_exempted_from_2024(vat_class):
    before = vat_rate_for(vat_class, YEARS[2023])
    assert (before.rate, before.exempt) == (Decimal(EXEMPTED_IN_2024[vat_class]), False)
    for year in (2024, 2025, 2026):
        after = vat_rate_for(vat_class, YEARS[year])
        assert (after.rate, after.exempt, after.valid_from) == (Decimal("0.00"), True, dt.date(2024, 1, 1))


def test_table_covers_every_rate_and_exempt_on_any_day_since_2011():
    expected = {"standard": ("20.00", False), "reduced_14": ("14.00", False), "reduced_10": ("10.00", False),
                "reduced_7": ("7.00", False), "zero": ("0.00", False), "exempt": ("0.00", True)}
    for day in (dt.date(2011, 1, 1), *YEARS.values()):
        for vat_class, (rate, exempt) in expected.items():
            found = vat_rate_for(vat_class, day)
            assert (str(found.rate), found.exempt) == (rate, exempt)
    assert set(VatRate.objects.values_list("vat_class", flat=True)) == set(VatClass.values)  # no class without rates


@pytest.mark.parametrize("year, rate", [(2025, Decimal("18.00")), (2026, Decimal("20.00"))])
def test_an_order_takes_the_rate_in_force_on_its_date(year, rate):
    store = make_merchant(name="Kahraba", slug="kahraba")
    shipping_defaults_ensure(merchants=[store])
    variant = make_product(store, fr="Recharge électricité", prices=("120.00",), stock=5,
                           vat_class="electricity").variants.get()
    moment = dt.datetime(year, 1, 1, 0, 30, tzinfo=zoneinfo.ZoneInfo("Africa/Casablanca"))  # just past midnight
    with time_machine.travel(moment, tick=False):
        cart = cart_create()
        cart_line_add(cart=cart, variant_id=variant.pk, quantity=1)
        fill_details(cart)
        [order] = checkout_confirm(cart=cart, idempotency_key=new_key(),
                                   fingerprint=checkout_prepare(cart=cart).fingerprint)
    [line] = order.lines.all()
    assert (line.vat_rate, line.vat_exempt) == (rate, False)
    assert line.vat_amount == (Decimal("120.00") * rate / (100 + rate)).quantize(Decimal("0.01"))

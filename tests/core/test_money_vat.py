import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tijara.core.models import VatRate
from tijara.core.money import format_mad, split_ttc, to_money
from tijara.core.vat import VatRateMissing, vat_rate_for

NNBSP = "\u202f"


def test_price_formatted_in_mad_for_each_locale():
    """Prices are in dirhams whatever the interface language [CP-PRICE-TTC]."""
    assert format_mad(Decimal("1234.5"), "fr") == f"1{NNBSP}234,50\xa0MAD"
    assert format_mad(Decimal("1234.5"), "en") == "1,234.50\xa0MAD"
    arabic = format_mad(Decimal("1234.5"), "ar")
    assert "234,50" in arabic and "د.م." in arabic


def test_money_refuses_floats():
    with pytest.raises(TypeError):
        to_money(12.5)


@given(
    ttc=st.decimals(min_value=Decimal("0.01"), max_value=Decimal("1000000"), places=2),
    rate=st.sampled_from([Decimal("20"), Decimal("14"), Decimal("10"), Decimal("7"), Decimal("0")]),
)
def test_vat_split_adds_back_to_the_price_to_the_centime(ttc, rate):
    """The HT base and the VAT derived from a TTC price add back to it [CP-PRICE-TTC]."""
    split = split_ttc(ttc, rate)
    assert split.ht + split.vat == split.ttc == ttc
    assert split.vat >= 0
    # the VAT is the rate applied to the base, within half a centime of rounding
    assert abs(split.ht * rate / 100 - split.vat) <= Decimal("0.01")


@pytest.mark.django_db
def test_vat_rate_is_read_by_date():
    """A new rate applies from its date; earlier days keep the old one [TAX-VAT-RATES]."""
    VatRate.objects.create(vat_class="reduced_14", valid_from=dt.date(2026, 1, 1), rate=Decimal("20.00"))
    assert vat_rate_for("reduced_14", dt.date(2025, 12, 31)).rate == Decimal("14.00")
    assert vat_rate_for("reduced_14", dt.date(2026, 1, 1)).rate == Decimal("20.00")


@pytest.mark.django_db
def test_exempt_differs_from_zero_rate():
    """Exempt and taxed at 0 % are two classes with the same rate [TAX-VAT-RATES]."""
    assert vat_rate_for("exempt").exempt is True
    assert vat_rate_for("zero").exempt is False
    assert vat_rate_for("zero").rate == vat_rate_for("exempt").rate == Decimal("0.00")


@pytest.mark.django_db
def test_vat_rate_before_the_table_starts_is_an_error_not_a_guess():
    with pytest.raises(VatRateMissing):
        vat_rate_for("standard", dt.date(1990, 1, 1))

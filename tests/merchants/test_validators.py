"""Identifiers a store gives: its RIB for payouts [REF-RIB] and its ICE [REF-ICE]."""

import pytest
from django.core.exceptions import ValidationError

from tests.dashboard.conftest import VALID_RIB
from tijara.merchants.validators import rib_key, validate_ice, validate_rib


def test_rib_of_the_iban_registry_moroccan_example_is_accepted():
    validate_rib(VALID_RIB)
    validate_rib("011 519 0000012050005349 21")  # as printed on a bank statement


def test_rib_key_is_the_24_digit_number_divisible_by_97():
    for bank, city, account in [("007", "780", "0001234567890123"), ("230", "810", "4567891234560000")]:
        key = rib_key(bank, city, account)
        assert int(f"{bank}{city}{account}{key:02d}") % 97 == 0
        validate_rib(f"{bank}{city}{account}{key:02d}")


@pytest.mark.parametrize("rib,code", [
    ("011519000001205000534922", "rib_key"),   # one key digit off
    ("011519000001205000543921", "rib_key"),   # two account digits swapped
    ("01151900000120500053492", "rib_length"),
    ("0115190000012050005349211", "rib_length"),
    ("A11519000001205000534921", "rib_chars"),
])
def test_wrong_ribs_are_refused_with_the_reason(rib, code):
    with pytest.raises(ValidationError) as info:
        validate_rib(rib)
    assert info.value.code == code


def test_letters_in_the_account_number_are_mapped_as_in_the_french_rib():
    key = rib_key("011", "519", "00000120500053AB")
    assert key == rib_key("011", "519", "0000012050005312")
    validate_rib(f"01151900000120500053AB{key:02d}")


def test_ice_check():
    validate_ice("001561191000066")
    with pytest.raises(ValidationError):
        validate_ice("001561191000065")

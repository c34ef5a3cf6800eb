"""Moroccan phone numbers are accepted in the shapes people type and stored as +212 and 9 digits
[REF-PHONE]."""

import re

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from tijara.core.phone import normalize_phone

STORED = re.compile(r"\+212[5-8][0-9]{8}", re.ASCII)
PERSONAL = re.compile(r"\+212[567][0-9]{8}", re.ASCII)
EASTERN_DIGITS = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")

prefixes = st.sampled_from(["0", "+212", "00212", "212", "+212 (0)", "+2120", "00 212 "])
separators = st.sampled_from(["", " ", ".", "-", "/", "  "])


def national(first_digits: str):
    return st.builds(lambda first, rest: first + rest, st.sampled_from(list(first_digits)),
                     st.text(alphabet="0123456789", min_size=8, max_size=8))


@st.composite
def typed(draw, first_digits: str = "567"):
    """A 9-digit national number and one way a person may type it."""
    number = draw(national(first_digits))
    groups, i = [], 0
    while i < len(number):
        size = draw(st.integers(min_value=1, max_value=3))
        groups.append(number[i:i + size])
        i += size
    body = "".join(group + draw(separators) for group in groups).rstrip(" ./-")
    text = draw(prefixes) + draw(separators) + body
    if draw(st.booleans()):
        text = text.translate(EASTERN_DIGITS)
    return number, text


@given(typed())
def test_every_typed_shape_of_a_delivery_number_is_stored_as_plus_212_and_its_9_digits(case):
    number, text = case
    assert normalize_phone(text) == "+212" + number


@given(typed("5678"))
def test_a_merchant_number_is_stored_the_same_way_including_special_services(case):
    number, text = case
    assert normalize_phone(text, allow_special_services=True) == "+212" + number


@given(national("567"), st.sampled_from(["0{n}", "+212{n}", "00212{n}", "212{n}", "+212 (0){n}"]))
def test_prefixes_and_separators_do_not_change_the_stored_number(number, shape):
    spaced = " ".join([number[:1], number[1:3], number[3:5], number[5:7], number[7:]])
    results = {normalize_phone(shape.format(n=number)), normalize_phone(shape.format(n=spaced)),
               normalize_phone(shape.format(n=spaced.replace(" ", "."))),
               normalize_phone(shape.format(n=spaced.replace(" ", "-")))}
    assert results == {"+212" + number}


@given(st.text(alphabet="0125678+ .-/()٠٦", max_size=20) | st.text(max_size=20), st.booleans())
def test_anything_accepted_is_a_stored_number_and_normalising_it_again_changes_nothing(text, special):
    try:
        stored = normalize_phone(text, allow_special_services=special)
    except ValidationError:
        return
    assert (STORED if special else PERSONAL).fullmatch(stored)
    assert normalize_phone(stored, allow_special_services=special) == stored


@given(typed("8"))
def test_a_special_services_number_cannot_be_a_delivery_phone(case):
    _number, text = case
    with pytest.raises(ValidationError):
        normalize_phone(text)


@pytest.mark.parametrize("raw", ["0612345678", "06 12 34 56 78", "06.12.34.56.78", "06-12-34-56-78", "+212612345678",
                                 "+212 6 12 34 56 78", "00212612345678", "212612345678", "+212 (0)6 12 34 56 78",
                                 "٠٦١٢٣٤٥٦٧٨"])
def test_usual_shapes_of_one_mobile_number(raw):
    assert normalize_phone(raw) == "+212612345678"


def test_fixed_lines_and_07_mobiles_are_delivery_phones():
    assert normalize_phone("0522 00 00 00") == "+212522000000"
    assert normalize_phone("0712345678") == "+212712345678"


def test_a_merchant_may_publish_a_free_phone_line():
    assert normalize_phone("0800 00 12 34", allow_special_services=True) == "+212800001234"


@pytest.mark.parametrize("raw", ["", "   ", "12345", "abc", "0812345678", "061234567", "06123456789",
                                 "+33612345678", "0033612345678", "0412345678", "0912345678", "+212 012345678",
                                 "+212 6 12 34 56 7", "06 12 34 56 78 9", "+2126123456789", "0612345678x",
                                 "6 12 34 56 78", "+ 212612345678x"])
def test_other_numbers_are_refused_as_delivery_phones(raw):
    with pytest.raises(ValidationError):
        normalize_phone(raw)


@pytest.mark.parametrize("raw", ["0412345678", "0912345678", "+33612345678", "08123"])
def test_other_numbers_are_refused_as_merchant_phones(raw):
    with pytest.raises(ValidationError):
        normalize_phone(raw, allow_special_services=True)


@pytest.mark.parametrize("special", [False, True])
@pytest.mark.parametrize("language, words", [("fr", "numéro marocain"), ("ar", "رقم هاتف مغربي")])
def test_the_refusal_is_in_the_user_language(language, words, special):
    with translation.override(language), pytest.raises(ValidationError) as refused:
        normalize_phone("12345", allow_special_services=special)
    assert words in refused.value.messages[0]

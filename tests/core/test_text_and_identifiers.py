import pytest
from django.core.exceptions import ValidationError

from tijara.catalog.seed import make_ice
from tijara.core.text import normalize, search_terms
from tijara.merchants.validators import validate_ice


def test_normalize_strips_accents_case_and_apostrophes():
    assert normalize("Huile d'ARGAN cosmétique") == "huile d argan cosmetique"
    assert "huile" in normalize("HUILE") and normalize("Élégant") == "elegant"


def test_normalize_folds_arabic_diacritics_and_alef_forms():
    assert normalize("زَيْتُ أَرْكَان") == normalize("زيت اركان")


def test_search_terms_drop_one_letter_words_unless_alone():
    assert search_terms("huile d argan") == ["huile", "argan"]
    assert search_terms("a") == ["a"]


@pytest.mark.parametrize("value", ["001561191000066", "002136093000040"])
def test_valid_ice_accepted(value):
    """The published valid vectors pass [REF-ICE]."""
    validate_ice(value)


@pytest.mark.parametrize("value", ["001561191000065", "00156119100006", "ABCDEFGHIJKLMNO", ""])
def test_invalid_ice_rejected_with_a_message(value):
    """A wrong key, a wrong length or letters are refused with a message [REF-ICE]."""
    with pytest.raises(ValidationError) as error:
        validate_ice(value)
    assert "15" in str(error.value)


def test_generated_ice_are_valid():
    """The demo's ICE numbers pass the same check as real ones [REF-ICE]."""
    import random

    rng = random.Random(3)
    for _ in range(200):
        ice = make_ice(rng)
        assert len(ice) == 15 and int(ice) % 97 == 0
        validate_ice(ice)

"""The one seller identity, shared by pages and documents [CP-SELLER-IDENTITY]."""

import pytest
from django.template.loader import render_to_string
from django.utils import translation

from tests.factories import make_merchant
from tijara.merchants.identity import identity_lines

pytestmark = pytest.mark.django_db


def _store():
    return make_merchant(legal_name="Argania SARL", address="7 Derb Sidi Bouloukat", rc_number="45678",
                         rc_tribunal="Agadir", if_number="40123456", professional_tax="52012345",
                         licence="ONSSA AS.77", email="contact@argania.ma", phone="+212524001122")


def test_identity_lines_carry_the_whole_identity_in_french_and_arabic():
    """[CP-SELLER-IDENTITY] Legal name and form, office with city, phone, e-mail, ICE, RC with its court, IF, TP,
    licence: every line a document needs, in the document's language."""
    store = _store()
    french = identity_lines(store, "fr")
    arabic = identity_lines(store, "ar")
    assert french[0] == "Argania SARL (SARL)"
    assert f"7 Derb Sidi Bouloukat, {store.city.name_fr}" in french[1]
    assert f"7 Derb Sidi Bouloukat, {store.city.name_ar}" in arabic[1]
    for lines in (french, arabic):
        text = "\n".join(lines)
        for value in ("+212524001122", "contact@argania.ma", store.ice, "45678", "Agadir", "40123456",
                      "52012345", "ONSSA AS.77"):
            assert value in text, value
    assert "IF : 40123456" in french  # French puts a space before the colon
    assert arabic != french  # labels are translated


def test_the_licence_line_appears_only_when_there_is_one():
    store = make_merchant(licence="")
    assert len(identity_lines(store, "fr")) == len(identity_lines(_store(), "fr")) - 1


def test_the_html_block_shows_the_same_lines_as_the_documents():
    """[CP-SELLER-IDENTITY] One source: the page block and the PDF lines agree, value for value."""
    store = _store()
    with translation.override("ar"):
        block = render_to_string("storefront/shop/_seller_identity.html", {"merchant": store})
    plain = block.replace('<bdi dir="ltr">', "").replace("<bdi>", "").replace("</bdi>", "")
    for line in identity_lines(store, "ar"):
        assert line in plain, line

"""The interface's translations live in .po catalogues, one per app, that agree with each other.

Django merges every catalogue of a language into one table at run time, so a msgid translated two ways
in two catalogues shows only one of them, on every page: the catalogues must agree (a msgid that means
two things gets a context instead).
"""

from collections import defaultdict
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po
from django.utils import translation

import tijara
from tijara.core.management.commands.i18n_update import Command, translation_memory

PACKAGE = Path(tijara.__file__).resolve().parent
LANGUAGES = ["fr", "ar"]


def catalogues(language: str) -> list[Path]:
    return sorted(PACKAGE.glob(f"**/locale/{language}/LC_MESSAGES/django.po"))


def read(path: Path, language: str):
    with open(path, "rb") as handle:
        return read_po(handle, locale=language)


def test_core_and_the_apps_with_strings_have_their_own_catalogues():
    found = {path.relative_to(PACKAGE).parts[0] for path in catalogues("fr")}
    assert {"locale", "storefront", "checkout", "orders", "merchants", "dashboard", "observatory"} <= found
    assert {path.relative_to(PACKAGE) for path in catalogues("ar")} == {
        Path(str(path.relative_to(PACKAGE)).replace("/fr/", "/ar/")) for path in catalogues("fr")}


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_msgid_has_the_same_translation_in_every_catalogue(language):
    seen = defaultdict(dict)
    for path in catalogues(language):
        for message in read(path, language):
            if message.id and not message.fuzzy:
                seen[(message.id, message.context)][str(path.relative_to(PACKAGE))] = message.string
    disagreements = {key: where for key, where in seen.items() if len({str(s) for s in where.values()}) > 1}
    assert disagreements == {}


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_catalogue_is_fully_translated_with_matching_placeholders(language):
    untranslated, broken = [], []
    for path in catalogues(language):
        catalogue = read(path, language)
        for message in catalogue:
            if not message.id:
                continue
            strings = message.string if isinstance(message.string, tuple) else (message.string,)
            if message.fuzzy or not all(strings):
                untranslated.append((path.parent.parent.parent.parent.name, message.id))
            broken += [(message.id, str(error)) for error in message.check(catalogue)]
    assert untranslated == [] and broken == []


@pytest.mark.parametrize("language, texts", [
    ("fr", {"Withdrawal right": "Droit de rétractation", "Search": "Rechercher", "Cash on delivery": None}),
    ("ar", {"Withdrawal right": None, "Search": "بحث", "Cash on delivery": "الدفع عند الاستلام"}),
])
def test_strings_of_core_and_of_apps_are_translated_at_run_time(language, texts):
    """French and Arabic interfaces [CP-ARABIC], from the core catalogue and from the apps' own."""
    with translation.override(language):
        for msgid, expected in texts.items():
            translated = translation.gettext(msgid)
            assert translated != msgid
            if expected:
                assert translated == expected


def write_catalogue(path: Path, language: str, entries: dict[str, str]) -> Path:
    catalogue = Catalog(locale=language)
    for msgid, msgstr in entries.items():
        catalogue.add(msgid, msgstr)
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "wb") as handle:
        write_po(handle, catalogue)
    return path


def test_update_refuses_to_guess_between_two_translations_of_one_msgid(tmp_path):
    first = write_catalogue(tmp_path / "a" / "django.po", "fr", {"Sector": "Secteur d'activité", "Cart": "Panier"})
    second = write_catalogue(tmp_path / "b" / "django.po", "fr", {"Sector": "Secteur", "Cart": "Panier"})
    memory, conflicts = translation_memory([first, second], "fr")
    assert memory[("Cart", None)] == "Panier"
    assert len(conflicts) == 1 and "'Sector'" in conflicts[0]


def test_update_carries_a_moved_string_translation_into_its_new_catalogue(tmp_path):
    old = write_catalogue(tmp_path / "checkout" / "locale" / "ar" / "django.po", "ar", {"Cart": "السلة"})
    new = write_catalogue(tmp_path / "cart" / "locale" / "ar" / "django.po", "ar", {"Cart": "", "Basket": ""})
    memory, _conflicts = translation_memory([old], "ar")
    missing = Command()._fill(new, "ar", memory, tmp_path)
    filled = read(new, "ar")
    assert filled.get("Cart").string == "السلة"
    assert missing == ["ar cart/locale/ar/django.po: 'Basket'"]
    assert filled.num_plurals == 6

"""The observatory's interface is fully translated into French and Arabic."""

from __future__ import annotations

from pathlib import Path

import pytest
from babel.messages.pofile import read_po

LOCALE = Path(__file__).resolve().parents[2] / "src" / "tijara" / "observatory" / "locale"


@pytest.mark.parametrize("lang", ["fr", "ar"])
def test_every_string_is_translated(lang):
    with open(LOCALE / lang / "LC_MESSAGES" / "django.po", "rb") as fh:
        catalog = read_po(fh)
    messages = [m for m in catalog if m.id]
    assert len(messages) > 90
    untranslated = [m.id for m in messages if not (m.string if isinstance(m.string, str) else all(m.string))]
    assert untranslated == []
    assert not [m.id for m in messages if m.fuzzy]

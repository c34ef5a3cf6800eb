"""The terms-of-sale editor: every part of the model terms in French, Arabic (both required to publish) and
English (optional). Length and wording rules are checked by `legal.services`."""

from django import forms
from django.utils.translation import gettext_lazy as _

from tijara.legal.models import LANGUAGES, PARTS
from tijara.legal.services import MAX_PART_LENGTH

LANGUAGE_LABELS = {"fr": _("French"), "ar": _("Arabic"), "en": _("English (optional)")}


class TermsForm(forms.Form):
    """One textarea per part and language; the Arabic ones are written right to left."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, label in PARTS:
            for language in LANGUAGES:
                attrs = {"rows": 3, "lang": language, "dir": "rtl" if language == "ar" else "ltr"}
                self.fields[f"{name}_{language}"] = forms.CharField(
                    label=f"{label} — {LANGUAGE_LABELS[language]}", required=False, max_length=MAX_PART_LENGTH,
                    widget=forms.Textarea(attrs=attrs))

    def parts(self) -> list[tuple[str, list[forms.BoundField]]]:
        """(part label, its fields in fr, ar, en), the order the page shows them."""
        return [(label, [self[f"{name}_{language}"] for language in LANGUAGES]) for name, label in PARTS]

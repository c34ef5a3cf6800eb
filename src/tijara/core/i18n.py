"""Per-language model fields (`name_fr`, `name_ar`, `name_en`) read with a fallback to French.

See docs/decisions/0001-translated-fields.md for why this is plain columns and not a library.
"""

from django.utils.translation import get_language

FALLBACK_LANGUAGE = "fr"


def current_language() -> str:
    return (get_language() or FALLBACK_LANGUAGE).split("-")[0]


def translated(obj: object, field: str, language: str | None = None) -> str:
    """The field in `language` (default: the active one), else in French, else any filled one."""
    language = language or current_language()
    for code in (language, FALLBACK_LANGUAGE, "en", "ar"):
        value = getattr(obj, f"{field}_{code}", "") or ""
        if value:
            return value
    return ""


class TranslatedMixin:
    """Gives models with `<field>_<lang>` columns a `.tr(field)` and a `.name` in the active language."""

    def tr(self, field: str, language: str | None = None) -> str:
        return translated(self, field, language)

    @property
    def name(self) -> str:
        return translated(self, "name")

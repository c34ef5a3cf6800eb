"""Text normalisation for accent- and case-insensitive search on any database."""

import re
import unicodedata

_SEPARATORS = re.compile(r"[\s'’`\-_/.,;:!?()\"«»]+")
# Arabic letters that users type interchangeably: alef forms, teh marbuta, alef maqsura.
_ARABIC_FOLD = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ة": "ه", "ى": "ي", "ـ": ""})


def normalize(text: str) -> str:
    """Lower-case, strip accents and Arabic diacritics, fold letter variants, collapse separators."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    folded = stripped.casefold().translate(_ARABIC_FOLD)
    return _SEPARATORS.sub(" ", folded).strip()


def search_terms(query: str, max_terms: int = 8) -> list[str]:
    """Words of a query, normalised; very short words are kept only when they are the whole query."""
    words = normalize(query).split()
    long_words = [w for w in words if len(w) >= 2]
    return (long_words or words)[:max_terms]


_ROW_ID = re.compile(r"[0-9]{1,18}")  # ASCII digits only ("²".isdigit() is true), below 2**63 [SEC-WEB-PARAMS]


def row_id(text: object) -> int | None:
    """A database id typed in a URL, or None when it cannot be one: a 20-digit city filter must not overflow
    the database driver, and `int()` of a Unicode digit such as "²" must not fail."""
    return int(text) if isinstance(text, str) and _ROW_ID.fullmatch(text) else None

"""Writes of the terms of sale: the merchant saves a draft, then publishes it as a new immutable version.

Publishing renders the model terms (`legal.texts`) in French and Arabic — both required, English when every
part has an English text — and stores each text with its SHA-256 [CP-TERMS]. Orders record the number of the
version in force when they are placed, so a version never changes once published.
"""

import hashlib
from collections.abc import Mapping

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tijara.core.errors import DomainError
from tijara.legal import locks, texts
from tijara.legal.models import LANGUAGES, PART_NAMES, PARTS, REQUIRED_LANGUAGES, TermsOfSale, TermsVersion
from tijara.merchants.models import Merchant, MerchantMembership
from tijara.merchants.permissions import PermissionRefused, require

MAX_PART_LENGTH = 5000
LANGUAGE_NAMES = {"fr": _("French"), "ar": _("Arabic"), "en": _("English")}


class TermsError(DomainError):
    """A rule of the terms said no; `field` names the draft field at fault (`<part>_<language>`)."""


def _require(merchant: Merchant, membership: MerchantMembership | None) -> None:
    """Only the store's owner or a manager edits its terms (a member of another store is refused too)."""
    if membership is not None and membership.merchant_id != merchant.pk:
        raise PermissionRefused("terms.edit")
    require(membership, "terms.edit")


def _clean_parts(values: Mapping[str, object]) -> dict[str, str]:
    clean: dict[str, str] = {}
    for name in PART_NAMES:
        for language in LANGUAGES:
            field = f"{name}_{language}"
            if field not in values:
                continue
            text = str(values[field] or "").replace("\r\n", "\n").strip()
            if len(text) > MAX_PART_LENGTH:
                raise TermsError(_("This text is too long (at most %(max)s characters).") % {"max": MAX_PART_LENGTH},
                                 field)
            if texts.exclusive_jurisdiction(text):
                raise TermsError(
                    _("The terms cannot give a court exclusive jurisdiction: the consumer keeps the right to go to "
                      "the court of their home (law 31-08, art. 202)."), field)
            clean[field] = text
    return clean


def terms_draft_save(*, merchant: Merchant, membership: MerchantMembership | None,
                     values: Mapping[str, object]) -> TermsOfSale:
    """Save the parts the merchant completed (missing keys are left as they are); nothing is published."""
    _require(merchant, membership)
    clean = _clean_parts(values)
    with transaction.atomic():
        return _draft_write(locks.draft_for_update(merchant.pk), clean)


def _draft_write(draft: TermsOfSale, clean: dict[str, str]) -> TermsOfSale:
    """Write `clean` into the locked draft."""
    if clean:
        for field, text in clean.items():
            setattr(draft, field, text)
        draft.save(update_fields=[*clean, "updated_at"])
    return draft


def terms_missing(draft: TermsOfSale) -> list[str]:
    """Draft fields (`<part>_<language>`) that must be filled before publishing, in text order."""
    return [f"{name}_{language}" for language in REQUIRED_LANGUAGES for name, _label in PARTS
            if not draft.part(name, language)]


def _sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def terms_publish(*, merchant: Merchant, membership: MerchantMembership | None,
                  values: Mapping[str, object] | None = None) -> TermsVersion:
    """Save `values` into the draft (when given) and publish it as the next version (1, 2, …), in one
    transaction; refused, with nothing saved, while a part is missing in French or Arabic."""
    _require(merchant, membership)
    clean = _clean_parts(values or {})
    with transaction.atomic():
        draft = _draft_write(locks.draft_for_update(merchant.pk), clean)
        return _publish(merchant, draft)


def _publish(merchant: Merchant, draft: TermsOfSale) -> TermsVersion:
    """Render and store the next version from the locked draft (inside the caller's transaction)."""
    missing = terms_missing(draft)
    if missing:
        labels = dict(PARTS)
        name, language = missing[0].rsplit("_", 1)
        raise TermsError(
            _("Complete every part in French and in Arabic before publishing: “%(part)s” (%(language)s) is "
              "missing.") % {"part": labels[name], "language": LANGUAGE_NAMES[language]}, missing[0])
    last = TermsVersion.objects.filter(merchant_id=merchant.pk).aggregate(n=Max("number"))["n"] or 0
    number, now = last + 1, timezone.now()
    parts = {name: {lang: draft.part(name, lang) for lang in LANGUAGES if draft.part(name, lang)}
             for name in PART_NAMES}
    english = all(draft.part(name, "en") for name in PART_NAMES)
    rendered = {lang: texts.terms_text(merchant=merchant, parts=parts, language=lang, number=number,
                                       published_at=now)
                for lang in LANGUAGES if lang in REQUIRED_LANGUAGES or english}
    return TermsVersion.objects.create(
        merchant=merchant, number=number, published_at=now, parts=parts,
        text_fr=rendered["fr"], text_ar=rendered["ar"], text_en=rendered.get("en", ""),
        sha256_fr=_sha256(rendered["fr"]), sha256_ar=_sha256(rendered["ar"]),
        sha256_en=_sha256(rendered["en"]) if "en" in rendered else "",
    )


def terms_publish_model(*, merchant: Merchant) -> TermsVersion:
    """Fill the draft's empty parts with the model's wording and publish it: the demo seed and tests' factories
    use this (no actor; the wording is the one the editor proposes)."""
    with transaction.atomic():
        draft = locks.draft_for_update(merchant.pk)
        model = {field: text for field, text in texts.model_parts(merchant).items() if not getattr(draft, field)}
        return _publish(merchant, _draft_write(draft, model))

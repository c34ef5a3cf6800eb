"""A merchant's terms of sale: the draft the merchant completes and the immutable versions it publishes.

An order records the version number it was placed under, so a version never changes once published
[CP-TERMS]: the rendered text of each language is stored with its SHA-256.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from tijara.core.errors import DomainError
from tijara.merchants.models import Merchant

LANGUAGES = ("fr", "ar", "en")
REQUIRED_LANGUAGES = ("fr", "ar")

# The parts of the model terms the merchant completes (law 31-08 art. 29, DOC art. 65-4), in text order.
PARTS: tuple[tuple[str, str], ...] = (
    ("order_steps", _("Steps to conclude the order")),
    ("error_correction", _("How input errors are found and corrected")),
    ("languages", _("Languages in which the contract is concluded")),
    ("archiving", _("Archiving of the contract and access to it")),
    ("delivery", _("Delivery")),
    ("withdrawal", _("Right of withdrawal")),
    ("warranties", _("Warranties and after-sales service")),
    ("complaints", _("Complaints address")),
    ("applicable_law", _("Applicable law and disputes")),
)
PART_NAMES = tuple(name for name, _label in PARTS)


def _part_fields() -> dict[str, models.Field]:
    fields: dict[str, models.Field] = {}
    for name, label in PARTS:
        for language in LANGUAGES:
            fields[f"{name}_{language}"] = models.TextField(blank=True, verbose_name=label)
    return fields


class TermsOfSaleBase(models.Model):
    class Meta:
        abstract = True


for _field_name, _field in _part_fields().items():
    TermsOfSaleBase.add_to_class(_field_name, _field)


class TermsOfSale(TermsOfSaleBase):
    """The draft the merchant edits; publishing renders it into a new TermsVersion."""

    merchant = models.OneToOneField(Merchant, on_delete=models.CASCADE, related_name="terms_draft")
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"terms draft {self.merchant_id}"

    def part(self, name: str, language: str) -> str:
        return (getattr(self, f"{name}_{language}", "") or "").strip()


class TermsVersionChangeRefused(DomainError):
    code = "terms_version_immutable"


class TermsVersion(models.Model):
    """One published version, numbered 1, 2, … per merchant; never edited nor deleted through the ORM."""

    # CASCADE is safe: orders PROTECT their merchant, so a merchant whose terms any order refers to stays.
    merchant = models.ForeignKey(Merchant, on_delete=models.CASCADE, related_name="terms_versions")
    number = models.PositiveIntegerField()
    published_at = models.DateTimeField()
    parts = models.JSONField(help_text="the draft's parts as published: {part: {language: text}}")
    text_fr = models.TextField()
    text_ar = models.TextField()
    text_en = models.TextField(blank=True)
    sha256_fr = models.CharField(max_length=64)
    sha256_ar = models.CharField(max_length=64)
    sha256_en = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["merchant_id", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["merchant", "number"], name="legal_terms_version_unique_number"),
            models.CheckConstraint(condition=models.Q(number__gte=1), name="legal_terms_version_number_positive"),
        ]

    def __str__(self) -> str:
        return f"terms {self.merchant_id} v{self.number}"

    def save(self, *args, **kwargs) -> None:
        if self.pk is not None and not kwargs.get("force_insert"):
            raise TermsVersionChangeRefused(_("A published version of the terms cannot be changed."))
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise TermsVersionChangeRefused(_("A published version of the terms cannot be deleted."))

    def text(self, language: str) -> str:
        """The text in `language`, else French (English is optional)."""
        return getattr(self, f"text_{language}", "") or self.text_fr

    def sha256(self, language: str) -> str:
        return getattr(self, f"sha256_{language}", "") or self.sha256_fr

    def part(self, name: str, language: str) -> str:
        """One part as published in `language`, else French (what confirmations and PDFs quote)."""
        texts = (self.parts or {}).get(name, {})
        return texts.get(language) or texts.get("fr", "")

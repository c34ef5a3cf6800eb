"""Platform-wide reference tables (not merchant-owned; Citus reference tables)."""

from decimal import Decimal

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tijara.core.i18n import TranslatedMixin


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(default=timezone.now, db_index=True, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class Region(TranslatedMixin, models.Model):
    """One of Morocco's 12 regions (decree 2-15-40), code 1-12 in the official order [REF-REGION]."""

    code = models.PositiveSmallIntegerField(primary_key=True)
    iso_code = models.CharField(max_length=5, unique=True)
    name_fr = models.CharField(max_length=80)
    name_ar = models.CharField(max_length=80)
    name_en = models.CharField(max_length=80)

    class Meta:
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name_fr


class City(TranslatedMixin, models.Model):
    name_fr = models.CharField(max_length=80)
    name_ar = models.CharField(max_length=80)
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="cities")
    population = models.PositiveIntegerField(null=True, blank=True)
    postal_code = models.CharField(max_length=5, blank=True)

    class Meta:
        ordering = ["name_fr"]
        verbose_name_plural = "cities"
        constraints = [models.UniqueConstraint(fields=["name_fr", "region"], name="city_unique_per_region")]

    def __str__(self) -> str:
        return self.name_fr

    @property
    def name_en(self) -> str:  # cities have no separate English name
        return self.name_fr


class VatClass(models.TextChoices):
    """Product classes whose VAT rate the finance laws set (CGI arts. 98-99) [TAX-VAT-RATES]."""

    STANDARD = "standard", _("Standard rate")
    REDUCED_14 = "reduced_14", _("Reduced rate (14 %)")
    REDUCED_10 = "reduced_10", _("Reduced rate (10 %)")
    REDUCED_7 = "reduced_7", _("Reduced rate (7 %)")
    ZERO = "zero", _("Zero rate")
    EXEMPT = "exempt", _("Exempt")
    # Goods and services whose rate the 2024 finance law moves (2024-2026 steps, or exemption from 2024).
    WATER = "water", _("Water, sanitation and water meter rental")
    ELECTRICITY = "electricity", _("Electricity")
    TRANSPORT = "transport", _("Transport of passengers and goods")
    MEDICINES = "medicines", _("Medicines")
    SCHOOL_SUPPLIES = "school_supplies", _("School supplies")
    BUTTER = "butter", _("Butter")
    SARDINE_CANS = "sardine_cans", _("Canned sardines")
    MILK_POWDER = "milk_powder", _("Milk powder")
    HOUSEHOLD_SOAP = "household_soap", _("Household soap")


class VatRate(models.Model):
    """A VAT rate for a product class, in force from `valid_from` until the next row's date [TAX-VAT-RATES]."""

    vat_class = models.CharField(max_length=20, choices=VatClass.choices)
    valid_from = models.DateField()
    rate = models.DecimalField(max_digits=5, decimal_places=2, help_text="percent, e.g. 20.00")
    exempt = models.BooleanField(default=False, help_text="exempt (exonéré), as opposed to taxed at 0 %")
    legal_basis = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["vat_class", "valid_from"]
        constraints = [
            models.UniqueConstraint(fields=["vat_class", "valid_from"], name="vat_rate_unique_per_date"),
            models.CheckConstraint(
                condition=models.Q(rate__gte=Decimal("0")) & models.Q(rate__lte=Decimal("100")),
                name="vat_rate_percent_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.vat_class} {self.rate}% from {self.valid_from}"

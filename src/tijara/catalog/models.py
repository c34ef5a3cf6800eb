from decimal import Decimal

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tijara.core.i18n import TranslatedMixin
from tijara.core.models import TimeStampedModel, VatClass
from tijara.merchants.models import Merchant


class Category(TranslatedMixin, models.Model):
    """Platform-wide category tree (a reference table, not merchant-owned)."""

    slug = models.SlugField(max_length=80, unique=True)
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="children")
    name_fr = models.CharField(max_length=120)
    name_ar = models.CharField(max_length=120, blank=True)
    name_en = models.CharField(max_length=120, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "name_fr"]
        verbose_name_plural = "categories"

    def __str__(self) -> str:
        return self.name_fr


class NonWithdrawable(models.TextChoices):
    """Why the withdrawal right does not apply to a product; empty when it does."""

    PERSONALISED = "personalised", _("Made to the buyer's specifications or personalised")
    PERISHABLE = "perishable", _("Perishable goods")
    UNSEALED_MEDIA = "unsealed_media", _("Audio, video or software unsealed by the buyer")


class Product(TranslatedMixin, TimeStampedModel):
    merchant = models.ForeignKey(Merchant, on_delete=models.CASCADE, related_name="products")
    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="products")
    slug = models.SlugField(max_length=120)
    name_fr = models.CharField(max_length=200)
    name_ar = models.CharField(max_length=200, blank=True)
    name_en = models.CharField(max_length=200, blank=True)
    description_fr = models.TextField(blank=True)
    description_ar = models.TextField(blank=True)
    description_en = models.TextField(blank=True)
    vat_class = models.CharField(max_length=20, choices=VatClass.choices, default=VatClass.STANDARD)
    is_published = models.BooleanField(default=True)
    non_withdrawable = models.CharField(max_length=20, choices=NonWithdrawable.choices, blank=True)
    # Lowest variant price (MAD TTC), kept by catalog.services so lists sort without a join.
    price = models.DecimalField(max_digits=12, decimal_places=2, default=Decimal("0.00"))
    # Normalised names in every language + store + category, for accent-insensitive search.
    search_text = models.TextField(blank=True, editable=False)
    # The first photo as catalog.images draws it ({"w", "h", "src", "sizes"}; empty: the letter tile), kept by
    # catalog.services so cards, cart and recap show it without a join.
    cover = models.JSONField(default=dict, blank=True, editable=False)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["merchant", "slug"], name="product_slug_unique_per_merchant"),
            models.CheckConstraint(condition=models.Q(price__gte=0), name="product_price_not_negative"),
        ]
        indexes = [
            models.Index(fields=["merchant", "is_published", "created_at"]),
            models.Index(fields=["is_published", "category", "created_at"]),
            models.Index(fields=["is_published", "price"]),
            models.Index(fields=["is_published", "created_at"]),
        ]

    def __str__(self) -> str:
        return self.name_fr


class Variant(models.Model):
    """A sellable unit of a product: its own SKU, options, price (MAD TTC) and stock."""

    merchant = models.ForeignKey(Merchant, on_delete=models.CASCADE, related_name="+")
    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="variants")
    sku = models.CharField(max_length=64)
    options = models.JSONField(default=dict, blank=True, help_text='e.g. {"size": "M", "colour": "blue"}')
    price = models.DecimalField(_("price (MAD TTC)"), max_digits=12, decimal_places=2)
    stock = models.IntegerField(_("units in stock"), default=0)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["merchant", "sku"], name="variant_sku_unique_per_merchant"),
            models.CheckConstraint(condition=models.Q(stock__gte=0), name="variant_stock_not_negative"),
            models.CheckConstraint(condition=models.Q(price__gt=0), name="variant_price_positive"),
        ]
        indexes = [models.Index(fields=["merchant", "product"])]

    def __str__(self) -> str:
        return self.sku

    @property
    def options_label(self) -> str:
        return " / ".join(str(v) for v in self.options.values())


class ProductImage(models.Model):
    """A product photo, stored only after catalog.services re-encoded it (never the bytes sent)."""

    merchant = models.ForeignKey(Merchant, on_delete=models.CASCADE, related_name="+")
    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="images")
    image = models.ImageField(upload_to="products/%Y/%m/")
    width = models.PositiveIntegerField(default=0)
    height = models.PositiveIntegerField(default=0)
    # Responsive copies made once at upload, smallest first: [{"w", "h", "webp", "jpeg"}] (storage names).
    sizes = models.JSONField(default=list, blank=True, editable=False)
    position = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["position", "pk"]
        indexes = [models.Index(fields=["merchant", "product"])]

    def __str__(self) -> str:
        return self.image.name

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tijara.core.i18n import TranslatedMixin
from tijara.core.models import City, Region, TimeStampedModel
from tijara.merchants.validators import validate_ice, validate_rib


class LegalForm(models.TextChoices):
    SARL = "sarl", "SARL"
    SARL_AU = "sarl_au", "SARL AU"
    SA = "sa", "SA"
    SNC = "snc", "SNC"
    AUTO_ENTREPRENEUR = "auto_entrepreneur", _("Auto-entrepreneur")
    PERSONNE_PHYSIQUE = "personne_physique", _("Sole proprietor (personne physique)")


class Sector(models.TextChoices):
    COSMETICS = "cosmetics", _("Cosmetics & argan")
    CRAFTS = "crafts", _("Crafts, zellige & pottery")
    FASHION = "fashion", _("Fashion & caftans")
    FOOD = "food", _("Food, dates & olive oil")
    ELECTRONICS = "electronics", _("Electronics")
    BOOKS = "books", _("Books")
    HOME = "home", _("Home & decoration")
    SERVICES = "services", _("Services")


class MerchantStatus(models.TextChoices):
    PENDING = "pending", _("Pending validation")
    VALIDATED = "validated", _("Validated")
    SUSPENDED = "suspended", _("Suspended")
    REJECTED = "rejected", _("Rejected")


class MerchantQuerySet(models.QuerySet):
    def public(self) -> "MerchantQuerySet":
        """Only validated merchants are visible to the public."""
        return self.filter(status=MerchantStatus.VALIDATED)


class Merchant(TranslatedMixin, TimeStampedModel):
    """A company selling on tijara: the tenant. Every merchant-owned row points here."""

    legal_name = models.CharField(max_length=200)
    store_name = models.CharField(max_length=120)
    slug = models.SlugField(max_length=80, unique=True)
    legal_form = models.CharField(max_length=20, choices=LegalForm.choices)
    ice = models.CharField("ICE", max_length=15, unique=True, validators=[validate_ice])
    rc_number = models.CharField(_("RC number"), max_length=20)
    rc_tribunal = models.CharField(_("RC tribunal (city)"), max_length=80)
    if_number = models.CharField(_("IF (tax identifier)"), max_length=10)
    professional_tax = models.CharField(_("taxe professionnelle number"), max_length=20, blank=True)
    licence = models.CharField(_("licence or authorisation (regulated sectors)"), max_length=120, blank=True)
    cndp_receipt = models.CharField(_("CNDP receipt reference"), max_length=40, blank=True)
    address = models.CharField(max_length=255)
    city = models.ForeignKey(City, on_delete=models.PROTECT, related_name="+")
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="merchants")
    sector = models.CharField(max_length=20, choices=Sector.choices)
    phone = models.CharField(max_length=13, help_text="+212 followed by 9 digits")
    email = models.EmailField()
    description_fr = models.TextField(blank=True)
    description_ar = models.TextField(blank=True)
    description_en = models.TextField(blank=True)
    status = models.CharField(max_length=12, choices=MerchantStatus.choices, default=MerchantStatus.PENDING)
    validated_at = models.DateTimeField(null=True, blank=True)
    featured = models.BooleanField(default=False)
    # Whether the store has an active delivery method: only then are its products public (nobody could order
    # them otherwise). Kept by tijara.shipping.services on every method change, read by the public catalogue.
    delivers = models.BooleanField(default=False, editable=False)
    # Payouts, settings and the review workflow.
    rib = models.CharField(_("RIB (bank account)"), max_length=24, blank=True, validators=[validate_rib])
    logo = models.ImageField(_("logo"), upload_to="merchants/logos/", blank=True)
    return_policy_fr = models.TextField(blank=True)
    return_policy_ar = models.TextField(blank=True)
    return_policy_en = models.TextField(blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)

    objects = MerchantQuerySet.as_manager()

    class Meta:
        ordering = ["store_name"]
        constraints = [
            models.UniqueConstraint(fields=["rc_number", "rc_tribunal"], name="merchant_rc_unique_per_tribunal"),
            models.CheckConstraint(
                condition=~models.Q(status="validated") | models.Q(validated_at__isnull=False),
                name="merchant_validated_has_date",
            ),
        ]
        indexes = [models.Index(fields=["status", "featured"])]

    def __str__(self) -> str:
        return self.store_name

    @property
    def name(self) -> str:
        return self.store_name

    @property
    def is_public(self) -> bool:
        return self.status == MerchantStatus.VALIDATED


class Role(models.TextChoices):
    """Team roles in a merchant's back-office. Staff cannot touch settings, bank details or the team."""

    OWNER = "owner", _("Owner")
    MANAGER = "manager", _("Manager")
    STAFF = "staff", _("Staff")


class MerchantMembership(models.Model):
    """A user's seat in a merchant's team: the link the dashboard scopes every query by."""

    merchant = models.ForeignKey(Merchant, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=10, choices=Role.choices, default=Role.STAFF)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["merchant", "user"], name="membership_unique_per_merchant"),
        ]
        indexes = [models.Index(fields=["user", "created_at"])]

    def __str__(self) -> str:
        return f"{self.user_id}@{self.merchant_id} ({self.role})"


class DecisionAction(models.TextChoices):
    VALIDATE = "validate", _("Validated")
    REJECT = "reject", _("Rejected")
    SUSPEND = "suspend", _("Suspended")
    REINSTATE = "reinstate", _("Reinstated")
    SUBMIT = "submit", _("Submitted for review")


class MerchantDecision(models.Model):
    """One dated step of a store's review history: who decided what, when and why. Never edited."""

    merchant = models.ForeignKey(Merchant, on_delete=models.CASCADE, related_name="decisions")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    action = models.CharField(max_length=10, choices=DecisionAction.choices)
    reason = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["merchant", "created_at"])]

    def __str__(self) -> str:
        return f"{self.action} {self.merchant_id} by {self.actor_id}"


class MerchantApplication(models.Model):
    """A sign-up in progress: the owner's answers so far, kept so a half-finished sign-up can be resumed."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="merchant_application")
    data = models.JSONField(default=dict, blank=True)
    email_verified_at = models.DateTimeField(null=True, blank=True)
    merchant = models.ForeignKey(Merchant, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"application of {self.user_id}"


class TeamInvitation(models.Model):
    """An invitation to join a merchant team; the emailed link carries a signed token naming this row."""

    merchant = models.ForeignKey(Merchant, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField()
    role = models.CharField(max_length=10, choices=Role.choices)
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    accepted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["merchant", "created_at"])]

    def __str__(self) -> str:
        return f"{self.email} -> {self.merchant_id} ({self.role})"


class TokenScope(models.TextChoices):
    """What a merchant API token may do; a browser session of a team member has every scope its role allows."""

    CATALOG_READ = "catalog:read", _("Read the catalogue")
    CATALOG_WRITE = "catalog:write", _("Change the catalogue")
    ORDERS_READ = "orders:read", _("Read orders")
    ORDERS_WRITE = "orders:write", _("Move orders (confirm, ship, deliver, cancel)")
    PAYMENTS = "payments", _("Refunds and bank transfer receipts")


class ApiToken(models.Model):
    """A merchant's key for an integration (ERP, stock sync, call centre) on the merchant API.

    Only the SHA-256 of the secret is kept: the secret is shown once, at creation. A token acts for the team
    member who made it and never beyond that member's current role; it stops working when revoked or when that
    member leaves the team.
    """

    merchant = models.ForeignKey(Merchant, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("name"), max_length=80)
    prefix = models.CharField(max_length=16, editable=False, help_text="the secret's first characters, to recognise it")
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    scopes = models.JSONField(default=list)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["merchant", "created_at"])]

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.merchant_id})"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None

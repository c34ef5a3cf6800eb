"""Privacy notices as shown, the marketing consent ledger and its current state per person [DP-NOTICE] [DP-CONSENT].

A person is known here by the keyed hash of their normalised e-mail address (`subject_key`, see
`privacy.subjects`), so the ledger's history and a suppression survive an erasure without the address itself.
"""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tijara.merchants.models import Merchant


class NoticeForm(models.TextChoices):
    SIGNUP = "signup", _("Account sign-up")
    CHECKOUT = "checkout", _("Checkout")
    ONBOARDING = "onboarding", _("Store sign-up")
    INVITATION = "invitation", _("Team invitation")
    CONTACT = "contact", _("Contact and privacy requests")


class NoticeVersion(models.Model):
    """The exact text of a notice that some collection was made under (content-addressed: `version` = digest)."""

    merchant = models.ForeignKey(Merchant, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    form = models.CharField(max_length=12, choices=NoticeForm.choices)
    version = models.CharField(max_length=16)
    content = models.JSONField()
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["version"], name="privacy_notice_version_unique")]
        indexes = [models.Index(fields=["merchant", "form", "created_at"])]

    def __str__(self) -> str:
        return f"{self.form} {self.version}"


class CollectionRecord(models.Model):
    """What was collected under which notice: a reference (order number, account id), never the data itself."""

    merchant = models.ForeignKey(Merchant, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    notice = models.ForeignKey(NoticeVersion, on_delete=models.PROTECT, related_name="collections")
    reference = models.CharField(max_length=64)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        indexes = [models.Index(fields=["merchant", "reference"])]

    def __str__(self) -> str:
        return f"{self.reference} under {self.notice_id}"


class Channel(models.TextChoices):
    EMAIL = "email", _("E-mail")
    SMS = "sms", _("SMS")


class Basis(models.TextChoices):
    CONSENT = "consent", _("Consent")
    SOFT_OPT_IN = "soft_opt_in", _("Past buyer, similar products (opt-out offered)")


class ConsentAction(models.TextChoices):
    GRANT = "grant", _("Granted")
    WITHDRAW = "withdraw", _("Withdrawn")


class ConsentSource(models.TextChoices):
    SIGNUP = "signup", _("Sign-up form")
    CHECKOUT = "checkout", _("Checkout")
    ACCOUNT = "account", _("Privacy page")
    UNSUBSCRIBE = "unsubscribe", _("Unsubscribe link")
    OBJECTION = "objection", _("Objection")
    ERASURE = "erasure", _("Erasure")


class ConsentEvent(models.Model):
    """One line of the ledger: never changed; withdrawn consents are purged after their retention period."""

    merchant = models.ForeignKey(Merchant, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    subject_key = models.CharField(max_length=64)
    channel = models.CharField(max_length=5, choices=Channel.choices)
    action = models.CharField(max_length=8, choices=ConsentAction.choices)
    basis = models.CharField(max_length=12, choices=Basis.choices)
    source = models.CharField(max_length=12, choices=ConsentSource.choices)
    notice_version = models.CharField(max_length=16, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["merchant", "subject_key", "channel", "created_at"]),
                   models.Index(fields=["action", "created_at"])]

    def __str__(self) -> str:
        return f"{self.action} {self.channel} ({self.basis})"


class ConsentState(models.Model):
    """Where the ledger stands for one person, controller and channel; the row the send gate locks."""

    merchant = models.ForeignKey(Merchant, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    subject_key = models.CharField(max_length=64)
    channel = models.CharField(max_length=5, choices=Channel.choices)
    # Where to send (e-mail address or +212 phone); blanked when consent is withdrawn or the person erased.
    address = models.CharField(max_length=254, blank=True)
    granted = models.BooleanField(default=False)
    basis = models.CharField(max_length=12, choices=Basis.choices, blank=True)
    changed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["merchant", "subject_key", "channel"], name="privacy_consent_state_one",
                                    condition=models.Q(merchant__isnull=False)),
            models.UniqueConstraint(fields=["subject_key", "channel"], name="privacy_consent_state_one_platform",
                                    condition=models.Q(merchant__isnull=True)),
        ]
        indexes = [models.Index(fields=["merchant", "subject_key"])]

    def __str__(self) -> str:
        return f"{self.channel} {'granted' if self.granted else 'withdrawn'}"


class Suppression(models.Model):
    """A person who objected or was erased: every consent given before is void and the soft opt-in never
    applies again; only a consent they give afterwards counts [DP-OBJECTION]."""

    subject_key = models.CharField(max_length=64, unique=True)
    reason = models.CharField(max_length=12, choices=ConsentSource.choices)
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"suppressed ({self.reason})"


class MarketingSend(models.Model):
    """One marketing message that left, with the basis it left on (no address: the state row has it)."""

    merchant = models.ForeignKey(Merchant, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    subject_key = models.CharField(max_length=64)
    channel = models.CharField(max_length=5, choices=Channel.choices)
    basis = models.CharField(max_length=12, choices=Basis.choices)
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [models.Index(fields=["merchant", "sent_at"])]

    def __str__(self) -> str:
        return f"{self.channel} at {self.sent_at}"

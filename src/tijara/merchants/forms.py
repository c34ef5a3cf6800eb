"""Forms of onboarding, review and store settings. Every error says what is wrong, in the owner's language."""

import re

from django import forms
from django.contrib.auth import password_validation
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext_lazy as _

from tijara.core.images import ImageRejected, reencode_image
from tijara.core.models import City, Region
from tijara.core.phone import PhoneField
from tijara.merchants.models import DecisionAction, Merchant, Role
from tijara.merchants.validators import (
    identifier_compact,
    rc_compact,
    rib_compact,
    validate_cndp_receipt,
    validate_if_number,
    validate_professional_tax,
    validate_rc_number,
    validate_rib,
)

MAX_LOGO_BYTES = 2 * 1024 * 1024
RIB_HELP = _("24 digits: bank (3), city (3), account (16), key (2). Spaces as on your statement are fine.")


class RibField(forms.CharField):
    """A RIB typed with spaces, dashes or dots as printed, cleaned to its 24 characters and checked [REF-RIB]."""

    TYPED_LENGTH = 40  # 24 characters and the separators people type between the groups

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", self.TYPED_LENGTH)
        kwargs.setdefault("label", _("RIB (bank account)"))
        kwargs.setdefault("help_text", RIB_HELP)
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "numeric", "dir": "ltr",
                                                           "autocomplete": "off", "spellcheck": "false"}))
        super().__init__(**kwargs)

    def clean(self, value):
        value = super().clean(value)
        if value in self.empty_values:
            return value
        rib = rib_compact(value)
        validate_rib(rib)
        return rib


def _phone_field() -> PhoneField:
    """A store's published line: a fixed line, a mobile or a special-services number (08)."""
    return PhoneField(label=_("Phone"), allow_special_services=True, help_text=_("For example 06 61 23 45 67."))


class OwnerSignupForm(forms.Form):
    full_name = forms.CharField(label=_("Your full name"), max_length=150)
    email = forms.EmailField(label=_("Email address"))
    password = forms.CharField(label=_("Password"), widget=forms.PasswordInput, strip=False)

    def clean_email(self) -> str:
        return self.cleaned_data["email"].strip().lower()

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("password"):
            try:
                password_validation.validate_password(cleaned["password"])
            except forms.ValidationError as exc:
                self.add_error("password", exc)
        return cleaned


IDENTITY_HELP = {
    "ice": _("15 digits, on your ICE certificate."),
    "rc_number": _("Digits only, as on your trade register extract (the court's city goes below)."),
    "rc_tribunal": _("City of the court registry where the company is registered."),
    "if_number": _("Digits only, on your tax registration certificate."),
    "professional_tax": _("Digits only, on your taxe professionnelle notice. Needed before you can publish."),
    "licence": _("Only for regulated sectors (food: ONSSA sanitary authorisation). Needed before you can publish."),
    "cndp_receipt": _("Reference of the receipt the CNDP gave for your declaration of customer data processing "
                      "(law 09-08). Needed before you can publish."),
}
IDENTITY_LABELS = {
    "professional_tax": _("Taxe professionnelle number"), "licence": _("Licence or authorisation (regulated sectors)"),
    "cndp_receipt": _("CNDP receipt reference"), "rc_number": _("RC number"),
    "rc_tribunal": _("RC court registry (city)"), "if_number": _("IF (tax identifier)"),
}


class IdentityFormatsMixin:
    """Format checks of the legal identifiers, shared by onboarding and settings [CP-SHOP-COMPLETE]."""

    TYPED_LENGTH = 30  # owners type separators ("40 12 34 56"); the stored, compact value keeps the model's limit

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("ice", "rc_number", "if_number", "professional_tax"):
            field = self.fields.get(name)
            if field is not None:
                field.max_length = self.TYPED_LENGTH
                field.validators = [v for v in field.validators if not isinstance(v, MaxLengthValidator)]
                field.widget.attrs["maxlength"] = str(self.TYPED_LENGTH)

    def clean_rc_number(self) -> str:
        value = rc_compact(self.cleaned_data["rc_number"])
        validate_rc_number(value)
        return value

    def clean_if_number(self) -> str:
        value = identifier_compact(self.cleaned_data["if_number"])
        validate_if_number(value)
        return value

    def clean_professional_tax(self) -> str:
        value = identifier_compact(self.cleaned_data.get("professional_tax", ""))
        if value:
            validate_professional_tax(value)
        return value

    def clean_cndp_receipt(self) -> str:
        value = " ".join(self.cleaned_data.get("cndp_receipt", "").split())
        if value:
            validate_cndp_receipt(value)
        return value

    def clean_rc_tribunal(self) -> str:
        return " ".join(self.cleaned_data["rc_tribunal"].split())


class CompanyForm(IdentityFormatsMixin, forms.ModelForm):
    """The seller identity a store must give before it may sell [CP-SELLER-IDENTITY], plus the RIB for payouts."""

    city = forms.ModelChoiceField(queryset=City.objects.all(), label=_("City"))
    region = forms.ModelChoiceField(queryset=Region.objects.all(), label=_("Region"))
    phone = _phone_field()
    rib = RibField()

    class Meta:
        model = Merchant
        fields = [
            "legal_name", "store_name", "legal_form", "ice", "rc_number", "rc_tribunal", "if_number",
            "professional_tax", "licence", "cndp_receipt", "address", "city", "region", "sector", "phone", "email",
            "rib",
        ]
        labels = {
            "legal_name": _("Legal name (raison sociale)"), "store_name": _("Store name"),
            "legal_form": _("Legal form"), "address": _("Address"), "sector": _("Sector"),
            "phone": _("Phone"), "email": _("Contact email"), **IDENTITY_LABELS,
        }
        help_texts = IDENTITY_HELP

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["rib"].required = True
        self.fields["city"].queryset = City.objects.select_related("region").order_by("name_fr")

    def clean_ice(self) -> str:
        return re.sub(r"\s", "", self.cleaned_data["ice"])

    def clean(self):
        cleaned = super().clean()
        city, region = cleaned.get("city"), cleaned.get("region")
        if city and region and city.region_id != region.pk:
            self.add_error("city", _("This city is not in the chosen region."))
        return cleaned


class DecisionForm(forms.Form):
    action = forms.ChoiceField(choices=[(a.value, a.label) for a in DecisionAction if a != DecisionAction.SUBMIT])
    reason = forms.CharField(label=_("Reason (shown to the owner)"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


class SettingsForm(IdentityFormatsMixin, forms.ModelForm):
    """Store settings, including the identity parts an owner completes after validation [CP-SHOP-COMPLETE].

    The legal name, form and ICE were checked by the reviewer and are not changed here."""

    phone = _phone_field()

    class Meta:
        model = Merchant
        fields = [
            "store_name", "logo", "description_fr", "description_ar", "description_en",
            "return_policy_fr", "return_policy_ar", "return_policy_en",
            "phone", "email", "address",
            "rc_number", "rc_tribunal", "if_number", "professional_tax", "licence", "cndp_receipt",
        ]
        help_texts = IDENTITY_HELP
        labels = {**IDENTITY_LABELS,
            "store_name": _("Store name"), "description_fr": _("Description (French)"),
            "description_ar": _("Description (Arabic)"), "description_en": _("Description (English)"),
            "return_policy_fr": _("Return policy (French)"), "return_policy_ar": _("Return policy (Arabic)"),
            "return_policy_en": _("Return policy (English)"), "phone": _("Phone"), "email": _("Contact email"),
            "address": _("Address"),
        }

    def clean_logo(self):
        logo = self.cleaned_data.get("logo")
        if logo and hasattr(logo, "content_type"):  # a new upload
            try:
                return reencode_image(logo, max_bytes=MAX_LOGO_BYTES)
            except ImageRejected as exc:
                raise forms.ValidationError(exc.message) from exc
        return logo


class BankForm(forms.Form):
    rib = RibField()


class InviteForm(forms.Form):
    email = forms.EmailField(label=_("Email address"))
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices, initial=Role.STAFF)


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)

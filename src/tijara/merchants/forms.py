"""Forms of onboarding, review and store settings. Every error says what is wrong, in the owner's language."""

import re

from django import forms
from django.contrib.auth import password_validation
from django.utils.translation import gettext_lazy as _

from tijara.core.images import ImageRejected, reencode_image
from tijara.core.models import City, Region
from tijara.core.phone import normalize_phone
from tijara.merchants.models import DecisionAction, Merchant, Role
from tijara.merchants.validators import rib_compact, validate_rib

MAX_LOGO_BYTES = 2 * 1024 * 1024


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


class CompanyForm(forms.ModelForm):
    """The seller identity a store must give before it may sell [CP-SELLER-IDENTITY], plus the RIB for payouts."""

    city = forms.ModelChoiceField(queryset=City.objects.all(), label=_("City"))
    region = forms.ModelChoiceField(queryset=Region.objects.all(), label=_("Region"))

    class Meta:
        model = Merchant
        fields = [
            "legal_name", "store_name", "legal_form", "ice", "rc_number", "rc_tribunal", "if_number",
            "tp_number", "address", "city", "region", "sector", "phone", "email", "rib",
        ]
        labels = {
            "legal_name": _("Legal name (raison sociale)"), "store_name": _("Store name"),
            "legal_form": _("Legal form"), "address": _("Address"), "sector": _("Sector"),
            "phone": _("Phone"), "email": _("Contact email"),
        }
        help_texts = {
            "ice": _("15 digits, on your ICE certificate."),
            "rib": _("24 digits: bank (3), city (3), account (16), key (2)."),
            "phone": _("For example 0612345678."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["rib"].required = True
        self.fields["city"].queryset = City.objects.select_related("region").order_by("name_fr")

    def clean_ice(self) -> str:
        return re.sub(r"\s", "", self.cleaned_data["ice"])

    def clean_phone(self) -> str:
        return normalize_phone(self.cleaned_data["phone"], allow_special_services=True)

    def clean_rib(self) -> str:
        rib = rib_compact(self.cleaned_data["rib"])
        validate_rib(rib)
        return rib

    def clean(self):
        cleaned = super().clean()
        city, region = cleaned.get("city"), cleaned.get("region")
        if city and region and city.region_id != region.pk:
            self.add_error("city", _("This city is not in the chosen region."))
        return cleaned


class DecisionForm(forms.Form):
    action = forms.ChoiceField(choices=[(a.value, a.label) for a in DecisionAction if a != DecisionAction.SUBMIT])
    reason = forms.CharField(label=_("Reason (shown to the owner)"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


class SettingsForm(forms.ModelForm):
    class Meta:
        model = Merchant
        fields = [
            "store_name", "logo", "description_fr", "description_ar", "description_en",
            "return_policy_fr", "return_policy_ar", "return_policy_en",
            "phone", "email", "address",
        ]
        labels = {
            "store_name": _("Store name"), "description_fr": _("Description (French)"),
            "description_ar": _("Description (Arabic)"), "description_en": _("Description (English)"),
            "return_policy_fr": _("Return policy (French)"), "return_policy_ar": _("Return policy (Arabic)"),
            "return_policy_en": _("Return policy (English)"), "phone": _("Phone"), "email": _("Contact email"),
            "address": _("Address"),
        }

    def clean_phone(self) -> str:
        return normalize_phone(self.cleaned_data["phone"], allow_special_services=True)

    def clean_logo(self):
        logo = self.cleaned_data.get("logo")
        if logo and hasattr(logo, "content_type"):  # a new upload
            try:
                return reencode_image(logo, max_bytes=MAX_LOGO_BYTES)
            except ImageRejected as exc:
                raise forms.ValidationError(exc.message) from exc
        return logo


class BankForm(forms.Form):
    rib = forms.CharField(label=_("RIB (bank account)"), max_length=40,
                          help_text=_("24 digits: bank (3), city (3), account (16), key (2)."))

    def clean_rib(self) -> str:
        rib = rib_compact(self.cleaned_data["rib"])
        validate_rib(rib)
        return rib


class InviteForm(forms.Form):
    email = forms.EmailField(label=_("Email address"))
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices, initial=Role.STAFF)


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)

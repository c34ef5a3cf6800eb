"""The checkout details form: the page's view of checkout_details_save (which re-checks everything)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from tijara.checkout.recap import Recap
from tijara.checkout.validators import normalize_email
from tijara.core.models import City, Region
from tijara.core.phone import PhoneField
from tijara.merchants.validators import identifier_compact, validate_ice
from tijara.payments.providers import available_providers


class CheckoutForm(forms.Form):
    full_name = forms.CharField(label=_("First and last name"), max_length=150, min_length=2)
    phone = PhoneField(label=_("Phone"), help_text=_("06 12 34 56 78 or +212 6 12 34 56 78"))  # typed any usual way
    email = forms.CharField(label=_("E-mail"), max_length=254,
                            widget=forms.EmailInput(attrs={"dir": "ltr", "autocomplete": "email"}))
    address_line = forms.CharField(label=_("Address (street, number, district)"), max_length=255, min_length=5)
    city = forms.TypedChoiceField(label=_("City"), coerce=int)
    region = forms.TypedChoiceField(label=_("Region"), coerce=int)
    payment_method = forms.ChoiceField(label=_("Payment method"), widget=forms.RadioSelect)
    buyer_ice = forms.CharField(label=_("Company ICE (optional)"), max_length=25, required=False,
                                help_text=_("For an invoice in your company's name: its 15-digit ICE."),
                                widget=forms.TextInput(attrs={"inputmode": "numeric", "dir": "ltr"}))

    def __init__(self, *args, recap: Recap, cities: list[City], regions: list[Region], **kwargs):
        super().__init__(*args, **kwargs)
        self.recap = recap
        self.fields["city"].choices = [("", "—")] + [(c.pk, c.tr("name")) for c in cities]
        self.fields["region"].choices = [("", "—")] + [(r.pk, f"{r.pk}. {r.tr('name')}") for r in regions]
        self.fields["payment_method"].choices = [(p.code, p.label) for p in available_providers()]
        self.fields["payment_method"].initial = "cod"
        self.shipping_fields = []
        for group in recap.groups:
            if not group.options:
                continue
            name = f"shipping_{group.merchant.pk}"
            self.fields[name] = forms.TypedChoiceField(
                label=_("Delivery for %(store)s") % {"store": group.merchant.store_name}, coerce=int,
                widget=forms.RadioSelect, choices=[(o.method.pk, o.method.pk) for o in group.options],
                initial=group.options[0].method.pk,
            )
            self.shipping_fields.append((group, self[name]))

    def clean_buyer_ice(self) -> str:
        value = identifier_compact(self.cleaned_data.get("buyer_ice", ""))
        if value:
            validate_ice(value)
        return value

    def clean_email(self) -> str:
        return normalize_email(self.cleaned_data["email"])

    def shipping_choices(self) -> dict[str, int]:
        return {name.split("_", 1)[1]: value for name, value in self.cleaned_data.items()
                if name.startswith("shipping_")}

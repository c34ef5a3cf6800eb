"""Forms of the back-office's delivery settings: the page's view of shipping.services (which re-checks all)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from tijara.core.amounts import AmountField
from tijara.core.models import City, Region
from tijara.shipping.models import ShippingKind, ShippingMethod
from tijara.shipping.rules import MAX_DELIVERY_DAYS
from tijara.shipping.services import ZoneFee


class ShippingMethodForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=ShippingKind.choices)
    name_fr = forms.CharField(label=_("Name (French)"), max_length=120)
    name_ar = forms.CharField(label=_("Name (Arabic)"), max_length=120, required=False)
    name_en = forms.CharField(label=_("Name (English)"), max_length=120, required=False)
    base_fee = AmountField(label=_("Fee elsewhere in Morocco (MAD TTC)"), min_value=0, max_digits=10,
                           decimal_places=2)
    free_above = AmountField(label=_("Free from an order of (MAD TTC)"), min_value=0, max_digits=12,
                             decimal_places=2, required=False, help_text=_("Leave empty: never free."))
    delivery_days_min = forms.IntegerField(label=_("Delivery in at least (days)"), min_value=0,
                                           max_value=MAX_DELIVERY_DAYS, initial=1)
    delivery_days_max = forms.IntegerField(label=_("Delivery in at most (days)"), min_value=0,
                                           max_value=MAX_DELIVERY_DAYS, initial=5)
    position = forms.IntegerField(label=_("Order shown at checkout"), min_value=0, max_value=1000, initial=0)
    is_active = forms.BooleanField(label=_("Offered at checkout"), required=False, initial=True)

    @classmethod
    def initial_of(cls, method: ShippingMethod) -> dict:
        return {name: getattr(method, name) for name in cls.base_fields}

    def names(self) -> dict[str, str]:
        return {lang: self.cleaned_data[f"name_{lang}"] for lang in ("fr", "ar", "en")}


class ZoneFeeForm(forms.Form):
    city = forms.ModelChoiceField(label=_("City"), queryset=City.objects.none(), required=False)
    region = forms.ModelChoiceField(label=_("Region"), queryset=Region.objects.none(), required=False)
    fee = AmountField(label=_("Fee (MAD TTC)"), min_value=0, max_digits=10, decimal_places=2, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["city"].queryset = City.objects.order_by("name_fr")
        self.fields["region"].queryset = Region.objects.order_by("code")

    def clean(self):
        cleaned = super().clean()
        city, region, fee = cleaned.get("city"), cleaned.get("region"), cleaned.get("fee")
        if city is None and region is None and fee is None:
            return cleaned  # an empty row
        if (city is None) == (region is None):
            raise forms.ValidationError(_("Choose either a city or a region for this fee."))
        if fee is None:
            self.add_error("fee", _("Enter the fee."))
        return cleaned


class BaseZoneFeeFormSet(forms.BaseFormSet):
    def zone_fees(self) -> list[ZoneFee]:
        return [
            ZoneFee(fee=f.cleaned_data["fee"], city_id=getattr(f.cleaned_data.get("city"), "pk", None),
                    region_id=getattr(f.cleaned_data.get("region"), "pk", None))
            for f in self.forms
            if f.cleaned_data and not f.cleaned_data.get("DELETE") and f.cleaned_data.get("fee") is not None
        ]


ZoneFeeFormSet = forms.formset_factory(ZoneFeeForm, formset=BaseZoneFeeFormSet, extra=3, can_delete=True)

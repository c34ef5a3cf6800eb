"""Back-office forms of cash-on-delivery operations: a call's outcome, a shipment, its outcome, a status file."""

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from tijara.core.amounts import AmountField
from tijara.fulfilment.models import CallOutcome


class CallOutcomeForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Outcome"), choices=CallOutcome.choices, widget=forms.RadioSelect)
    note = forms.CharField(label=_("Note (required for a refusal or a duplicate)"), max_length=500, required=False,
                           widget=forms.Textarea(attrs={"rows": 2}))
    call_back_at = forms.DateTimeField(label=_("Call back at"), required=False,
                                       widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
                                       input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"])


class ShipmentForm(forms.Form):
    carrier = forms.ModelChoiceField(label=_("Carrier"), queryset=None, empty_label=None)
    tracking_number = forms.CharField(label=_("Tracking number (blank: one is made from the order number)"),
                                      max_length=40, required=False,
                                      widget=forms.TextInput(attrs={"dir": "ltr", "autocomplete": "off"}))

    def __init__(self, *args, carriers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["carrier"].queryset = carriers


class ShipmentOutcomeForm(forms.Form):
    cash_collected = AmountField(label=_("Cash collected (MAD)"), min_value=Decimal("0"), max_digits=12,
                                 decimal_places=2, required=False)
    note = forms.CharField(label=_("Note"), max_length=255, required=False)


class StatusFileForm(forms.Form):
    carrier = forms.ModelChoiceField(label=_("Carrier"), queryset=None, empty_label=None)
    file = forms.FileField(label=_("Carrier's status file (CSV or XLSX)"))

    def __init__(self, *args, carriers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["carrier"].queryset = carriers

"""Back-office forms for an order's payment: a refund (full or partial) and a bank transfer's receipt."""

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from tijara.core.amounts import AmountField


class RefundForm(forms.Form):
    amount = AmountField(label=_("Amount to refund (MAD)"), min_value=Decimal("0.01"), max_digits=12,
                         decimal_places=2)
    reference = forms.CharField(label=_("Reference (receipt, transfer number)"), max_length=100, required=False,
                                help_text=_("Required for cash on delivery and bank transfer refunds."))

    def __init__(self, *args, card: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if card:  # the bank gives the card refund its own reference
            del self.fields["reference"]

    def reference_value(self) -> str:
        return self.cleaned_data.get("reference", "")


class TransferReceivedForm(forms.Form):
    reference = forms.CharField(label=_("Transfer reference"), max_length=100,
                                help_text=_("As it appears on your bank statement."))

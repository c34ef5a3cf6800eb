"""Back-office forms of the audit trail filters and the incident register (platform staff)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from tijara.audit.events import AuditEvent
from tijara.audit.models import IncidentSeverity

WHEN = forms.DateTimeInput(attrs={"type": "datetime-local", "dir": "ltr"}, format="%Y-%m-%dT%H:%M")
WHEN_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M"]


class AuditFilterForm(forms.Form):
    event = forms.ChoiceField(label=_("Event"), required=False,
                              choices=[("", _("All events")), *AuditEvent.choices])
    merchant = forms.IntegerField(label=_("Store number"), required=False, min_value=1, max_value=2**53,
                                  widget=forms.NumberInput(attrs={"dir": "ltr"}))
    actor = forms.IntegerField(label=_("Account number"), required=False, min_value=1, max_value=2**53,
                               widget=forms.NumberInput(attrs={"dir": "ltr"}))


class IncidentForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(label=_("What happened"), widget=forms.Textarea(attrs={"rows": 4}),
                                  max_length=10_000)
    severity = forms.ChoiceField(label=_("Severity"), choices=IncidentSeverity.choices,
                                 initial=IncidentSeverity.MEDIUM)
    detected_at = forms.DateTimeField(label=_("Detected at"), widget=WHEN, input_formats=WHEN_FORMATS,
                                      help_text=_("When it became known: the notification deadlines run from here."))
    significant = forms.BooleanField(label=_("Significant incident (to report to the DGSSI)"), required=False)
    customers_affected = forms.BooleanField(label=_("Customers affected"), required=False)
    personal_data_affected = forms.BooleanField(label=_("Personal data affected"), required=False)


class DgssiNotifiedForm(forms.Form):
    notified_at = forms.DateTimeField(label=_("Notified at"), widget=WHEN, input_formats=WHEN_FORMATS)
    reference = forms.CharField(label=_("Reference given by the DGSSI"), max_length=100)


class CustomersNotifiedForm(forms.Form):
    notified_at = forms.DateTimeField(label=_("Notified at"), widget=WHEN, input_formats=WHEN_FORMATS)
    notice = forms.CharField(label=_("Text sent to the customers"), widget=forms.Textarea(attrs={"rows": 4}),
                             max_length=10_000)


class CloseIncidentForm(forms.Form):
    resolution = forms.CharField(label=_("Resolution"), widget=forms.Textarea(attrs={"rows": 3}), max_length=10_000)

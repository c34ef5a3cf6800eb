"""Requests of data subjects (access, rectification, erasure, objection) with their legal timer [DP-DSR-TIMER]."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class RequestKind(models.TextChoices):
    ACCESS = "access", _("Access (copy of my data)")
    RECTIFICATION = "rectification", _("Rectification")
    ERASURE = "erasure", _("Erasure")
    OBJECTION = "objection", _("Objection to marketing")


class RequestStatus(models.TextChoices):
    OPEN = "open", _("Open")
    DONE = "done", _("Answered")
    REFUSED = "refused", _("Refused")


class DataRequest(models.Model):
    """One request, answered within TIJARA_DSR_DAYS days; platform staff see the open ones with overdue flags.

    The person is the keyed hash of their e-mail (`privacy.subjects`); `email` is blanked once they are erased."""

    subject_key = models.CharField(max_length=64)
    email = models.EmailField(blank=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                             related_name="+")
    kind = models.CharField(max_length=14, choices=RequestKind.choices)
    status = models.CharField(max_length=8, choices=RequestStatus.choices, default=RequestStatus.OPEN)
    details = models.TextField(blank=True)
    outcome = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    due_at = models.DateTimeField()
    completed_at = models.DateTimeField(null=True, blank=True)
    handled_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")

    class Meta:
        ordering = ["due_at", "pk"]
        indexes = [models.Index(fields=["status", "due_at"]), models.Index(fields=["subject_key", "created_at"])]

    def __str__(self) -> str:
        return f"{self.kind} #{self.pk}"

    @property
    def overdue(self) -> bool:
        return self.status == RequestStatus.OPEN and timezone.now() > self.due_at

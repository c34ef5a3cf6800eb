"""Reads of data protection: the staff queue with overdue flags [DP-DSR-TIMER]."""

from django.db.models import QuerySet
from django.utils import timezone

from tijara.dataprotection.models import DataRequest, RequestStatus
from tijara.privacy.subjects import subject_key


def requests_queue(*, include_closed: bool = False) -> QuerySet[DataRequest]:
    """Open requests, soonest due first (closed ones after, newest first, when asked)."""
    qs = DataRequest.objects.all() if include_closed else DataRequest.objects.filter(status=RequestStatus.OPEN)
    return qs.order_by("status", "due_at", "pk")


def requests_overdue_count() -> int:
    return DataRequest.objects.filter(status=RequestStatus.OPEN, due_at__lt=timezone.now()).count()


def requests_of(email: str) -> list[DataRequest]:
    return list(DataRequest.objects.filter(subject_key=subject_key(email)).order_by("-created_at", "-pk"))

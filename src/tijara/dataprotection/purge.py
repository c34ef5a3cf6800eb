"""The retention purge: what is past its period in `privacy.retention.RETENTION` is deleted or anonymised
[DP-RETENTION]. A django-tasks job (`retention_purge`), queued daily by `tijara privacy_purge --enqueue` from
cron (or run at once by `tijara privacy_purge`); it reports how many rows each category lost."""

import datetime as dt
import logging

from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django_tasks import task

from tijara.cart.models import Cart
from tijara.checkout.models import CheckoutDetails
from tijara.dataprotection.erasure import ErasureRefused, person_erase
from tijara.dataprotection.models import DataRequest, RequestStatus
from tijara.merchants.models import MerchantMembership
from tijara.orders.models import Order
from tijara.privacy.models import ConsentEvent, ConsentState
from tijara.privacy.retention import retention_period

log = logging.getLogger(__name__)


def _cutoff(key: str, now: dt.datetime) -> dt.datetime:
    return now - dt.timedelta(days=retention_period(key))


def _guest_carts(now: dt.datetime) -> int:
    return Cart.objects.filter(user__isnull=True, updated_at__lt=_cutoff("guest_carts", now)).delete()[1].get(
        "cart.Cart", 0)


def _abandoned_checkouts(now: dt.datetime) -> int:
    return CheckoutDetails.objects.filter(updated_at__lt=_cutoff("abandoned_checkouts", now)).delete()[0]


def _inactive_accounts(now: dt.datetime) -> int:
    cutoff = _cutoff("inactive_accounts", now)
    users = get_user_model().objects.filter(is_staff=False, is_active=True, date_joined__lt=cutoff).filter(
        Q(last_login__isnull=True) | Q(last_login__lt=cutoff)).exclude(
        Exists(MerchantMembership.objects.filter(user_id=OuterRef("pk")))).exclude(
        Exists(Order.objects.filter(user_id=OuterRef("pk"), created_at__gte=cutoff)))
    erased = 0
    for email in users.values_list("email", flat=True):
        try:
            person_erase(email=email)
            erased += 1
        except ErasureRefused:  # an order is still being delivered: next run
            continue
    return erased


def _call_notes(now: dt.datetime) -> int:
    try:
        model = apps.get_model("fulfilment", "CallAttempt")
    except LookupError:
        return 0
    return model.objects.filter(created_at__lt=_cutoff("call_notes", now)).exclude(note="").update(note="")


def _withdrawn_consents(now: dt.datetime) -> int:
    cutoff = _cutoff("withdrawn_consents", now)
    with transaction.atomic():
        stale = ConsentState.objects.filter(granted=False, changed_at__lt=cutoff)
        keys = list(stale.values_list("merchant_id", "subject_key", "channel"))
        removed = 0
        for merchant_id, key, channel in keys:
            removed += ConsentEvent.objects.filter(merchant_id=merchant_id, subject_key=key, channel=channel).delete()[0]
        stale.delete()
    return removed


def _closed_requests(now: dt.datetime) -> int:
    return DataRequest.objects.exclude(status=RequestStatus.OPEN).filter(
        completed_at__lt=_cutoff("closed_requests", now)).exclude(email="", details="").update(email="", details="")


def _orders(now: dt.datetime) -> int:
    return Order.objects.filter(created_at__lt=_cutoff("orders", now)).exclude(email="erased-order@erased.invalid").update(
        full_name="—", email="erased-order@erased.invalid", phone="", address_line="—", buyer_ice="", user=None)


PURGES = {
    "guest_carts": _guest_carts, "abandoned_checkouts": _abandoned_checkouts, "inactive_accounts": _inactive_accounts,
    "call_notes": _call_notes, "server_logs": lambda now: 0, "withdrawn_consents": _withdrawn_consents,
    "closed_requests": _closed_requests, "orders": _orders,
}


def retention_purge_run(now: dt.datetime | None = None) -> dict[str, int]:
    """Apply every retention period; returns the count per category (logged too)."""
    now = now or timezone.now()
    counts = {key: purge(now) for key, purge in PURGES.items()}
    log.warning("retention purge: %s", counts)
    return counts


@task()
def retention_purge() -> dict[str, int]:
    return retention_purge_run()

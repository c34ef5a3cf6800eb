"""Erasure: the person is no longer identifiable, except where a law requires the record [DP-ERASURE].

Kept as they were issued: invoices and credit notes (content frozen, CGI art. 145 and ten-year keeping of
accounting documents) and the signed contract archive (DOC arts. 417-1 and 443). Everything else that names the
person is blanked or deleted: the account (anonymised, not deleted, so the history of others stays whole),
the orders' copies of name, e-mail, phone and address, delivery details being typed, carts, call notes of
their orders (calls, status changes, parcels), team invitations, where to send marketing, and the e-mail on their earlier requests. A person
with an order still being performed cannot be erased yet: the carrier and the store still need the address.
"""

from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from tijara.cart.models import Cart
from tijara.checkout.models import CheckoutDetails
from tijara.core.errors import DomainError
from tijara.dataprotection.models import DataRequest
from tijara.merchants.models import MerchantMembership, TeamInvitation
from tijara.orders.models import Order, OrderStatus, OrderStatusChange
from tijara.privacy.models import ConsentSource, ConsentState
from tijara.privacy.services import objection_record
from tijara.privacy.subjects import email_normalise, subject_key

OPEN_STATUSES = (OrderStatus.PLACED, OrderStatus.CONFIRMED, OrderStatus.SHIPPED)
ERASED_NAME = "—"


class ErasureRefused(DomainError):
    code = "erasure_refused"
    status = 409


def _orders_of(email: str, user_id: int | None):
    qs = Order.objects.filter(email__iexact=email)
    if user_id is not None:
        qs = qs | Order.objects.filter(user_id=user_id)
    return qs


def _free_text_blank(app: str, model_name: str, field: str, **where) -> int:
    """Blank staff notes about the person's orders (free text may name them), where that table exists."""
    try:
        model = apps.get_model(app, model_name)
    except LookupError:
        return 0
    return model.objects.filter(**where).exclude(**{field: ""}).update(**{field: ""})


def erasure_refusal(email: str) -> str:
    """Why this person cannot be erased now ("" when they can)."""
    user = get_user_model().objects.filter(email__iexact=email_normalise(email)).first()
    if _orders_of(email_normalise(email), user.pk if user else None).filter(status__in=OPEN_STATUSES).exists():
        return str(_("An order is still being delivered: erasure is possible once it is delivered or cancelled."))
    if user is not None and MerchantMembership.objects.filter(user_id=user.pk).exists():
        return str(_("You belong to a store's team: the store must remove you first."))
    return ""


def person_erase(*, email: str) -> dict[str, int]:
    """Anonymise the person in one transaction; returns what was changed, by kind (recorded on the request)."""
    email = email_normalise(email)
    refusal = erasure_refusal(email)
    if refusal:
        raise ErasureRefused(refusal)
    key = subject_key(email)
    counts: dict[str, int] = {}
    with transaction.atomic():
        user = get_user_model().objects.select_for_update().filter(email__iexact=email).first()
        user_id = user.pk if user else None
        order_ids = list(_orders_of(email, user_id).values_list("pk", flat=True))
        counts["orders"] = Order.objects.filter(pk__in=order_ids).update(
            full_name=ERASED_NAME, email="erased-order@erased.invalid", phone="", address_line=ERASED_NAME,
            buyer_ice="", user=None)
        counts["notes"] = OrderStatusChange.objects.filter(order_id__in=order_ids).exclude(note="").update(note="")
        counts["notes"] += _free_text_blank("fulfilment", "CallAttempt", "note", task__order_id__in=order_ids)
        counts["notes"] += _free_text_blank("fulfilment", "Shipment", "outcome_note", order_id__in=order_ids)
        counts["checkouts"] = CheckoutDetails.objects.filter(email__iexact=email).delete()[0]
        counts["invitations"] = TeamInvitation.objects.filter(email__iexact=email).delete()[0]
        if user is not None:
            counts["carts"] = Cart.objects.filter(user_id=user_id).delete()[0]
            user.email = f"erased-{user.pk}@erased.invalid"
            user.full_name, user.phone, user.is_active = "", "", False
            user.set_unusable_password()
            user.save(update_fields=["email", "full_name", "phone", "is_active", "password"])
            counts["account"] = 1
        objection_record(key=key, source=ConsentSource.ERASURE)
        counts["consents"] = ConsentState.objects.filter(subject_key=key).update(address="")
        DataRequest.objects.filter(subject_key=key).update(email="", user=None)
    return counts

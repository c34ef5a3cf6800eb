"""Everything tijara holds on one person, across stores, with purposes, recipients and sources [DP-ACCESS].

`person_data` gathers it with a fixed number of queries; `access_zip` packs it as data.json plus a readable
index.html in the person's language. The person is the holder of an e-mail address (proven by signing in or
by a link sent to it): their account, and every order or checkout typed with that address.
"""

import io
import json
import zipfile

from django.contrib.auth import get_user_model
from django.core.serializers.json import DjangoJSONEncoder
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from tijara.checkout.models import CheckoutDetails
from tijara.dataprotection.models import DataRequest
from tijara.merchants.models import MerchantMembership, TeamInvitation
from tijara.orders.models import Order
from tijara.privacy.models import CollectionRecord, ConsentEvent, ConsentState
from tijara.privacy.subjects import email_normalise, subject_key


def _section(key: str, title: str, purpose: str, recipients: str, source: str, rows: list[dict]) -> dict:
    return {"key": key, "title": title, "purpose": purpose, "recipients": recipients, "source": source,
            "rows": rows}


def person_data(email: str) -> dict:
    """The person's data as sections of rows (JSON-ready); empty sections are kept so the answer is complete."""
    email = email_normalise(email)
    key = subject_key(email)
    user = get_user_model().objects.filter(email__iexact=email).first()
    account = [] if user is None else [{
        "email": user.email, "full_name": user.full_name, "phone": user.phone,
        "language": user.preferred_language, "joined": user.date_joined, "last_login": user.last_login}]
    order_filter = Order.objects.filter(email__iexact=email)
    if user is not None:
        order_filter = order_filter | Order.objects.filter(user_id=user.pk)
    orders = [{
        "number": o.number, "store": o.merchant.store_name, "placed": o.created_at, "status": o.status,
        "full_name": o.full_name, "email": o.email, "phone": o.phone, "address": o.address_line,
        "city": o.city.name_fr, "region": o.region_id, "payment": o.payment_method, "total": o.total,
    } for o in order_filter.select_related("merchant", "city").order_by("created_at", "pk")]
    notices = [{"order": c.reference, "notice_version": c.notice.version, "controller": c.notice.content["controller"]["name"],
                "shown_at": c.created_at}
               for c in CollectionRecord.objects.filter(reference__in=[o["number"] for o in orders])
               .select_related("notice").order_by("pk")]
    details_qs = CheckoutDetails.objects.filter(email__iexact=email)
    checkouts = [{"full_name": d.full_name, "email": d.email, "phone": d.phone, "address": d.address_line,
                  "updated": d.updated_at} for d in details_qs.order_by("pk")]
    teams = [] if user is None else [
        {"store": m.merchant.store_name, "role": m.role, "since": m.created_at}
        for m in MerchantMembership.objects.filter(user_id=user.pk).select_related("merchant").order_by("pk")]
    invitations = [{"store": i.merchant.store_name, "role": i.role, "sent": i.created_at}
                   for i in TeamInvitation.objects.filter(email__iexact=email).select_related("merchant")]
    consents = [{"controller": s.merchant.store_name if s.merchant else _("the platform"), "channel": s.channel,
                 "granted": s.granted, "basis": s.basis, "since": s.changed_at}
                for s in ConsentState.objects.filter(subject_key=key).select_related("merchant").order_by("pk")]
    history = [{"controller": e.merchant.store_name if e.merchant else _("the platform"), "channel": e.channel,
                "action": e.action, "basis": e.basis, "source": e.source, "notice_version": e.notice_version,
                "at": e.created_at}
               for e in ConsentEvent.objects.filter(subject_key=key).select_related("merchant").order_by("pk")]
    requests = [{"kind": r.kind, "status": r.status, "asked": r.created_at, "due": r.due_at,
                 "answered": r.completed_at} for r in DataRequest.objects.filter(subject_key=key).order_by("pk")]
    sections = [
        _section("account", _("Your account"), _("signing in, your order history"),
                 _("the platform's staff who need it"), _("you, when you created the account"), account),
        _section("orders", _("Your orders"), _("delivering and invoicing your orders; invoices are kept 10 years"),
                 _("the store you bought from, its carrier, the card payment centre for card payments"),
                 _("you, at checkout"), orders),
        _section("notices", _("Privacy notices you were shown"), _("proof of what you were told at collection"),
                 _("nobody outside the platform"), _("the order forms"), notices),
        _section("checkouts", _("Delivery details being typed"), _("finishing your order"),
                 _("the platform"), _("you, at checkout"), checkouts),
        _section("teams", _("Store teams"), _("access to a store's back-office"), _("the store's owners"),
                 _("the store that added you"), teams),
        _section("invitations", _("Team invitations"), _("inviting you to a store's team"),
                 _("the store's owners"), _("the store that invited you"), invitations),
        _section("consents", _("Your marketing choices"), _("sending offers only to those who agree"),
                 _("the store or the platform named"), _("you"), consents),
        _section("consent_history", _("History of your marketing choices"), _("proof of your choices"),
                 _("nobody outside the platform"), _("you"), history),
        _section("requests", _("Your requests about your data"), _("answering them within the legal time"),
                 _("the platform's staff"), _("you"), requests),
    ]
    return {"email": email, "generated_at": timezone.now(), "sections": sections}


def access_zip(email: str) -> bytes:
    data = person_data(email)
    payload = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)
    html = render_to_string("dataprotection/access.html", {"data": data})
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("data.json", payload)
        archive.writestr("index.html", html)
    return buffer.getvalue()

"""What each collection form's privacy notice says, built from the controller and the form [DP-NOTICE].

The content is data (keys and identity), rendered in the visitor's language by `privacy/_notice.html`; its
SHA-256 names the version, so the same words always carry the same version and any change makes a new one.
"""

import hashlib
import json

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from tijara.merchants.models import Merchant

PURPOSES = {
    "account": _("your account and sign-in"),
    "orders": _("taking, delivering and following your orders"),
    "cod_call": _("a phone call to confirm a cash-on-delivery order"),
    "invoicing": _("invoices and the records the law requires us to keep"),
    "marketing": _("offers, only if you agree (optional)"),
    "store_review": _("checking a store's identity before it sells"),
    "payouts": _("paying stores what they are owed"),
    "team": _("giving a team member access to the store's back-office"),
    "requests": _("answering your requests about your personal data"),
}
RECIPIENTS = {
    "platform": _("the platform's staff who need it"),
    "store": _("the store you buy from"),
    "carriers": _("the carrier that delivers your parcel (name, phone, address)"),
    "bank": _("the card payment centre, for card payments"),
    "email": _("our e-mail provider, to send you messages"),
    "reviewers": _("the platform's reviewers"),
    "team": _("the store's owners and managers"),
}
FIELDS = {
    "email": _("e-mail"), "password": _("password"), "full_name": _("name"), "phone": _("phone"),
    "address": _("address, city and region"), "buyer_ice": _("ICE of a business buyer"),
    "identity": _("the store's legal identity and its manager's contact"), "rib": _("bank account (RIB)"),
    "role": _("role in the team"), "marketing": _("marketing choices"), "request": _("what you ask"),
}
SPEC = {
    "signup": {"purposes": ["account", "orders"], "recipients": ["platform", "email"],
               "required": ["email", "password"], "optional": ["full_name"]},
    "checkout": {"purposes": ["orders", "cod_call", "invoicing", "marketing"],
                 "recipients": ["store", "platform", "carriers", "bank", "email"],
                 "required": ["full_name", "phone", "email", "address"], "optional": ["buyer_ice", "marketing"]},
    "onboarding": {"purposes": ["store_review", "payouts", "invoicing"], "recipients": ["reviewers", "email"],
                   "required": ["email", "password", "identity"], "optional": ["rib"]},
    "invitation": {"purposes": ["team"], "recipients": ["team", "email"], "required": ["email", "role"],
                   "optional": []},
    "contact": {"purposes": ["requests"], "recipients": ["platform", "email"], "required": ["email", "request"],
                "optional": []},
}


def notice_content(merchant: Merchant | None, form: str) -> dict:
    """The notice as data: controller (the store for its buyers and team, else the platform), purposes, recipients,
    compulsory and optional fields, where to exercise rights and the CNDP receipt."""
    spec = SPEC[form]
    if merchant is not None:
        controller = {"name": merchant.legal_name, "address": merchant.address, "email": merchant.email,
                      "cndp_receipt": merchant.cndp_receipt or ""}
    else:
        controller = {"name": settings.TIJARA_CONTROLLER_NAME, "address": settings.TIJARA_CONTROLLER_ADDRESS,
                      "email": settings.TIJARA_PRIVACY_EMAIL, "cndp_receipt": settings.TIJARA_CNDP_RECEIPT}
    return {"form": form, "merchant_id": merchant.pk if merchant else None, "controller": controller,
            "platform": {"name": settings.TIJARA_CONTROLLER_NAME, "cndp_receipt": settings.TIJARA_CNDP_RECEIPT},
            "purposes": spec["purposes"], "recipients": spec["recipients"], "required": spec["required"],
            "optional": spec["optional"], "rights_email": settings.TIJARA_PRIVACY_EMAIL}


def content_version(content: dict) -> str:
    canonical = json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode()).hexdigest()[:16]

"""When is a store's seller identity complete enough to sell [CP-SHOP-COMPLETE].

A store publishes products only once every part of the identity the law asks a distance seller to give is
present and well formed (law 31-08 art. 29; CGI art. 145 for the tax identifiers on invoices; law 09-08 for
the CNDP receipt). Existing stores with gaps keep what is already online: the gate applies to publishing,
and platform staff see the gaps (`stores_with_gaps`).
"""

from collections.abc import Callable

from django.core.exceptions import ValidationError
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from tijara.merchants.models import Merchant, MerchantStatus, Sector
from tijara.merchants.validators import (
    validate_cndp_receipt,
    validate_ice,
    validate_if_number,
    validate_professional_tax,
    validate_rc_number,
)

# Sectors whose sellers need an authorisation before selling, and what it is called.
SECTOR_LICENCES: dict[str, Promise] = {
    Sector.FOOD: _("ONSSA sanitary authorisation or approval (law 28-07 on food safety)"),
}

# Field name → what the owner is asked for, in the order the checklist shows them.
IDENTITY_FIELDS: dict[str, Promise] = {
    "legal_name": _("Legal name (raison sociale)"),
    "legal_form": _("Legal form"),
    "address": _("Registered office address"),
    "city": _("City"),
    "phone": _("Phone"),
    "email": _("Contact email"),
    "ice": _("ICE"),
    "rc_number": _("RC number"),
    "rc_tribunal": _("RC court registry (city)"),
    "if_number": _("IF (tax identifier)"),
    "professional_tax": _("Taxe professionnelle number"),
    "licence": _("Licence or authorisation of your sector"),
    "cndp_receipt": _("CNDP receipt reference"),
}

# Fields the owner can complete in the store settings; the others were checked by the reviewer.
SETTINGS_EDITABLE = frozenset({
    "address", "phone", "email", "rc_number", "rc_tribunal", "if_number", "professional_tax", "licence",
    "cndp_receipt",
})

_FORMATS: dict[str, Callable[[str], None]] = {
    "ice": validate_ice,
    "rc_number": validate_rc_number,
    "if_number": validate_if_number,
    "professional_tax": validate_professional_tax,
    "cndp_receipt": validate_cndp_receipt,
}


def licence_required(merchant: Merchant) -> bool:
    return merchant.sector in SECTOR_LICENCES


def _well_formed(field: str, value: str) -> bool:
    check = _FORMATS.get(field)
    if check is None:
        return True
    try:
        check(value)
    except ValidationError:
        return False
    return True


def identity_missing(merchant: Merchant) -> list[str]:
    """Names of the identity fields that are empty or malformed, in checklist order; empty when complete."""
    missing = []
    for field in IDENTITY_FIELDS:
        if field == "licence" and not licence_required(merchant):
            continue
        if field == "city":
            value = merchant.city_id
        else:
            value = str(getattr(merchant, field) or "").strip()
        if not value or (isinstance(value, str) and not _well_formed(field, value)):
            missing.append(field)
    return missing


def missing_labels(merchant: Merchant) -> list[tuple[str, Promise]]:
    """(field, label) of each gap, for the checklist and the staff list."""
    labels = dict(IDENTITY_FIELDS)
    if licence_required(merchant):
        labels["licence"] = SECTOR_LICENCES[merchant.sector]
    return [(field, labels[field]) for field in identity_missing(merchant)]


def stores_with_gaps() -> list[tuple[Merchant, list[tuple[str, Promise]]]]:
    """Validated stores whose identity has gaps, with the gaps: what platform staff must follow up (one query).

    The check runs in Python over one read of the validated stores: formats (the ICE key, digits) are not
    expressible in SQL portably, and a marketplace has thousands of stores, not millions.
    """
    stores = (
        Merchant.objects.filter(status=MerchantStatus.VALIDATED).select_related("city")
        .only(*IDENTITY_FIELDS, "city__name_fr", "city__name_ar",
              "store_name", "slug", "sector", "status", "validated_at")
        .order_by("store_name", "pk")
    )
    result = []
    for store in stores:
        gaps = missing_labels(store)
        if gaps:
            result.append((store, gaps))
    return result

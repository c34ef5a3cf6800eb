"""What a store still lacks before it may publish, with where to fix each item [CP-SHOP-COMPLETE]."""

from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext as _

from tijara.legal.selectors import terms_current
from tijara.merchants.completeness import SETTINGS_EDITABLE, missing_labels
from tijara.merchants.models import Merchant


@dataclass(frozen=True)
class ChecklistItem:
    key: str
    label: str
    url: str  # empty: only the platform team can change it (ask them)


def publishing_checklist(merchant: Merchant) -> list[ChecklistItem]:
    """Each missing identity field (linked to its settings field), then the terms of sale if none is published."""
    settings_url = reverse("dashboard:settings")
    items = [
        ChecklistItem(field, str(label), f"{settings_url}#id_{field}" if field in SETTINGS_EDITABLE else "")
        for field, label in missing_labels(merchant)
    ]
    if terms_current(merchant.pk) is None:
        items.append(ChecklistItem("terms", _("Terms of sale, published in French and Arabic"),
                                   reverse("dashboard:terms")))
    return items

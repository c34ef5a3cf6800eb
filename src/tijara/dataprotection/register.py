"""The processing register, generated from the code [DP-REGISTER]: the forms and their notices (purposes,
fields, recipients), the tables that hold personal data (found by scanning every model), the retention table,
the declared processors with their country and transfer basis, and the security measures. Rendered in French
or Arabic (`tijara privacy_register --language ar`, and the staff page), ready for the CNDP declaration."""

from django.apps import apps
from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from tijara.core.processors import BASIS_LABELS, KIND_LABELS, processors_declared, transfer_refusal
from tijara.privacy import notices
from tijara.privacy.models import NoticeForm
from tijara.privacy.retention import RETENTION

# Field names that hold personal data wherever they appear (and the generic name of what they hold).
PERSONAL_FIELDS = {"email": "email", "phone": "phone", "full_name": "full_name", "address_line": "address",
                   "address": "address", "buyer_ice": "buyer_ice", "note": "note", "password": "password",
                   "last_login": "last_login", "rib": "rib"}


def personal_tables() -> list[dict]:
    """Every model with a field that holds personal data, read from the code (nothing to keep in step by hand)."""
    rows = []
    for model in apps.get_models():
        found = [f.name for f in model._meta.concrete_fields if f.name in PERSONAL_FIELDS]
        if found:
            rows.append({"table": model._meta.label, "fields": found})
    return sorted(rows, key=lambda r: r["table"])


def security_measures() -> list[str]:
    return [
        _("Passwords hashed with Argon2; HTTPS only with HSTS and secure cookies in production."),
        _("Each store's team sees only its own store's data; roles limit what staff can change."),
        _("Two-factor sign-in for store owners, managers and platform staff."),
        _("A chained, append-only audit trail of sign-ins, role changes, exports, erasures and staff reads of "
          "customer data, kept at least one year."),
        _("Personal data goes only to declared processors; transfers abroad need a recorded basis."),
        _("The observatory receives no personal data: regions and keyed hashes only."),
    ]


def register_context() -> dict:
    processings = []
    for form in NoticeForm.values:
        spec = notices.SPEC[form]
        processings.append({
            "form": NoticeForm(form).label,
            "purposes": [str(notices.PURPOSES[k]) for k in spec["purposes"]],
            "fields": [str(notices.FIELDS[k]) for k in spec["required"] + spec["optional"]],
            "recipients": [str(notices.RECIPIENTS[k]) for k in spec["recipients"]],
        })
    processors = [{"name": p.name, "kind": str(KIND_LABELS.get(p.kind, p.kind)), "country": p.country,
                   "basis": str(BASIS_LABELS.get(p.basis, p.basis or "-")),
                   "reference": p.reference, "contract": p.contract, "refusal": transfer_refusal(p)}
                  for p in processors_declared()]
    retention = [{"label": str(c.label), "days": c.period_days, "action": c.action, "why": str(c.why)}
                 for c in RETENTION]
    return {"controller": {"name": settings.TIJARA_CONTROLLER_NAME, "address": settings.TIJARA_CONTROLLER_ADDRESS,
                           "email": settings.TIJARA_PRIVACY_EMAIL, "cndp_receipt": settings.TIJARA_CNDP_RECEIPT},
            "processings": processings, "tables": personal_tables(), "retention": retention,
            "processors": processors, "security": security_measures(),
            "dsr_days": settings.TIJARA_DSR_DAYS}


def register_markdown(language: str) -> str:
    with translation.override(language):
        return render_to_string("dataprotection/register.md", register_context())

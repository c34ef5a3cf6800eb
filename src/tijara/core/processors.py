"""The processors tijara hands personal data to, and the rule for sending data abroad [DP-PROCESSORS] [DP-TRANSFER].

The declarations are a setting (`TIJARA_PROCESSORS`, see settings.py): e-mail provider, SMS provider, carriers
and hosting, each with its country, the legal basis of a transfer abroad and the reference of its processor
contract. Code that hands personal data to an outside service asks `processor_required` first; a service that
is not declared, or that sits abroad without a valid basis, is refused before anything leaves. The processing
register (`tijara.dataprotection.register`) is generated from the same declarations.
"""

from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from tijara.core.errors import DomainError

KINDS = ("email", "sms", "carrier", "hosting")
# Bases on which personal data may go to a processor outside Morocco (law 09-08 arts. 43-44).
BASIS_MOROCCO = "morocco"
BASIS_ADEQUACY = "adequacy"  # the country is on the CNDP's list of adequate protection (art. 43)
BASIS_CONSENT = "consent"  # the person's express consent (art. 44, first case)
BASIS_AUTHORISATION = "authorisation"  # a CNDP authorisation, whose reference is declared (art. 44, last case)
BASES = (BASIS_MOROCCO, BASIS_ADEQUACY, BASIS_CONSENT, BASIS_AUTHORISATION)
KIND_LABELS = {"email": _("e-mail provider"), "sms": _("SMS provider"), "carrier": _("carrier"),
               "hosting": _("hosting")}
BASIS_LABELS = {BASIS_MOROCCO: _("in Morocco: no transfer"), BASIS_ADEQUACY: _("country with adequate protection"),
                BASIS_CONSENT: _("the person's consent"), BASIS_AUTHORISATION: _("CNDP authorisation")}
# Backends that keep the message on this server (tests, demo): no personal data leaves it.
LOCAL_EMAIL_BACKENDS = (
    "django.core.mail.backends.locmem.EmailBackend",
    "django.core.mail.backends.filebased.EmailBackend",
    "django.core.mail.backends.console.EmailBackend",
    "django.core.mail.backends.dummy.EmailBackend",
)


class UndeclaredProcessor(DomainError):
    """Personal data would go to a service nobody declared, or abroad without a basis: nothing is sent."""

    code = "undeclared_processor"
    status = 503


@dataclass(frozen=True)
class Processor:
    key: str
    kind: str
    name: str
    country: str  # ISO 3166 alpha-2
    basis: str
    reference: str  # CNDP authorisation number (basis "authorisation"); blank otherwise
    contract: str  # reference of the processor contract (law 09-08 art. 24)
    backends: tuple[str, ...]  # for e-mail and SMS: the backend classes this processor is reached through

    @property
    def abroad(self) -> bool:
        return self.country.upper() != "MA"


def processors_declared() -> list[Processor]:
    """Every declared processor, read from the setting (invalid entries are kept: `transfer_refusal` names them)."""
    declared = []
    for key, entry in getattr(settings, "TIJARA_PROCESSORS", {}).items():
        declared.append(Processor(
            key=key, kind=str(entry.get("kind", "")), name=str(entry.get("name", key)),
            country=str(entry.get("country", "")).upper(), basis=str(entry.get("basis", "")),
            reference=str(entry.get("reference", "")), contract=str(entry.get("contract", "")),
            backends=tuple(entry.get("backends", ())),
        ))
    return declared


def transfer_refusal(processor: Processor) -> str:
    """Why data may not go to this processor ("" when it may) [DP-TRANSFER]."""
    if processor.kind not in KINDS or not processor.country:
        return str(_("its kind and country are not declared"))
    if not processor.contract:
        return str(_("no processor contract is recorded"))
    if not processor.abroad:
        return ""
    if processor.basis == BASIS_ADEQUACY:
        if processor.country in [c.upper() for c in getattr(settings, "TIJARA_ADEQUATE_COUNTRIES", ())]:
            return ""
        return str(_("its country is not on the list of adequate protection"))
    if processor.basis == BASIS_AUTHORISATION:
        return "" if processor.reference else str(_("the CNDP authorisation reference is missing"))
    if processor.basis == BASIS_CONSENT:
        return ""
    return str(_("a transfer abroad needs a legal basis"))


def processor_required(kind: str, *, backend: str = "") -> Processor | None:
    """The declared processor of this kind (reached through `backend`, for e-mail and SMS), or a refusal.

    None means the service keeps the data on this server (a local e-mail backend): nothing to declare.
    """
    if kind == "email" and backend in LOCAL_EMAIL_BACKENDS:
        return None
    for processor in processors_declared():
        if processor.kind == kind and (not backend or backend in processor.backends):
            reason = transfer_refusal(processor)
            if reason:
                raise UndeclaredProcessor(_("%(name)s may not receive personal data: %(reason)s.")
                                          % {"name": processor.name, "reason": reason})
            return processor
    raise UndeclaredProcessor(_("No declared processor for %(kind)s (%(backend)s): nothing was sent.")
                              % {"kind": kind, "backend": backend or "-"})

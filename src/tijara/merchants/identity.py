"""The seller identity as every document shows it: one source for pages, e-mails and PDFs [CP-SELLER-IDENTITY].

The law wants the buyer to know who sells before and after the contract (law 31-08 art. 29), and invoices
carry the tax identifiers (CGI art. 145). Pages render `identity_items` through
`storefront/shop/_seller_identity.html` (values that are numbers or addresses kept left to right inside
Arabic text); PDFs and plain-text e-mails take `identity_lines`.
"""

from dataclasses import dataclass

from django.utils import translation
from django.utils.translation import gettext as _

from tijara.core.i18n import translated
from tijara.merchants.models import LegalForm, Merchant


@dataclass(frozen=True)
class IdentityItem:
    label: str  # empty for the first line (the legal name and form)
    value: str
    ltr: bool = False  # numbers, phone, e-mail: kept left to right in Arabic text
    separator: str = ": "  # between label and value, as the language writes it (" : " in French)

    @property
    def line(self) -> str:
        return f"{self.label}{self.separator}{self.value}" if self.label else self.value


def identity_items(merchant: Merchant, language: str | None = None) -> list[IdentityItem]:
    """The full identity in `language` (default: the active one): legal name and form, office, phone,
    e-mail, ICE, RC with its court registry, IF, taxe professionnelle, and the licence when there is one."""
    language = language or translation.get_language() or "fr"
    with translation.override(language):
        legal_form = str(LegalForm(merchant.legal_form).label) if merchant.legal_form in LegalForm.values else ""
        name = f"{merchant.legal_name} ({legal_form})" if legal_form else merchant.legal_name
        city = translated(merchant.city, "name", language) if merchant.city_id else ""
        office = f"{merchant.address}, {city}" if city else merchant.address
        items = [
            IdentityItem("", name),
            IdentityItem(_("Registered office"), office),
            IdentityItem(_("Phone"), merchant.phone, ltr=True),
            IdentityItem(_("E-mail"), merchant.email, ltr=True),
            IdentityItem("ICE", merchant.ice, ltr=True),
            IdentityItem(_("RC"), _("%(number)s (court registry of %(city)s)") % {
                "number": merchant.rc_number, "city": merchant.rc_tribunal}),
            IdentityItem(_("IF"), merchant.if_number, ltr=True),
            IdentityItem(_("Taxe professionnelle"), merchant.professional_tax or "—", ltr=True),
        ]
        if merchant.licence:
            items.append(IdentityItem(_("Licence"), merchant.licence))
        separator = _("%(label)s: %(value)s") % {"label": "", "value": ""}
    return [IdentityItem(i.label, i.value, i.ltr, separator) for i in items]


def identity_lines(merchant: Merchant, language: str) -> list[str]:
    """The same identity as plain lines ("label: value"), for PDFs and text e-mails."""
    return [item.line for item in identity_items(merchant, language)]

"""The durable confirmation of an order (law 31-08 art. 32) [CP-CONFIRMATION]: a PDF in the order's language
(French or Arabic) repeating the pre-contract information, e-mailed as an attachment.

It is sent when the merchant confirms the order and, at the latest, when the order ships (explicit calls
from `services.order_transition`). The job records `Order.confirmation_sent_at` only once the e-mail has
left: whether it was sent before delivery decides the withdrawal window, 7 or 30 days (art. 36,
`rules.withdrawal_days`). The same document is downloadable from the buyer's order page.
"""

import datetime as dt
import hashlib
import logging
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tasks import TaskResultStatus, task, task_backends
from django_tasks.backends.immediate import ImmediateBackend

from tijara.archive.models import ContractKind
from tijara.archive.services import archive_append
from tijara.core.mail import mail_send
from tijara.core.money import format_mad
from tijara.core.pdf import MUTED, DocumentPdf, pdf_fonts_setup
from tijara.legal.selectors import terms_version
from tijara.merchants.identity import identity_lines
from tijara.orders.models import Order, OrderLine, OrderStatus
from tijara.orders.rules import withdrawal_days
from tijara.orders.texts import withdrawal_conditions
from tijara.orders.tracking import order_link

log = logging.getLogger(__name__)

DOCUMENT_LANGUAGES = ("fr", "ar")
WIDTH = 178  # A4 minus 16 mm margins


def document_language(language: str | None) -> str:
    """French or Arabic, the languages of the contract; anything else gets French."""
    return language if language in DOCUMENT_LANGUAGES else "fr"


def order_page_url(order: Order, language: str) -> str:
    """Where the buyer finds the order, its documents and (later) the withdrawal form: the account page for a
    signed-in buyer, the signed link of `orders.tracking` for a guest (it opens the order in any browser)."""
    return order_link(order, language)


@dataclass(frozen=True)
class SellerTerms:
    warranties: str
    complaints: str
    version: int | None


def seller_terms(order: Order, language: str) -> SellerTerms:
    """Warranties and complaints address from the terms version the order was placed under; the platform's
    defaults (the legal warranty, the seller's own address) when the store had no published terms."""
    version = terms_version(order.merchant_id, order.terms_version) if order.terms_version else None
    warranties = version.part("warranties", language) if version else ""
    complaints = version.part("complaints", language) if version else ""
    m = order.merchant
    with translation.override(language):
        warranties = warranties or _(
            "The seller owes the legal warranty against hidden defects of the goods sold (Code of obligations and "
            "contracts, art. 549 and following), whatever the terms of sale say.")
        complaints = complaints or _("Write to the seller: %(name)s, %(address)s, %(email)s, %(phone)s.") % {
            "name": m.legal_name, "address": order.merchant_address, "email": m.email, "phone": m.phone}
    return SellerTerms(warranties=warranties, complaints=complaints, version=version.number if version else None)


def non_withdrawable_lines(lines: list[OrderLine], language: str) -> list[str]:
    """The lines the withdrawal right does not cover, with the reason shown before purchase."""
    out = []
    with translation.override(language):
        for line in lines:
            product = line.variant.product if line.variant_id and line.variant else None
            if product is not None and product.non_withdrawable:
                out.append(f"{line.product_name}: {product.get_non_withdrawable_display()}")
    return out


def confirmation_pdf(order: Order, *, language: str | None = None, lines: list[OrderLine] | None = None) -> bytes:
    """The confirmation document as PDF bytes, in `language` (default: the order's), Arabic shaped right to
    left. `order.confirmation_sent_at` is the sending time it states (set before sending, not yet saved)."""
    language = document_language(language or order.language)
    if lines is None:
        lines = list(OrderLine.objects.filter(order_id=order.pk).select_related("variant__product").order_by("pk"))
    with translation.override(language), timezone.override(settings.TIME_ZONE):
        return _draw(order, lines, language)


def _draw(order: Order, lines: list[OrderLine], lang: str) -> bytes:  # noqa: PLR0915 (one document, top to bottom)
    rtl = lang == "ar"
    align, end = ("R", "L") if rtl else ("L", "R")
    pdf = DocumentPdf(format="A4")
    pdf.set_margins(16, 16, 16)
    pdf.set_auto_page_break(True, margin=18)
    pdf_fonts_setup(pdf, lang)
    pdf.footer_text = _("Order confirmation %(number)s") % {"number": order.number}
    pdf.add_page()

    def para(text: str, size: float = 9.5, style: str = "", height: float = 5) -> None:
        pdf.set_font("body", style, size)
        pdf.multi_cell(WIDTH, height, text, align=align, new_x="LMARGIN", new_y="NEXT")

    def row(cells: list[tuple[float, str, str]], size: float = 9, style: str = "", fill: bool = False) -> None:
        pdf.set_font("body", style, size)
        for w, text, a in (cells[::-1] if rtl else cells):
            pdf.cell(w, 6, text, align=a, border="B" if fill else 0, fill=fill)
        pdf.ln()

    placed = timezone.localtime(order.created_at)
    pdf.set_font("body", "B", 15)
    pdf.cell(WIDTH, 9, _("Order confirmation"), align=align, new_x="LMARGIN", new_y="NEXT")
    para(_("Order %(number)s placed on %(date)s at %(time)s (%(zone)s) with %(store)s.") % {
        "number": order.number, "date": placed.date().isoformat(), "time": placed.strftime("%H:%M"),
        "zone": settings.TIME_ZONE, "store": order.merchant.store_name})
    if order.confirmation_sent_at:
        sent = timezone.localtime(order.confirmation_sent_at)
        para(_("This written confirmation was sent on %(date)s at %(time)s (%(zone)s).") % {
            "date": sent.date().isoformat(), "time": sent.strftime("%H:%M"), "zone": settings.TIME_ZONE})
    para(_("Law 31-08 on consumer protection, art. 32: keep this document, it confirms the information "
           "given to you before the order."), size=8.5)

    pdf.heading(_("Seller"), align)
    for text in identity_lines(order.merchant, lang):
        para(text, size=9)

    pdf.heading(_("Buyer and delivery address"), align)
    para(f"{order.full_name} — {order.email} — {order.phone}", size=9)
    para(f"{order.address_line}, {order.city.tr('name')}, {order.region.tr('name')}", size=9)
    if order.buyer_ice:
        para(f"ICE {order.buyer_ice}", size=9)

    pdf.heading(_("What you ordered"), align)
    pdf.set_fill_color(238, 242, 240)
    row([(92, _("Product"), align), (20, _("Quantity"), end), (33, _("Unit price incl. VAT"), end),
         (33, _("Total"), end)], style="B", size=8.5, fill=True)
    for line in lines:
        name = f"{line.product_name} ({line.options_label})" if line.options_label else line.product_name
        vat = _("exempt") if line.vat_exempt else f"{_('VAT')} {line.vat_rate} %"
        row([(92, f"{name[:60]} · {vat}", align), (20, str(line.quantity), end),
             (33, format_mad(line.unit_price, lang), end), (33, format_mad(line.line_total, lang), end)], size=8.5)
    row([(145, _("Delivery") + f": {order.shipping_name}", align), (33, format_mad(order.shipping_fee, lang), end)])
    for vat_row in order.vat_breakdown:
        label = _("Exempt from VAT") if vat_row.get("exempt") else _("of which VAT %(rate)s %%") % {
            "rate": vat_row.get("rate")}
        row([(145, label, align), (33, format_mad(Decimal(str(vat_row.get("vat"))), lang), end)], size=8.5)
    row([(145, _("Total to pay (TTC)"), align), (33, format_mad(order.total, lang), end)], style="B", size=10)

    pdf.heading(_("Delivery and payment"), align)
    para(_("Delivery in %(min)s to %(max)s days, at the latest on %(date)s.") % {
        "min": order.delivery_days_min, "max": order.delivery_days_max, "date": order.deliver_by.isoformat()})
    para(_("Payment") + ": " + str(order.get_payment_method_display()))
    para(_("Prices are in dirhams, all taxes included; the offer was valid while the product was online, at "
           "the price shown on the day of the order."), size=8.5)

    pdf.heading(_("Right of withdrawal"), align)
    para(withdrawal_conditions(order))
    for text in non_withdrawable_lines(lines, lang):
        para(_("No withdrawal for this product: %(line)s") % {"line": text}, size=9)
    para(_("How to withdraw: tell the seller within the period, with no reason needed, using the withdrawal "
           "form on your order page:"))
    pdf.set_text_color(15, 110, 90)
    url = order_page_url(order, lang)
    pdf.set_font("body", "", 8)  # the signed link is long: clickable as a whole even where it wraps
    pdf.multi_cell(WIDTH, 4.5, url, align="L", new_x="LMARGIN", new_y="NEXT", link=url)
    pdf.set_text_color(0, 0, 0)

    terms = seller_terms(order, lang)
    pdf.heading(_("Warranties"), align)
    para(terms.warranties, size=9)
    pdf.heading(_("Complaints"), align)
    para(terms.complaints, size=9)
    if terms.version:
        pdf.set_text_color(*MUTED)
        para(_("Terms of sale: version %(number)s, the version in force when you ordered.") % {
            "number": terms.version}, size=8.5)
        pdf.set_text_color(0, 0, 0)
    return bytes(pdf.output())


# --- Sending ---------------------------------------------------------------------------------------

def order_confirmation_send(order_id: int) -> bool:
    """Render and e-mail the confirmation, then record when it was sent; False when there is nothing to send
    (already sent, or the order was cancelled). An e-mail that fails raises: nothing is recorded."""
    order = Order.objects.select_related("merchant", "merchant__city", "city", "region").get(pk=order_id)
    if order.confirmation_sent_at is not None or order.status == OrderStatus.CANCELLED:
        return False
    lines = list(OrderLine.objects.filter(order_id=order.pk).select_related("variant__product").order_by("pk"))
    language = order.language or settings.LANGUAGE_CODE
    sent_at = timezone.now()
    order.confirmation_sent_at = sent_at  # the document states the window as it stands once sent
    pdf = confirmation_pdf(order, language=language, lines=lines)
    with translation.override(language), timezone.override(settings.TIME_ZONE):
        context = {"order": order, "merchant": order.merchant, "SITE_NAME": settings.TIJARA_SITE_NAME,
                   "order_url": order_page_url(order, document_language(language)), "time_zone": settings.TIME_ZONE}
        subject = _("Confirmation of your order %(number)s") % {"number": order.number}
        text = render_to_string("orders/email/confirmation.txt", context)
        html = render_to_string("orders/email/confirmation.html", context)
    message = EmailMultiAlternatives(subject, text, settings.DEFAULT_FROM_EMAIL, [order.email])
    message.attach_alternative(html, "text/html")
    message.attach(f"confirmation-{order.number}.pdf", pdf, "application/pdf")
    mail_send(message, purpose="transactional")  # a declared processor only [DP-PROCESSORS]
    with transaction.atomic():
        recorded = Order.objects.filter(pk=order.pk, confirmation_sent_at__isnull=True).update(
            confirmation_sent_at=sent_at, updated_at=timezone.now())
        if not recorded:  # a twin job sent it first: the first sending time stands
            return False
        # The archived contract gets the confirmation in the same transaction as its sending time [EC-ARCHIVE].
        archive_append(merchant_id=order.merchant_id, order_id=order.pk, kind=ContractKind.CONFIRMATION,
                       payload=confirmation_record(order, subject=subject, pdf=pdf, language=language, sent_at=sent_at))
    return True


def confirmation_record(order: Order, *, subject: str, pdf: bytes, language: str, sent_at: dt.datetime) -> dict:
    """What the contract archive keeps of the confirmation: when, to whom, which document (its SHA-256)."""
    return {
        "order_number": order.number, "sent_at": sent_at.isoformat(), "recipient": order.email, "subject": subject,
        "language": document_language(language), "pdf_sha256": hashlib.sha256(pdf).hexdigest(),
        "withdrawal_days": withdrawal_days(order), "terms_version": order.terms_version,
    }


@task()
def order_confirmation(order_id: int) -> None:
    """One job per order; a failure is logged by django-tasks and the shipping hook queues it again."""
    order_confirmation_send(order_id)


def order_confirmation_queue(order_id: int) -> None:
    """Queue the confirmation; call it inside the transaction that moves the order (like the acknowledgement)."""
    backend = task_backends[order_confirmation.backend]
    if isinstance(backend, ImmediateBackend):
        transaction.on_commit(lambda: _enqueue(order_id))
    else:
        _enqueue(order_id)  # durable: the job row commits (or rolls back) with the status change


def _enqueue(order_id: int) -> None:
    result = order_confirmation.enqueue(order_id)
    if result.status == TaskResultStatus.FAILED:  # immediate backend: the order moved, the e-mail is re-sent at shipping
        log.error("confirmation e-mail for order %s failed", order_id)

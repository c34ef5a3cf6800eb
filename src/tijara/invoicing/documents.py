"""Invoice and credit-note PDFs in French or Arabic (core.pdf: the body font, Arabic shaped right to left),
drawn from the document's frozen `content` [TAX-INVOICE] [TAX-CREDIT-NOTE]."""

import datetime as dt
from decimal import Decimal

from django.utils import translation
from django.utils.translation import gettext as _

from tijara.core.i18n import translated
from tijara.core.models import City
from tijara.core.money import format_mad, format_percent
from tijara.core.pdf import BRAND, MUTED, DocumentPdf, pdf_fonts_setup
from tijara.invoicing.models import CreditNote, Invoice
from tijara.orders.models import PaymentMethod

WIDTH = 178


def document_language(requested: str | None) -> str:
    """Invoices and credit notes exist in French and Arabic; any other language gets the French one."""
    return requested if requested in ("fr", "ar") else "fr"


def document_pdf(document: Invoice | CreditNote, *, lang: str = "fr") -> bytes:
    """The document as PDF bytes in `lang` (fr or ar; anything else falls back to French)."""
    lang = document_language(lang)
    with translation.override(lang):
        return _Drawing(document, lang).draw()


def _date(value: str) -> str:
    return dt.date.fromisoformat(value[:10]).strftime("%d/%m/%Y")


class _Drawing:
    def __init__(self, document: Invoice | CreditNote, lang: str):
        self.doc, self.c, self.lang = document, document.content, lang
        self.rtl = lang == "ar"
        self.align, self.end = ("R", "L") if self.rtl else ("L", "R")
        self.credit = isinstance(document, CreditNote)
        pdf = DocumentPdf(format="A4")
        pdf.set_margins(16, 16, 16)
        pdf.set_auto_page_break(True, margin=18)
        pdf_fonts_setup(pdf, lang)
        self.pdf = pdf

    def mad(self, amount: str | Decimal) -> str:
        return format_mad(Decimal(amount), self.lang)

    def line(self, text: str, *, size: float = 9, bold: bool = False, height: float = 5) -> None:
        self.pdf.set_font("body", "B" if bold else "", size)
        self.pdf.multi_cell(WIDTH, height, text, align=self.align, new_x="LMARGIN", new_y="NEXT")

    def heading(self, text: str) -> None:
        self.pdf.heading(text, self.align)

    def row(self, cells: list[tuple[float, str, str]], *, bold: bool = False, fill: bool = False) -> None:
        """Cells (width, text, "start"|"end"), mirrored in Arabic."""
        self.pdf.set_fill_color(238, 242, 240)
        for width, text, side in (cells[::-1] if self.rtl else cells):
            self.pdf.set_font("body", "B" if bold else "", 8.5)
            self.pdf.cell(width, 6, text, align=self.align if side == "start" else self.end, border="B" if fill else 0,
                          fill=fill)
        self.pdf.ln()

    def draw(self) -> bytes:
        pdf, c = self.pdf, self.c
        title = (_("Credit note %(number)s") if self.credit else _("Invoice %(number)s")) % {"number": c["number"]}
        pdf.footer_text = f"{c['store_name']} — {title}"
        pdf.add_page()
        pdf.set_fill_color(*BRAND)
        pdf.rect(0, 0, 210, 26, style="F")
        pdf.set_text_color(255, 255, 255)
        pdf.set_font("body", "B", 15)
        pdf.set_xy(16, 6)
        pdf.cell(WIDTH, 8, title, align=self.align)
        pdf.set_font("body", "", 10)
        pdf.set_xy(16, 15)
        pdf.cell(WIDTH, 6, _("Date of issue: %(date)s — order %(order)s") % {
            "date": _date(c["issued_at"]), "order": c["order_number"]}, align=self.align)
        pdf.set_text_color(0, 0, 0)
        pdf.set_xy(16, 32)

        self.heading(_("Seller"))
        seller = c["seller"].get(self.lang) or c["seller"]["fr"]
        self.line(seller[0], bold=True, size=10)
        for text in seller[1:]:
            self.line(text)
        self.heading(_("Buyer"))
        buyer = c["buyer"]
        self.line(buyer["name"], bold=True, size=10)
        city = City.objects.filter(pk=buyer["city_id"]).first() if buyer.get("city_id") else None
        self.line(", ".join(filter(None, [buyer["address"], translated(city, "name", self.lang) if city else ""])))
        if buyer.get("ice"):
            self.line(_("Buyer's ICE: %(ice)s") % {"ice": buyer["ice"]})

        if self.credit:
            self._credit_body()
        else:
            self._invoice_body()
        self._totals()
        pdf.ln(3)
        method = c["payment_method"]
        label = PaymentMethod(method).label if method in PaymentMethod.values else method
        self.line(_("Payment method: %(method)s") % {"method": label})
        if not self.credit:
            self.line(_("Date of the sale: %(date)s") % {"date": _date(c["operation_date"])})
            if c.get("deliver_by"):
                self.line(_("The seller undertakes to deliver by %(date)s at the latest (law 31-08, art. 12).") % {
                    "date": _date(c["deliver_by"])}, bold=True)
        pdf.set_text_color(*MUTED)
        self.line(_("Amounts in Moroccan dirhams; unit prices include VAT."), size=8)
        return bytes(pdf.output())

    def _invoice_body(self) -> None:
        c = self.c
        self.heading(_("Lines"))
        widths = [74, 16, 30, 22, 36]
        self.row([(widths[0], _("Item"), "start"), (widths[1], _("Qty"), "end"),
                  (widths[2], _("Unit price"), "end"), (widths[3], _("VAT"), "end"),
                  (widths[4], _("Total incl. VAT"), "end")], bold=True, fill=True)
        for ln in c["lines"]:
            name = f"{ln['name']} ({ln['options']})" if ln.get("options") else ln["name"]
            rate = _("exempt") if ln["vat_exempt"] else format_percent(Decimal(ln["vat_rate"]), self.lang)
            self.row([(widths[0], name[:60], "start"), (widths[1], str(ln["quantity"]), "end"),
                      (widths[2], self.mad(ln["unit_price"]), "end"), (widths[3], rate, "end"),
                      (widths[4], self.mad(ln["total"]), "end")])
        shipping = c["shipping"]
        self.row([(sum(widths[:4]), _("Delivery: %(name)s") % {"name": shipping["name"]}, "start"),
                  (widths[4], self.mad(shipping["fee"]), "end")])

    def _credit_body(self) -> None:
        c = self.c
        self.heading(_("Credit"))
        if c.get("reason") == "cancellation":
            self.line(_("Order %(order)s cancelled before payment: invoice %(invoice)s is cancelled.") % {
                "invoice": c["invoice_number"], "order": c["order_number"]})
        else:
            self.line(_("Refund on invoice %(invoice)s of order %(order)s.") % {
                "invoice": c["invoice_number"], "order": c["order_number"]})
        self.line(_("Whole invoice cancelled.") if c.get("full") else _("Part of the invoice cancelled."))

    def _totals(self) -> None:
        c = self.c
        self.heading(_("VAT by rate"))
        widths = [70, 54, 54]
        self.row([(widths[0], _("Rate"), "start"), (widths[1], _("Base excl. VAT"), "end"),
                  (widths[2], _("VAT"), "end")], bold=True, fill=True)
        for row in c["vat"]:
            rate = _("Exempt") if row["exempt"] else format_percent(Decimal(row["rate"]), self.lang)
            self.row([(widths[0], rate, "start"), (widths[1], self.mad(row["base"]), "end"),
                      (widths[2], self.mad(row["vat"]), "end")])
        self.pdf.ln(2)
        for label, amount, bold in ((_("Total excl. VAT"), c["total_ht"], False),
                                    (_("Total VAT"), c["total_vat"], False),
                                    (_("Total credited incl. VAT") if self.credit else _("Total incl. VAT"),
                                     c["total"], True)):
            self.row([(124, label, "start"), (54, self.mad(amount), "end")], bold=bold)

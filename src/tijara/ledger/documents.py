"""What leaves the ledger as files: a payout statement (PDF, French or Arabic) for the store and the platform's
books, and the bank transfer file (CSV) finance staff upload to the bank."""

import csv
import io

from django.utils import timezone, translation
from django.utils.translation import gettext as _
from fpdf import FPDF

from tijara.core.money import format_mad, format_percent
from tijara.core.pdf import BRAND, MUTED, DocumentPdf, pdf_fonts_setup
from tijara.ledger.models import EntryKind, Payout
from tijara.ledger.selectors import Statement

TRANSFER_COLUMNS = ["legal_name", "rib", "amount", "reference", "period"]



def statement_pdf(statement: Statement, *, lang: str = "fr") -> bytes:
    """The payout statement as PDF bytes: the store's identity and RIB, the period's lines and the totals."""
    with translation.override(lang):
        return _draw(statement, lang)


def _draw(st: Statement, lang: str) -> bytes:
    rtl = lang == "ar"
    align = "R" if rtl else "L"
    end = "L" if rtl else "R"
    m, p = st.merchant, st.payout
    pdf = DocumentPdf(format="A4")
    pdf.set_margins(16, 16, 16)
    pdf.set_auto_page_break(True, margin=18)
    pdf_fonts_setup(pdf, lang)
    pdf.footer_text = _("tijara — payout statement %(reference)s") % {"reference": p.reference}
    pdf.add_page()

    pdf.set_fill_color(*BRAND)
    pdf.rect(0, 0, 210, 26, style="F")
    pdf.set_text_color(255, 255, 255)
    pdf.set_font("body", "B", 15)
    pdf.set_xy(16, 6)
    pdf.cell(178, 8, _("Payout statement"), align=align)
    pdf.set_font("body", "", 10)
    pdf.set_xy(16, 15)
    pdf.cell(178, 6, _("Period from %(start)s to %(end)s — reference %(reference)s") % {
        "start": p.period_start.isoformat(), "end": p.period_end.isoformat(), "reference": p.reference}, align=align)
    pdf.set_text_color(0, 0, 0)
    pdf.set_xy(16, 32)

    pdf.set_font("body", "B", 11)
    pdf.cell(178, 6, m.legal_name, align=align, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("body", "", 9)
    for text in (
        m.store_name,
        m.address,
        f"ICE {m.ice} — RC {m.rc_number} ({m.rc_tribunal}) — IF {m.if_number}",
        _("RIB: %(rib)s") % {"rib": m.rib or "—"},
    ):
        pdf.cell(178, 5, text, align=align, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)

    pdf.heading(_("Lines of the period"), align)
    widths = [22, 27, 70, 31, 28]
    headers = [_("Date"), _("Order"), _("Line"), _("Method"), _("Amount")]
    if rtl:
        widths, headers = widths[::-1], headers[::-1]
    pdf.set_font("body", "B", 8.5)
    pdf.set_fill_color(238, 242, 240)
    header_aligns = [align] * 4 + [end]
    if rtl:
        header_aligns = header_aligns[::-1]
    for w, h, a in zip(widths, headers, header_aligns, strict=True):
        pdf.cell(w, 6, h, border="B", align=a, fill=True)
    pdf.ln()
    pdf.set_font("body", "", 8.5)
    for e in st.lines:
        label = e.get_kind_display()
        if e.kind in (EntryKind.COMMISSION, EntryKind.COMMISSION_VAT) and e.rate is not None:
            shown = e.rate * 100 if e.kind == EntryKind.COMMISSION else e.rate
            label = f"{label} ({format_percent(shown, lang)})"
        if not e.owed:
            label = _("%(line)s (store)") % {"line": label}
            pdf.set_text_color(*MUTED)
        cells = [timezone.localtime(e.created_at).date().isoformat(), e.order_number, label, e.method_label,
                 format_mad(e.amount, lang)]
        aligns = [align, align, align, align, end]
        if rtl:
            cells, aligns = cells[::-1], aligns[::-1]
        for w, text, a in zip(widths, cells, aligns, strict=True):
            pdf.cell(w, 5.5, text, align=a)
        pdf.ln()
        pdf.set_text_color(0, 0, 0)
    if not st.lines:
        pdf.cell(178, 6, _("No lines in this period."), align=align, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)

    pdf.heading(_("Totals"), align)
    t = st.totals
    rows = [
        (_("Balance brought forward"), st.brought_forward),
        (_("Card payments collected by the platform"), t.get(EntryKind.CAPTURE, 0)),
        (_("Refunded to buyers"), t.get(EntryKind.REFUND, 0)),
        (_("Commission (excl. VAT)"), t.get(EntryKind.COMMISSION, 0) + t.get(EntryKind.COMMISSION_REVERSAL, 0)),
        (_("VAT on commission"), t.get(EntryKind.COMMISSION_VAT, 0) + t.get(EntryKind.COMMISSION_VAT_REVERSAL, 0)),
        (_("Total of the period"), st.period_total),
    ]
    for label, amount in rows:
        _total_row(pdf, label, amount, lang, rtl, bold=False)
    _total_row(pdf, _("Amount paid out"), p.amount, lang, rtl, bold=True)
    held = t.get(f"{EntryKind.CAPTURE}_merchant", 0) + t.get(f"{EntryKind.REFUND}_merchant", 0)
    if held:
        pdf.ln(2)
        pdf.set_text_color(*MUTED)
        _total_row(pdf, _("Sales collected by the store itself (cash on delivery, transfer), for information"),
                   held, lang, rtl, bold=False)
    pdf.ln(4)
    pdf.set_font("body", "", 8)
    pdf.set_text_color(*MUTED)
    status = (_("Paid on %(date)s, bank reference %(reference)s") % {
        "date": timezone.localtime(p.paid_at).date().isoformat(), "reference": p.bank_reference}
        if p.paid_at else _("To be transferred to the RIB above."))
    for text in (status, _("The platform's commission is a service subject to VAT at the normal rate "
                           "(General Tax Code, arts. 89 and 98).")):
        pdf.multi_cell(178, 4.5, text, align=align, new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def _total_row(pdf: FPDF, label: str, amount, lang: str, rtl: bool, *, bold: bool) -> None:
    pdf.set_font("body", "B" if bold else "", 9.5)
    cells = [(128, label, "R" if rtl else "L"), (50, format_mad(amount, lang), "L" if rtl else "R")]
    for w, text, a in (cells[::-1] if rtl else cells):
        pdf.cell(w, 6, text, align=a)
    pdf.ln()
    pdf.set_text_color(0, 0, 0)


def _safe(text: str) -> str:
    """A cell a spreadsheet would read as a formula is quoted (CSV injection)."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def transfer_csv(payouts: list[Payout]) -> str:
    """One line per payout to transfer: legal name, RIB, amount (dot decimal), our reference, period."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(TRANSFER_COLUMNS)
    for p in payouts:
        writer.writerow([_safe(p.merchant.legal_name), p.merchant.rib, f"{p.amount:.2f}", p.reference,
                         f"{p.period_start.isoformat()}/{p.period_end.isoformat()}"])
    return out.getvalue()




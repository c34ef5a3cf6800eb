"""Printable PDF bulletin for a quarter, a half-year or a year, in the style of a ministry note.

Drawn with fpdf2 primitives (no browser needed): headline figures, a monthly chart, breakdowns
and the methodology paragraph. Arabic is shaped right to left with HarfBuzz (uharfbuzz).
"""

from __future__ import annotations

import datetime as dt

from django.utils import translation
from django.utils.translation import gettext as _
from fpdf import FPDF

from tijara.core.pdf import BRAND, MUTED, DocumentPdf, pdf_fonts_setup

from . import conf, presenters, publishing
from .periods import Period


def _setup(lang: str) -> DocumentPdf:
    pdf = DocumentPdf(format="A4")
    pdf.set_margins(16, 16, 16)
    pdf.set_auto_page_break(True, margin=18)
    pdf_fonts_setup(pdf, lang)
    return pdf


def bulletin_pdf(period: Period, *, lang: str = "fr", store=None) -> bytes:
    """The bulletin of a period as PDF bytes (public figures: secrecy applied)."""
    with translation.override(lang):
        return _build(period, lang, store)


def _build(period: Period, lang: str, store) -> bytes:
    report = publishing.period_report(period, scope="card", store=store)
    series = publishing.open_data_rows(scope="card", store=store, first_year=period.year - 1,
                                       last_month=period.months()[-1])
    rtl = lang == "ar"
    align = "R" if rtl else "L"
    pdf = _setup(lang)
    pdf.footer_text = _("tijara e-commerce observatory")
    pdf.add_page()
    label = presenters.period_label(period, lang)

    pdf.set_fill_color(*BRAND)
    pdf.rect(0, 0, 210, 30, style="F")
    pdf.set_text_color(255, 255, 255)
    pdf.set_font("body", "B", 15)
    pdf.set_xy(16, 7)
    pdf.cell(178, 8, _("National e-commerce observatory"), align=align)
    pdf.set_font("body", "", 11)
    pdf.set_xy(16, 16)
    pdf.cell(178, 7, _("Quarterly note — %(period)s") % {"period": label} if period.kind == "quarter"
             else _("Note — %(period)s") % {"period": label}, align=align)
    pdf.set_text_color(0, 0, 0)
    pdf.set_xy(16, 36)
    pdf.set_font("body", "", 9)
    pdf.set_text_color(*MUTED)
    pdf.cell(178, 5, _("Published on %(date)s") % {"date": dt.date.today().isoformat()}, align=align)
    pdf.ln(8)

    # headline figures
    cards = presenters.headline(report, lang)
    pdf.set_text_color(0, 0, 0)
    y = pdf.get_y()
    order = list(reversed(cards)) if rtl else cards
    for i, card in enumerate(order):
        x = 16 + i * 45
        pdf.set_draw_color(220, 224, 230)
        pdf.rect(x, y, 42, 27)
        pdf.set_xy(x + 2, y + 2)
        pdf.set_font("body", "", 8)
        pdf.set_text_color(*MUTED)
        pdf.multi_cell(38, 4, card["label"], align=align)
        pdf.set_xy(x + 2, y + 11)
        pdf.set_font("body", "B", 14)
        pdf.set_text_color(0, 0, 0)
        pdf.cell(38, 7, card["value"], align=align)
        if card["growth"]:
            pdf.set_xy(x + 2, y + 19)
            pdf.set_font("body", "B", 9)
            pdf.set_text_color(*((31, 122, 77) if card["trend"] == "up" else (192, 57, 43)))
            arrow = "+" if card["trend"] == "up" else ""
            pdf.cell(38, 5, f"{arrow}{card['growth'].lstrip('+')}" if arrow else card["growth"], align=align)
    pdf.set_y(y + 32)
    pdf.set_text_color(0, 0, 0)

    # summary sentence
    pdf.set_font("body", "", 10)
    summary = _("During %(period)s, %(ops)s card payments were made online for %(amount)s MAD "
                "(%(ops_growth)s in number and %(amount_growth)s in value compared with %(previous)s), "
                "with %(merchants)s active e-merchants.") % {
        "period": label, "ops": presenters.fmt_int(report["operations"], lang),
        "amount": presenters.fmt_money(report["amount_mad"], lang),
        "ops_growth": presenters.fmt_pct(report["operations_yoy_pct"], lang, True),
        "amount_growth": presenters.fmt_pct(report["amount_yoy_pct"], lang, True),
        "previous": presenters.period_label(period.previous_year(), lang),
        "merchants": presenters.fmt_int(report["active_merchants"], lang)}
    pdf.multi_cell(178, 5.5, summary, align="R" if rtl else "J")
    pdf.ln(3)

    # monthly chart
    pdf.heading(_("Amount per month (MAD)"), align)
    _month_chart(pdf, series, lang)

    # breakdowns
    for name in ("by_card_origin", "by_payment_method", "by_sector"):
        rows = report.get(name) or []
        if not rows:
            continue
        pdf.heading(presenters.BREAKDOWN_TITLES[name](), align)
        _breakdown(pdf, name, rows, lang, rtl)

    # methodology
    pdf.heading(_("Methodology"), align)
    pdf.set_font("body", "", 8.5)
    pdf.set_text_color(*MUTED)
    for text in (
        _("Scope: %(scope)s.") % {"scope": report["scope"]},
        _("An operation is a successful online payment (later refunds included; failed attempts excluded). "
          "Growth rates compare with the same period a year earlier. Figures are computed from the "
          "transactions reported to the observatory by e-commerce platforms, with no personal data."),
        _("Statistical secrecy: a cell built from fewer than %(min)s e-merchants, or where one e-merchant makes "
          "more than %(share)s %% of it, is not published (s).") % {
            "min": conf.secrecy_min_merchants(), "share": int(conf.secrecy_max_share() * 100)},
        _("Reference series: CMI (interbank switch) figures for affiliated merchant and biller sites, Moroccan "
          "and foreign cards; where published sources disagree, the observatory documents the series it uses."),
    ):
        pdf.multi_cell(178, 4.4, text, align="R" if rtl else "J")
        pdf.ln(1.2)
    return bytes(pdf.output())


def _month_chart(pdf: FPDF, series: list[dict], lang: str) -> None:
    points = [(r["month"], float(r["amount_mad"])) for r in series if r["amount_mad"] != publishing.SUPPRESSED]
    x0, y0, w, h = 30.0, pdf.get_y() + 2, 164.0, 42.0
    if not points:
        pdf.ln(6)
        return
    top = max(v for _, v in points) or 1
    step = w / len(points)
    pdf.set_draw_color(220, 224, 230)
    pdf.set_font("body", "", 6.5)
    pdf.set_text_color(*MUTED)
    for k in range(3):
        yy = y0 + h - h * k / 2
        pdf.line(x0, yy, x0 + w, yy)
        pdf.set_xy(x0 - 14, yy - 2)
        pdf.cell(13, 4, presenters.fmt_compact(top * k / 2, lang), align="R")
    pdf.set_fill_color(*BRAND)
    for i, (month, v) in enumerate(points):
        bh = h * v / top
        pdf.rect(x0 + i * step + step * 0.15, y0 + h - bh, step * 0.7, bh, style="F")
        if month.endswith("-01") or len(points) <= 12 or i == len(points) - 1:
            pdf.set_xy(x0 + i * step - 3, y0 + h + 0.5)
            pdf.cell(step + 6, 4, month, align="C")
    pdf.set_y(y0 + h + 7)
    pdf.set_text_color(0, 0, 0)


def _breakdown(pdf: FPDF, name: str, rows: list[dict], lang: str, rtl: bool) -> None:
    pdf.set_font("body", "", 8.5)
    values = [float(r["amount_mad"]) for r in rows if r["amount_mad"] != publishing.SUPPRESSED]
    top = max(values) if values else 1
    for r in rows:
        if pdf.get_y() > 270:
            pdf.add_page()
        y = pdf.get_y()
        label = presenters.key_label(name, r["key"], lang)
        share = presenters.fmt_pct(r["share_amount_pct"], lang)
        ops = presenters.fmt_int(r["operations"], lang)
        bar = 0 if r["amount_mad"] == publishing.SUPPRESSED else 70 * float(r["amount_mad"]) / top
        pdf.set_fill_color(217, 164, 65)
        if rtl:
            pdf.set_xy(134, y)
            pdf.cell(60, 5, label, align="R")
            if bar:
                pdf.rect(132 - bar, y + 0.8, bar, 3.4, style="F")
            pdf.set_xy(16, y)
            pdf.cell(40, 5, f"{share} · {ops}", align="L")
        else:
            pdf.set_xy(16, y)
            pdf.cell(60, 5, label)
            if bar:
                pdf.rect(78, y + 0.8, bar, 3.4, style="F")
            pdf.set_xy(154, y)
            pdf.cell(40, 5, f"{share} · {ops}", align="R")
        pdf.set_y(y + 5.5)

"""Turn a published report into what a page or a bulletin shows: formatted numbers, labels, charts."""

from __future__ import annotations

from decimal import Decimal

from babel.numbers import format_compact_decimal, format_decimal
from django.conf import settings
from django.utils.translation import gettext as _

from .charts import Bar, hbar_chart, series_chart
from .periods import Period
from .publishing import SUPPRESSED
from .reference import CARD_ORIGIN_LABELS, METHOD_LABELS, SECTOR_LABELS, regions

BREAKDOWN_TITLES = {
    "by_payment_method": lambda: _("By payment method"),
    "by_card_origin": lambda: _("Moroccan and foreign cards"),
    "by_merchant_region": lambda: _("By region of the e-merchant"),
    "by_buyer_region": lambda: _("By region of the buyer"),
    "by_sector": lambda: _("By sector"),
}


def locale_for(lang: str) -> str:
    return getattr(settings, "TIJARA_NUMBER_LOCALES", {}).get(lang, "fr_MA")


def fmt_int(value, lang: str) -> str:
    if value is None:
        return "–"
    if value == SUPPRESSED:
        return SUPPRESSED
    return format_decimal(value, locale=locale_for(lang))


def fmt_money(value, lang: str) -> str:
    if value is None:
        return "–"
    if value == SUPPRESSED:
        return SUPPRESSED
    return format_decimal(value, format="#,##0.00", locale=locale_for(lang))


def fmt_compact(value, lang: str) -> str:
    if value is None:
        return "–"
    if value == SUPPRESSED:
        return SUPPRESSED
    if abs(value) < 10_000:
        return format_decimal(value, format="#,##0", locale=locale_for(lang))
    return format_compact_decimal(value, locale=locale_for(lang), fraction_digits=1)


def fmt_pct(value, lang: str, signed: bool = False) -> str:
    if value is None:
        return "–"
    if value == SUPPRESSED:
        return SUPPRESSED
    text = format_decimal(abs(value) if signed else value, format="0.0", locale=locale_for(lang))
    sign = ("+" if value > 0 else "−" if value < 0 else "") if signed else ""
    out = f"{sign}{text} %"
    return f"\u200e{out}\u200e" if lang == "ar" else out  # keep "+81,7 %" in order inside Arabic text


def trend(value) -> str:
    """up / down / flat / none: drives the growth arrow."""
    if value is None or value == SUPPRESSED:
        return "none"
    return "up" if value > 0 else "down" if value < 0 else "flat"


def key_label(breakdown: str, key: str, lang: str) -> str:
    if breakdown == "by_payment_method":
        return str(METHOD_LABELS.get(key, key))
    if breakdown == "by_card_origin":
        return str(CARD_ORIGIN_LABELS.get(key, key))
    if breakdown == "by_sector":
        return str(SECTOR_LABELS.get(key, key))
    if breakdown in ("by_merchant_region", "by_buyer_region"):
        if key == "abroad":
            return _("Abroad")
        region = regions().get(int(key))
        return region.name(lang) if region else key
    return key


def period_label(period: Period, lang: str) -> str:
    from babel.dates import format_date

    if period.kind == "year":
        return str(period.year)
    if period.kind == "half":
        return _("H%(n)s %(year)s") % {"n": (period.first_month + 5) // 6, "year": period.year}
    if period.kind == "quarter":
        return _("Q%(n)s %(year)s") % {"n": (period.first_month + 2) // 3, "year": period.year}
    if period.kind == "ytd":
        return _("January to %(month)s %(year)s") % {
            "month": format_date(period.end, "MMMM", locale=locale_for(lang)), "year": period.year}
    return format_date(period.start, "MMMM y", locale=locale_for(lang))


def headline(report: dict, lang: str) -> list[dict]:
    """The headline figures with their growth arrows."""
    return [
        {"label": _("Operations"), "value": fmt_compact(report["operations"], lang),
         "exact": fmt_int(report["operations"], lang), "growth": fmt_pct(report["operations_yoy_pct"], lang, True),
         "trend": trend(report["operations_yoy_pct"])},
        {"label": _("Amount (MAD)"), "value": fmt_compact(report["amount_mad"], lang),
         "exact": fmt_money(report["amount_mad"], lang), "growth": fmt_pct(report["amount_yoy_pct"], lang, True),
         "trend": trend(report["amount_yoy_pct"])},
        {"label": _("Active e-merchants"), "value": fmt_int(report["active_merchants"], lang), "exact": "",
         "growth": "", "trend": "none"},
        {"label": _("Average basket (MAD)"), "value": fmt_money(report["average_basket_mad"], lang), "exact": "",
         "growth": "", "trend": "none"},
    ]


def secondary(report: dict, lang: str) -> list[tuple[str, str]]:
    return [
        (_("Validated e-merchants, new in the period"), fmt_int(report["new_merchants"], lang)),
        (_("Validated e-merchants, cumulative"), fmt_int(report["validated_merchants"], lang)),
        (_("Refund rate"), fmt_pct(report["refund_rate_pct"], lang)),
        (_("Cross-border share"), fmt_pct(report["cross_border_share_pct"], lang)),
    ]


def _amount_key(row: dict) -> Decimal:
    return Decimal(-1) if row["amount_mad"] == SUPPRESSED else row["amount_mad"]


def breakdown_tables(report: dict, lang: str) -> list[dict]:
    tables = []
    for name, title in BREAKDOWN_TITLES.items():
        rows = report.get(name) or []
        if not rows:
            continue
        tables.append({
            "name": name,
            "title": title(),
            "rows": [{
                "label": key_label(name, r["key"], lang),
                "operations": fmt_int(r["operations"], lang),
                "share_operations": fmt_pct(r["share_operations_pct"], lang),
                "amount": fmt_money(r["amount_mad"], lang),
                "share_amount": fmt_pct(r["share_amount_pct"], lang),
                "merchants": fmt_int(r["merchants"], lang),
                "suppressed": r["operations"] == SUPPRESSED,
            } for r in rows],
            "chart": hbar_chart([
                Bar(key_label(name, r["key"], lang),
                    None if r["amount_mad"] == SUPPRESSED else float(r["amount_mad"]),
                    fmt_pct(r["share_amount_pct"], lang) if r["amount_mad"] != SUPPRESSED else SUPPRESSED)
                for r in sorted(rows, key=_amount_key, reverse=True)],
                title=_("%(table)s, by amount") % {"table": title()}, rtl=lang == "ar"),
        })
    return tables


def series_charts(series: list[dict], lang: str) -> list[dict]:
    points_ops = [(r["month"], float(r["operations"])) for r in series if r["operations"] != SUPPRESSED]
    points_amt = [(r["month"], float(r["amount_mad"])) for r in series if r["amount_mad"] != SUPPRESSED]
    return [
        {"title": _("Operations per month"),
         "svg": series_chart(points_ops, title=_("Operations per month"), value_format=lambda v: fmt_compact(v, lang))},
        {"title": _("Amount per month (MAD)"),
         "svg": series_chart(points_amt, title=_("Amount per month (MAD)"), kind="line", color="#d9a441",
                             value_format=lambda v: fmt_compact(Decimal(str(round(v))), lang))},
    ]


def cod_region_rows(report: dict, lang: str) -> list[dict]:
    """The COD-by-region table of a period (publishing.cod_region_report), labelled and formatted."""
    names = regions()
    return [{"label": names[r["key"]].name(lang) if r["key"] in names else str(r["key"]),
             "cod_share": fmt_pct(r["cod_share_pct"], lang), "refusal_rate": fmt_pct(r["refusal_rate_pct"], lang),
             "merchants": fmt_int(r["merchants"], lang), "suppressed": r["refusal_rate_pct"] == SUPPRESSED}
            for r in report["regions"]]

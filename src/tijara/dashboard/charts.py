"""Inline SVG charts built in Python: no JavaScript library, no network. Direction-neutral shapes."""

from decimal import Decimal
from xml.sax.saxutils import escape

from django.utils.translation import gettext as _

from tijara.orders.selectors import SalesOverview


def bar_chart(points: list[tuple[str, Decimal | int]], *, title: str, width: int = 640, height: int = 160) -> str:
    """A bar per point (label, value), with the label and value in each bar's <title> for screen readers."""
    values = [float(v) for _label, v in points] or [0.0]
    top = max(values) or 1.0
    n = max(len(points), 1)
    slot = width / n
    bars = []
    for i, (label, value) in enumerate(points):
        h = (float(value) / top) * (height - 20)
        x = i * slot + slot * 0.1
        bars.append(
            f'<rect x="{x:.1f}" y="{height - h:.1f}" width="{slot * 0.8:.1f}" height="{h:.1f}" class="bar">'
            f"<title>{escape(str(label))}: {escape(str(value))}</title></rect>"
        )
    return (
        f'<svg class="chart" viewBox="0 0 {width} {height}" role="img" aria-label="{escape(title)}" '
        f'preserveAspectRatio="none" xmlns="http://www.w3.org/2000/svg">{"".join(bars)}'
        f'<line x1="0" y1="{height}" x2="{width}" y2="{height}" class="axis"/></svg>'
    )


def share_bar(parts: list[tuple[str, Decimal | int, str]], *, title: str, width: int = 640, height: int = 24) -> str:
    """One horizontal bar split into shares (label, value, css class), e.g. COD versus card."""
    total = sum(float(v) for _label, v, _cls in parts) or 1.0
    x, rects = 0.0, []
    for label, value, css in parts:
        w = float(value) / total * width
        rects.append(f'<rect x="{x:.1f}" y="0" width="{w:.1f}" height="{height}" class="{css}">'
                     f"<title>{escape(str(label))}: {float(value) / total:.0%}</title></rect>")
        x += w
    return (f'<svg class="chart share" viewBox="0 0 {width} {height}" role="img" aria-label="{escape(title)}" '
            f'preserveAspectRatio="none" xmlns="http://www.w3.org/2000/svg">{"".join(rects)}</svg>')


def sales_charts(overview: SalesOverview) -> dict:
    """The home page's sales figures and charts, labelled in the page's language."""
    days = [d.isoformat() for d in overview.dates]
    return {
        "days": overview.days,
        "sales": {"revenue": overview.revenue, "orders": overview.orders,
                  "cod_share": overview.cod_share, "card_share": overview.card_share},
        "revenue_chart": bar_chart(list(zip(days, overview.revenue_per_day, strict=True)),
                                   title=_("Revenue per day")),
        "orders_chart": bar_chart(list(zip(days, overview.orders_per_day, strict=True)), title=_("Orders per day")),
        "share_chart": share_bar([(_("Cash on delivery"), overview.cod_revenue, "pay-cod"),
                                  (_("Card"), overview.revenue - overview.cod_revenue, "pay-card")],
                                 title=_("Cash on delivery versus card")),
        "top_products": overview.top_products,
    }


def delivery_charts(figures) -> dict:
    """Cash-on-delivery outcomes (remittances.figures): one bar per city, carrier and week, split into delivered,
    refused at the door, and returned or lost; the rates beside it in the table."""
    def bars(rows, what: str) -> list:
        for row in rows:
            row.chart = share_bar([(_("Delivered"), row.delivered, "out-delivered"),
                                   (_("Refused at the door"), row.refused, "out-refused"),
                                   (_("Returned or lost"), row.other, "out-other")],
                                  title=f"{what} {row.label}", height=16)
        return rows

    return {"delivery": figures,
            "delivery_tables": [(_("Per city"), bars(figures.by_city, _("City")), "city"),
                                (_("Per carrier"), bars(figures.by_carrier, _("Carrier")), "carrier"),
                                (_("Per week"), bars(figures.by_week, _("Week of")), "week")]}

"""Server-rendered inline SVG charts: no JavaScript library, no network, readable in print.

Labels are escaped; numbers come formatted by the caller (so each language keeps its own format).
Horizontal bar charts mirror for right-to-left pages; time runs left to right in every language.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from html import escape

PALETTE = ("#0f6e5a", "#d9a441", "#2b6cb0", "#c0392b", "#6b46c1", "#2f855a", "#b7791f", "#4a5568", "#97266d",
           "#319795", "#744210", "#1a365d", "#9c4221")


@dataclass(frozen=True)
class Bar:
    label: str
    value: float | None  # None = suppressed ("s")
    text: str  # formatted value shown next to the bar


def hbar_chart(bars: Sequence[Bar], *, title: str, rtl: bool = False, width: int = 520) -> str:
    """Horizontal bars, largest first; suppressed cells drawn as an empty row marked "s"."""
    row, label_w, pad = 26, 190, 8
    height = row * len(bars) + 34
    values = [b.value for b in bars if b.value is not None]
    top = max(values) if values else 1
    plot_w = width - label_w - 90
    # positions are physical (left/right): the SVG is laid out left to right even on Arabic pages
    parts = [f'<svg class="chart hbar" role="img" aria-label="{escape(title)}" viewBox="0 0 {width} {height}" '
             f'width="100%" direction="ltr" style="direction:ltr" xmlns="http://www.w3.org/2000/svg">'
             f'<title>{escape(title)}</title>']
    for i, b in enumerate(bars):
        y = 24 + i * row
        w = 0 if b.value is None or top <= 0 else max(1.0, plot_w * b.value / top)
        color = PALETTE[i % len(PALETTE)]
        if rtl:
            label_x, anchor_label = width - pad, "end"
            bar_x = width - label_w - w
            text_x, anchor_text = bar_x - 6, "end"
        else:
            label_x, anchor_label = pad, "start"
            bar_x = label_w
            text_x, anchor_text = label_w + w + 6, "start"
        parts.append(f'<text x="{label_x}" y="{y + 13}" text-anchor="{anchor_label}" class="lbl">{escape(b.label)}</text>')
        if b.value is not None:
            parts.append(f'<rect x="{bar_x:.1f}" y="{y}" width="{w:.1f}" height="{row - 8}" rx="3" fill="{color}"/>')
        parts.append(f'<text x="{text_x:.1f}" y="{y + 13}" text-anchor="{anchor_text}" class="val">{escape(b.text)}</text>')
    parts.append("</svg>")
    return "".join(parts)


def series_chart(points: Sequence[tuple[str, float]], *, title: str, value_format: Callable[[float], str],
                 kind: str = "bar", width: int = 720, height: int = 240, color: str = "#0f6e5a") -> str:
    """Monthly series as bars (or a line) with a light grid, January ticks and the last value."""
    left, right, top_pad, bottom = 70, 16, 16, 30
    parts = [f'<svg class="chart series" role="img" aria-label="{escape(title)}" viewBox="0 0 {width} {height}" '
             f'width="100%" direction="ltr" style="direction:ltr" xmlns="http://www.w3.org/2000/svg">'
             f'<title>{escape(title)}</title>']
    if not points:
        parts.append(f'<text x="{width / 2}" y="{height / 2}" text-anchor="middle" class="lbl">–</text></svg>')
        return "".join(parts)
    top = max(v for _, v in points) or 1
    plot_w, plot_h = width - left - right, height - top_pad - bottom
    step = plot_w / len(points)
    for k in range(5):
        v = top * k / 4
        y = top_pad + plot_h - plot_h * k / 4
        parts.append(f'<line x1="{left}" x2="{width - right}" y1="{y:.1f}" y2="{y:.1f}" class="grid"/>')
        parts.append(f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end" class="tick">{escape(value_format(v))}</text>')
    coords = []
    for i, (label, v) in enumerate(points):
        x = left + i * step
        h = plot_h * v / top
        if kind == "bar":
            parts.append(f'<rect x="{x + step * 0.12:.1f}" y="{top_pad + plot_h - h:.1f}" width="{step * 0.76:.1f}" '
                         f'height="{h:.1f}" fill="{color}"><title>{escape(label)}: {escape(value_format(v))}</title></rect>')
        coords.append(f"{x + step / 2:.1f},{top_pad + plot_h - h:.1f}")
        if label.endswith("-01") or len(points) <= 12:
            tick = label[:4] if len(points) > 12 else label[5:]
            parts.append(f'<text x="{x + step / 2:.1f}" y="{height - 10}" text-anchor="middle" class="tick">{tick}</text>')
    if kind == "line":
        parts.append(f'<polyline points="{" ".join(coords)}" fill="none" stroke="{color}" stroke-width="2.5"/>')
    parts.append("</svg>")
    return "".join(parts)

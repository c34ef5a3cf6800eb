"""Fonts for PDFs drawn with fpdf2: a Unicode body font, Arabic as fallback, and right-to-left shaping with
HarfBuzz (uharfbuzz) for Arabic documents. Shared by the observatory bulletin and payout statements."""

from pathlib import Path

from fpdf import FPDF

FONT_DIRS = [Path("/usr/share/fonts/truetype/noto"), Path("/usr/share/fonts/truetype/dejavu")]


def find_font(*names: str) -> Path | None:
    for d in FONT_DIRS:
        for n in names:
            if (d / n).exists():
                return d / n
    return None


def pdf_fonts_setup(pdf: FPDF, lang: str) -> None:
    """Register the "body" family (regular and bold), Arabic glyphs as fallback, and RTL shaping for Arabic."""
    regular = find_font("NotoSans-Regular.ttf", "DejaVuSans.ttf")
    bold = find_font("NotoSans-Bold.ttf", "DejaVuSans-Bold.ttf")
    if regular is None:
        raise RuntimeError("no TrueType font found: install fonts-noto-core")
    pdf.add_font("body", "", str(regular))
    pdf.add_font("body", "B", str(bold or regular))
    arabic = find_font("NotoNaskhArabic-Regular.ttf", "NotoSansArabic-Regular.ttf")
    arabic_bold = find_font("NotoNaskhArabic-Bold.ttf", "NotoSansArabic-Bold.ttf")
    if arabic:
        pdf.add_font("arabic", "", str(arabic))
        pdf.add_font("arabic", "B", str(arabic_bold or arabic))
        pdf.set_fallback_fonts(["arabic"], exact_match=False)
    if lang == "ar":
        try:
            pdf.set_text_shaping(use_shaping_engine=True, direction="rtl", script="arab", language="ara")
        except (ImportError, ModuleNotFoundError) as exc:
            raise RuntimeError("Arabic documents need the uharfbuzz package") from exc

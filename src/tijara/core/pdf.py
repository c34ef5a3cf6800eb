"""Fonts for PDFs drawn with fpdf2: a Unicode body font, Arabic as fallback, and right-to-left shaping with
HarfBuzz (uharfbuzz) for Arabic documents. Shared by the observatory bulletin and payout statements."""

from functools import cache
from pathlib import Path

from fpdf import FPDF

FONT_DIRS = [Path("/usr/share/fonts/truetype/noto"), Path("/usr/share/fonts/truetype/dejavu")]


@cache  # the fonts installed do not change while the process runs
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


BRAND = (15, 110, 90)  # tijara's green, for headings
MUTED = (91, 100, 116)  # grey, for footers and notes


class DocumentPdf(FPDF):
    """A4 document with a centred footer "<footer_text> — page/pages" in the body font (set up by
    `pdf_fonts_setup`); every PDF tijara produces (bulletin, statements, invoices, confirmations) uses it."""

    footer_text = ""

    def footer(self):
        self.set_y(-14)
        self.set_font("body", size=8)
        self.set_text_color(*MUTED)
        self.cell(0, 6, f"{self.footer_text} — {self.page_no()}/{{nb}}", align="C")

    def set_font(self, family: str | None = None, style: str = "", size: float = 0) -> None:
        """Select a font, and always write the body font to the page when it is asked for.

        In a right-to-left line fpdf2 leaves the page on the Arabic fallback font when the line's last fragment
        used it, while still taking the body font as current: the next line's Latin letters and digits would be
        drawn with the Arabic font's glyph ids (garbage on screen and in extracted text). Selecting the fallback
        first makes fpdf2 write the body font again, in every document, whichever code draws it."""
        if family == "body" and "arabic" in self.fonts:
            super().set_font("arabic", style, size)
        super().set_font(family, style, size)

    def heading(self, text: str, align: str) -> None:
        """A section heading in the brand colour, on a new page when too close to the bottom."""
        if self.get_y() > 250:
            self.add_page()
        self.ln(2)
        self.set_font("body", "B", 11)
        self.set_text_color(*BRAND)
        self.cell(178, 7, text, align=align, new_x="LMARGIN", new_y="NEXT")
        self.set_text_color(0, 0, 0)

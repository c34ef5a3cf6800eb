"""The terms of sale as a PDF: the published text of one version, line for line as hashed, in French or Arabic
(English when published); in Arabic, Latin runs (phones, e-mails, addresses) are isolated for display [CP-TERMS]."""

import re

from django.utils import translation
from django.utils.translation import gettext as _

from tijara.core.pdf import BRAND, MUTED, DocumentPdf, pdf_fonts_setup
from tijara.legal.models import TermsVersion

HEADING = re.compile(r"^(Article|المادة) \d{1,2} — \S")


def terms_blocks(text: str) -> list[tuple[str, str]]:
    """The text cut into ("title" | "heading" | "line", text) blocks: the page and the PDF show the same cuts."""
    blocks: list[tuple[str, str]] = []
    for i, line in enumerate(text.splitlines()):
        if not line.strip():
            continue
        kind = "title" if i == 0 else "heading" if HEADING.match(line) else "line"
        blocks.append((kind, line))
    return blocks


# Runs of Latin letters, digits, "+", "@" and the like inside Arabic text: phones, e-mails, addresses, numbers.
LTR_RUN = re.compile(r"[+]?[0-9A-Za-zÀ-ÿ][0-9A-Za-zÀ-ÿ@._/'+-]*(?:,? \(?[0-9A-Za-zÀ-ÿ+][0-9A-Za-zÀ-ÿ@._/'+)-]*)*")


def _ltr_run(text: str) -> str:
    """The run without the sentence's punctuation at its end (a final period or an unopened parenthesis)."""
    while text and (text[-1] in ".,:;" or (text[-1] == ")" and text.count(")") > text.count("("))):
        text = text[:-1]
    return text


def bidi_segments(line: str, *, rtl: bool) -> list[tuple[str, bool]]:
    """(text, left-to-right?) pieces of a line: in Arabic, the Latin runs are isolated so that a phone number
    keeps its "+" in front and an address its word order."""
    if not rtl:
        return [(line, False)]
    pieces, at = [], 0
    for match in LTR_RUN.finditer(line):
        run = _ltr_run(match.group(0))
        if not run:
            continue
        if match.start() > at:
            pieces.append((line[at:match.start()], False))
        pieces.append((run, True))
        at = match.start() + len(run)
    if at < len(line):
        pieces.append((line[at:], False))
    return pieces


def terms_pdf(version: TermsVersion, *, lang: str) -> bytes:
    """PDF bytes of `version` in `lang`; the footer gives the version and the text's SHA-256."""
    with translation.override(lang):
        return _draw(version, lang)


def _draw(version: TermsVersion, lang: str) -> bytes:
    language = lang if getattr(version, f"text_{lang}", "") else "fr"
    align = "R" if language == "ar" else "L"
    pdf = DocumentPdf(format="A4")
    pdf.set_margins(16, 16, 16)
    pdf.set_auto_page_break(True, margin=20)
    pdf_fonts_setup(pdf, language)
    pdf.footer_text = _("Terms of sale, version %(number)s") % {"number": version.number}
    pdf.add_page()
    for kind, line in terms_blocks(version.text(language)):
        if language == "ar":  # isolate Latin runs (LRI … PDI) so a phone keeps its "+" in front
            line = "".join(f"\u2066{text}\u2069" if ltr else text for text, ltr in bidi_segments(line, rtl=True))
        if kind == "title":
            pdf.set_font("body", "B", 14)
            pdf.set_text_color(*BRAND)
            pdf.multi_cell(178, 7, line, align=align, new_x="LMARGIN", new_y="NEXT")
            pdf.set_text_color(0, 0, 0)
        elif kind == "heading":
            pdf.heading(line, align)
        else:
            pdf.set_font("body", "", 9.5)
            pdf.multi_cell(178, 5, line, align=align, new_x="LMARGIN", new_y="NEXT")
            pdf.ln(1)
    pdf.ln(4)
    pdf.set_font("body", "", 7.5)
    pdf.set_text_color(*MUTED)
    pdf.multi_cell(178, 4, "SHA-256: " + version.sha256(language), align="L", new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())

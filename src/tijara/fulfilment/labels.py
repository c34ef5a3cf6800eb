"""The printable shipping label: an A6 page with sender, recipient, the cash to collect and a Code 39 barcode of
the tracking number [COD-SHIPMENT]."""

from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from tijara.core.pdf import DocumentPdf, pdf_fonts_setup
from tijara.fulfilment.models import Shipment
from tijara.orders.models import PaymentMethod

WIDTH = 93  # A6 (105 mm) less 6 mm margins


def shipment_label_pdf(shipment: Shipment, *, language: str) -> bytes:
    """The label as PDF bytes in French or Arabic (Arabic shaped right to left)."""
    lang = "ar" if language == "ar" else "fr"
    with translation.override(lang), timezone.override(settings.TIME_ZONE):
        return _draw(shipment, lang)


def _draw(shipment: Shipment, lang: str) -> bytes:
    order = shipment.order
    align = "R" if lang == "ar" else "L"
    pdf = DocumentPdf(format=(105, 148))  # A6
    pdf.set_margins(6, 6, 6)
    pdf.set_auto_page_break(False)
    pdf_fonts_setup(pdf, lang)
    pdf.footer_text = order.number
    pdf.add_page()

    def line(text: str, size: float = 9, style: str = "", height: float = 4.6) -> None:
        pdf.set_font("body", style, size)
        latin = lang == "ar" and not any("\u0600" <= ch <= "\u06ff" for ch in text)
        if latin:  # a Latin name, address or number keeps its own left-to-right order on an Arabic label
            pdf.set_text_shaping(use_shaping_engine=True, direction="ltr", script="latn", language="fra")
        pdf.multi_cell(WIDTH, height, text, align=align, new_x="LMARGIN", new_y="NEXT")
        if latin:
            pdf.set_text_shaping(use_shaping_engine=True, direction="rtl", script="arab", language="ara")

    line(f"{shipment.carrier.name}", 11, "B", 6)
    line(_("Tracking number: %(number)s") % {"number": shipment.tracking_number}, 9)
    # Code 39 takes upper-case letters, digits, "-" and "."; start and stop characters are "*". Each character is
    # 3 wide and 7 narrow elements (narrow = wide / 3): the wide bar is as broad as the label allows, up to 1.2 mm
    # (a 0.4 mm narrow bar, easy for a carrier's scanner).
    code = f"*{shipment.tracking_number}*"
    wide = min(1.2, (WIDTH - 4) / (len(code) * 16 / 3))
    bars_width = len(code) * 16 / 3 * wide
    pdf.code39(code, x=6 + (WIDTH - bars_width) / 2, y=pdf.get_y() + 1, w=wide, h=14)
    pdf.set_y(pdf.get_y() + 17)
    line(shipment.tracking_number, 8)
    pdf.ln(1)
    line(_("Recipient"), 8, "B")
    line(order.full_name, 11, "B", 5.5)
    line(order.address_line)
    line(order.city.tr("name") if hasattr(order.city, "tr") else str(order.city))
    line(order.phone)
    pdf.ln(1)
    line(_("Sender"), 8, "B")
    line(order.merchant_legal_name)
    line(order.merchant_address)
    pdf.ln(1.5)
    if order.payment_method == PaymentMethod.COD:
        line(_("Cash to collect: %(amount)s MAD") % {"amount": order.total}, 12, "B", 6)
    else:
        line(_("Already paid: collect nothing"), 11, "B", 6)
    line(_("Order %(number)s") % {"number": order.number}, 8)
    return bytes(pdf.output())

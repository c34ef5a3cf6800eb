"""The buyer's e-mails of the after-sale domain, in the order's language."""

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from tijara.aftersale.models import RefundDue, Withdrawal
from tijara.core.mail import mail_send
from tijara.orders.models import OrderLine
from tijara.orders.tracking import order_link


def _order_url(order) -> str:
    """The signed link to the order (a guest opens it in any browser) or the buyer's account page."""
    return order_link(order)


def withdrawal_acknowledgement_send(withdrawal_id: int) -> None:
    """The acknowledgement of a withdrawal [CP-WITHDRAWAL-FORM]: what was withdrawn, the amount and its last day."""
    withdrawal = Withdrawal.objects.select_related("order", "order__merchant").get(pk=withdrawal_id)
    order = withdrawal.order
    due = RefundDue.objects.filter(withdrawal_id=withdrawal.pk).first()
    lines = list(withdrawal.lines.select_related("order_line"))
    with translation.override(withdrawal.language or order.language or settings.LANGUAGE_CODE), \
            timezone.override(settings.TIME_ZONE):
        context = {"withdrawal": withdrawal, "order": order, "lines": lines, "due": due,
                   "merchant": order.merchant, "order_url": _order_url(order), "SITE_NAME": settings.TIJARA_SITE_NAME}
        subject = _("Your withdrawal from order %(number)s is recorded") % {"number": order.number}
        body = render_to_string("aftersale/email/withdrawal_acknowledgement.txt", context)
    mail_send(EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [order.email]), purpose="transactional")


def line_unavailable_send(line_id: int) -> None:
    """Tell the buyer an item is unavailable and cancelled [CP-DELIVERY-UNAVAILABLE]."""
    line = OrderLine.objects.select_related("order", "order__merchant").get(pk=line_id)
    order = line.order
    due = RefundDue.objects.filter(order_line_id=line.pk).first()
    with translation.override(order.language or settings.LANGUAGE_CODE), timezone.override(settings.TIME_ZONE):
        context = {"line": line, "order": order, "due": due, "merchant": order.merchant,
                   "order_url": _order_url(order), "SITE_NAME": settings.TIJARA_SITE_NAME}
        subject = _("An item of your order %(number)s is unavailable") % {"number": order.number}
        body = render_to_string("aftersale/email/line_unavailable.txt", context)
    mail_send(EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [order.email]), purpose="transactional")

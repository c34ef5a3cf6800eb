"""The acknowledgement e-mail sent right after the order is accepted (DOC 65-5, R7)."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from tijara.orders.models import Order, OrderLine


def order_acknowledgement_send(order_id: int) -> None:
    order = Order.objects.select_related("merchant", "city", "region").get(pk=order_id)
    lines = list(OrderLine.objects.filter(order_id=order.pk).order_by("pk"))
    with translation.override(order.language or settings.LANGUAGE_CODE):
        context = {"order": order, "lines": lines, "merchant": order.merchant, "SITE_NAME": settings.TIJARA_SITE_NAME}
        subject = _("Your order %(number)s is placed") % {"number": order.number}
        text = render_to_string("orders/email/acknowledgement.txt", context)
        html = render_to_string("orders/email/acknowledgement.html", context)
    message = EmailMultiAlternatives(subject, text, settings.DEFAULT_FROM_EMAIL, [order.email])
    message.attach_alternative(html, "text/html")
    message.send(fail_silently=False)

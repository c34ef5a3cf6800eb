"""The acknowledgement e-mail sent right after the order is accepted (DOC art. 65-5) [EC-ACK].

It is a django-tasks job, so rendering and sending happen outside the confirmation request. With a
durable backend (django_tasks_db's DatabaseBackend) the job row is written inside the confirmation
transaction: an order is never committed without its e-mail job, nor a job without its order, and a
worker (`tijara db_worker`) sends it. With the immediate backend (the default: demo, tests) the e-mail
is sent in-process right after commit, as before.
"""

import logging

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tasks import TaskResultStatus, task, task_backends
from django_tasks.backends.immediate import ImmediateBackend

from tijara.core.mail import mail_send
from tijara.orders.archiving import acknowledgement_archive
from tijara.orders.models import Order, OrderLine

log = logging.getLogger(__name__)


def order_acknowledgement_send(order_id: int) -> None:
    order = Order.objects.select_related("merchant", "city", "region").get(pk=order_id)
    lines = list(OrderLine.objects.filter(order_id=order.pk).order_by("pk"))
    # The customer's language; the date and time of the order in Morocco's time, whatever zone this process is in.
    with translation.override(order.language or settings.LANGUAGE_CODE), timezone.override(settings.TIME_ZONE):
        context = {"order": order, "lines": lines, "merchant": order.merchant, "SITE_NAME": settings.TIJARA_SITE_NAME,
                   "time_zone": settings.TIME_ZONE}
        subject = _("Your order %(number)s is placed") % {"number": order.number}
        text = render_to_string("orders/email/acknowledgement.txt", context)
        html = render_to_string("orders/email/acknowledgement.html", context)
    message = EmailMultiAlternatives(subject, text, settings.DEFAULT_FROM_EMAIL, [order.email])
    message.attach_alternative(html, "text/html")
    mail_send(message, purpose="transactional")  # a declared processor only [DP-PROCESSORS]
    with transaction.atomic():  # what was sent, to whom and when joins the signed contract [EC-ARCHIVE]
        acknowledgement_archive(order=order, subject=subject, recipient=order.email, body_text=text)


@task()
def order_acknowledgement(order_id: int) -> None:
    """One job per order, so a failed e-mail can be re-sent alone (the failure is logged by django-tasks)."""
    order_acknowledgement_send(order_id)


def order_acknowledgements_queue(order_ids: list[int]) -> None:
    """Queue the acknowledgement of each order; call it inside the transaction that writes the orders."""
    backend = task_backends[order_acknowledgement.backend]
    if isinstance(backend, ImmediateBackend):
        # Runs the job at enqueue time: only once the orders are committed.
        transaction.on_commit(lambda: _enqueue(order_ids))
    else:
        _enqueue(order_ids)  # durable: the job rows commit (or roll back) with the orders


def _enqueue(order_ids: list[int]) -> None:
    for order_id in order_ids:
        result = order_acknowledgement.enqueue(order_id)
        if result.status == TaskResultStatus.FAILED:  # immediate backend: the order stands, the e-mail can be re-sent
            log.error("acknowledgement e-mail for order %s failed", order_id)

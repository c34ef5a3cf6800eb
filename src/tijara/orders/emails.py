"""The buyer's e-mails of an order: the acknowledgement sent right after the order is accepted (DOC art. 65-5)
[EC-ACK], and the news that it has shipped (carrier and tracking number when known) or was delivered. Each one
carries the signed link to the order's page (`orders.tracking`), so a guest can follow the order anywhere.

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
from tijara.orders.models import Order, OrderLine, OrderStatus
from tijara.orders.rules import withdrawal_last_day
from tijara.orders.tracking import order_link

log = logging.getLogger(__name__)


def order_acknowledgement_send(order_id: int) -> None:
    order = Order.objects.select_related("merchant", "city", "region").get(pk=order_id)
    lines = list(OrderLine.objects.filter(order_id=order.pk).order_by("pk"))
    # The customer's language; the date and time of the order in Morocco's time, whatever zone this process is in.
    with translation.override(order.language or settings.LANGUAGE_CODE), timezone.override(settings.TIME_ZONE):
        context = {"order": order, "lines": lines, "merchant": order.merchant, "SITE_NAME": settings.TIJARA_SITE_NAME,
                   "time_zone": settings.TIME_ZONE, "order_url": order_link(order)}
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


# --- Shipped and delivered ---------------------------------------------------------------------------

STATUS_EMAILS = (OrderStatus.SHIPPED, OrderStatus.DELIVERED)


def order_status_email_send(order_id: int, status: str, carrier: str = "", tracking_number: str = "") -> bool:
    """Tell the buyer, in the order's language, that the order has shipped or was delivered; False when the
    order has moved on to another status since (a cancelled parcel gets no "on its way" message)."""
    order = Order.objects.select_related("merchant").get(pk=order_id)
    if status not in STATUS_EMAILS or (order.status == OrderStatus.CANCELLED):
        return False
    with translation.override(order.language or settings.LANGUAGE_CODE), timezone.override(settings.TIME_ZONE):
        context = {"order": order, "merchant": order.merchant, "carrier": carrier, "tracking_number": tracking_number,
                   "order_url": order_link(order), "SITE_NAME": settings.TIJARA_SITE_NAME,
                   "withdrawal_last_day": withdrawal_last_day(order) if status == OrderStatus.DELIVERED else None}
        if status == OrderStatus.SHIPPED:
            subject = _("Your order %(number)s is on its way") % {"number": order.number}
        else:
            subject = _("Your order %(number)s was delivered") % {"number": order.number}
        text = render_to_string(f"orders/email/{status}.txt", context)
        html = render_to_string(f"orders/email/{status}.html", context)
    message = EmailMultiAlternatives(subject, text, settings.DEFAULT_FROM_EMAIL, [order.email])
    message.attach_alternative(html, "text/html")
    mail_send(message, purpose="transactional")  # a declared processor only [DP-PROCESSORS]
    return True


@task()
def order_status_email(order_id: int, status: str, carrier: str = "", tracking_number: str = "") -> None:
    """One job per order and status, sent after the move commits (a failure is logged by django-tasks)."""
    order_status_email_send(order_id, status, carrier, tracking_number)


def order_status_email_queue(order_id: int, status: str, *, carrier: str = "", tracking_number: str = "") -> None:
    """Queue the shipped or delivered e-mail; call it inside the transaction that moves the order."""
    args = (order_id, status, carrier[:120], tracking_number[:40])
    backend = task_backends[order_status_email.backend]
    if isinstance(backend, ImmediateBackend):
        transaction.on_commit(lambda: _status_enqueue(*args))
    else:
        _status_enqueue(*args)  # durable: the job row commits (or rolls back) with the status change


def _status_enqueue(order_id: int, status: str, carrier: str, tracking_number: str) -> None:
    result = order_status_email.enqueue(order_id, status, carrier, tracking_number)
    if result.status == TaskResultStatus.FAILED:  # immediate backend: the order moved all the same
        log.error("%s e-mail for order %s failed", status, order_id)

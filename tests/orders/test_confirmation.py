"""The durable confirmation [CP-CONFIRMATION] (law 31-08 arts. 32 and 36): sent as a PDF no later than shipping,
recorded only once sent, downloadable by its buyer only; it decides the withdrawal window [CP-WITHDRAWAL-INFO]."""

import datetime as dt
import zoneinfo

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse
from django.utils import translation
from django_tasks import default_task_backend

from tests.checkout.helpers import new_key
from tests.ledger.pdftext import pdf_text
from tijara.archive.models import ContractRecord
from tijara.checkout.services import checkout_confirm, checkout_prepare
from tijara.orders.confirmation import order_confirmation, order_confirmation_send
from tijara.orders.models import Order
from tijara.orders.rules import withdrawal_days
from tijara.orders.texts import withdrawal_conditions
from tijara.payments.services import order_move

pytestmark = pytest.mark.django_db
CASA = zoneinfo.ZoneInfo("Africa/Casablanca")
User = get_user_model()


def place(cart) -> list[Order]:
    return checkout_confirm(cart=cart, idempotency_key=new_key(), fingerprint=checkout_prepare(cart=cart).fingerprint)


def move(order: Order, *statuses: str, capture) -> Order:
    for status in statuses:
        with capture(execute=True):
            order = order_move(order=Order.objects.get(pk=order.pk), to_status=status, actor=None)
    return Order.objects.get(pk=order.pk)


def confirmations():
    return [m for m in mail.outbox if m.attachments]


def test_confirming_the_order_emails_the_pdf_and_records_when(filled_cart, django_capture_on_commit_callbacks):
    order = place(filled_cart)[0]
    mail.outbox.clear()
    assert Order.objects.get(pk=order.pk).confirmation_sent_at is None
    with time_machine.travel(dt.datetime(2026, 3, 2, 10, 0, tzinfo=CASA), tick=False):
        order = move(order, "confirmed", capture=django_capture_on_commit_callbacks)
    [message] = confirmations()
    assert message.to == ["salma@example.ma"] and order.number in message.subject
    name, data, mimetype = message.attachments[0]
    assert (name, mimetype) == (f"confirmation-{order.number}.pdf", "application/pdf")
    assert order.confirmation_sent_at == dt.datetime(2026, 3, 2, 10, 0, tzinfo=CASA)
    text = pdf_text(data)
    merchant = order.merchant
    for mention in (order.number, merchant.legal_name, merchant.ice, merchant.rc_number, merchant.if_number,
                    merchant.email, "Huile d'argan", "2026-03-02", "7 jours", "loi 31-08, art. 36",
                    "/fr/orders/track/"):  # the signed link that opens the order in any browser
        assert mention in text, mention
    assert withdrawal_conditions(order) in message.body
    record = ContractRecord.objects.get(order_id=order.pk, kind="confirmation")  # in the signed archive
    assert record.payload["sent_at"] == order.confirmation_sent_at.isoformat()


def test_shipping_sends_it_when_confirming_did_not(filled_cart, django_capture_on_commit_callbacks, monkeypatch):
    order = place(filled_cart)[0]
    mail.outbox.clear()
    monkeypatch.setattr("django.core.mail.EmailMultiAlternatives.send", _smtp_down)
    order = move(order, "confirmed", capture=django_capture_on_commit_callbacks)
    assert order.confirmation_sent_at is None  # the e-mail failed: nothing recorded
    assert not ContractRecord.objects.filter(order_id=order.pk, kind="confirmation").exists()
    monkeypatch.undo()
    order = move(order, "shipped", capture=django_capture_on_commit_callbacks)
    assert order.confirmation_sent_at is not None and len(confirmations()) == 1


def _smtp_down(*args, **kwargs):
    raise OSError("SMTP server unreachable")


def test_it_is_sent_once(filled_cart, django_capture_on_commit_callbacks):
    order = place(filled_cart)[0]
    order = move(order, "confirmed", "shipped", capture=django_capture_on_commit_callbacks)
    first = order.confirmation_sent_at
    assert order_confirmation_send(order.pk) is False
    assert len(confirmations()) == 1 and Order.objects.get(pk=order.pk).confirmation_sent_at == first


def test_the_job_is_queued_with_the_status_change_and_sends_nothing_itself(filled_cart, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    default_task_backend.clear()
    order = place(filled_cart)[0]
    order_move(order=order, to_status="confirmed", actor=None)
    jobs = [r for r in default_task_backend.results if r.task.module_path == order_confirmation.module_path]
    assert [job.args for job in jobs] == [[order.pk]] and confirmations() == []
    jobs[0].task.call(*jobs[0].args)  # what the worker does
    assert len(confirmations()) == 1 and Order.objects.get(pk=order.pk).confirmation_sent_at is not None
    default_task_backend.clear()


@pytest.mark.parametrize("sent_before_delivery, days", [(True, 7), (False, 30)])
def test_window_is_7_days_when_confirmed_before_delivery_else_30(
        filled_cart, django_capture_on_commit_callbacks, monkeypatch, sent_before_delivery, days):
    order = place(filled_cart)[0]
    if not sent_before_delivery:
        monkeypatch.setattr("django.core.mail.EmailMultiAlternatives.send", _smtp_down)
    with time_machine.travel(dt.datetime(2026, 3, 2, 23, 59, tzinfo=CASA), tick=False):
        order = move(order, "confirmed", "shipped", capture=django_capture_on_commit_callbacks)
    with time_machine.travel(dt.datetime(2026, 3, 3, 0, 1, tzinfo=CASA), tick=False):
        order = move(order, "delivered", capture=django_capture_on_commit_callbacks)
    monkeypatch.undo()
    if not sent_before_delivery:  # sent a few minutes after delivery: too late to shorten the window
        with time_machine.travel(dt.datetime(2026, 3, 3, 0, 5, tzinfo=CASA), tick=False):
            assert order_confirmation_send(order.pk) is True
        order = Order.objects.get(pk=order.pk)
        assert order.confirmation_sent_at is not None
    assert withdrawal_days(order) == days
    with translation.override("fr"):
        text = withdrawal_conditions(order)
    assert f"dans un délai de {days} jours à compter de la réception" in text
    assert ("confirmation écrite" in text) is (days == 30)


def test_no_confirmation_at_all_means_30_days(filled_cart):
    order = place(filled_cart)[0]
    Order.objects.filter(pk=order.pk).update(status="delivered")
    assert withdrawal_days(Order.objects.get(pk=order.pk)) == 30


@pytest.mark.parametrize("language", ["fr", "ar"])
def test_buyer_downloads_the_confirmation_in_the_page_language(client, filled_cart, django_capture_on_commit_callbacks,
                                                               language):
    order = place(filled_cart)[0]
    order = move(order, "confirmed", capture=django_capture_on_commit_callbacks)
    client.post(reverse("storefront:order_find"), {"number": order.number, "email": "SALMA@example.ma"})
    with translation.override(language):
        page_url = reverse("storefront:guest_order", args=[order.number])
        pdf_url = reverse("storefront:order_confirmation_pdf", args=[order.number])
        expected = withdrawal_conditions(order)
    page = client.get(page_url)
    pdf = client.get(pdf_url)
    assert page.status_code == 200 and pdf_url in page.content.decode()
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    text = pdf_text(pdf.content)
    if language == "ar":  # shaped right to left by HarfBuzz: each line's glyphs come out in visual order
        assert "تأكيد الطلبية"[::-1] in text.splitlines()
        assert "أجل 7 أيام"[::-1] in text and "ARG-000001" in text  # numbers and Latin runs stay left to right
        assert "التراجع"[::-1] in text and expected.startswith("التراجع")
    else:
        assert "dans un délai de 7 jours à compter de la réception" in text.replace("\n", " ")
        assert expected.startswith("Rétractation : vous pouvez")


def test_another_buyer_gets_404(client, filled_cart, django_capture_on_commit_callbacks):
    order = place(filled_cart)[0]
    order = move(order, "confirmed", capture=django_capture_on_commit_callbacks)
    with translation.override("fr"):
        url = reverse("storefront:order_confirmation_pdf", args=[order.number])
        find, page = reverse("storefront:order_find"), reverse("storefront:guest_order", args=[order.number])
        unknown = reverse("storefront:order_confirmation_pdf", args=["NOPE-1"])
    assert client.get(url).status_code == 404  # a stranger
    wrong = client.post(find, {"number": order.number, "email": "other@example.ma"})
    assert wrong.status_code == 200 and "Aucune commande avec ce numéro" in wrong.content.decode()
    assert client.get(url).status_code == 404 and client.get(page).status_code == 404
    assert client.get(unknown).status_code == 404
    client.force_login(User.objects.create_user("karim@example.ma", "a long enough pass 42"))  # another buyer
    assert client.get(url).status_code == 404


def test_no_download_before_it_is_sent(client, filled_cart):
    order = place(filled_cart)[0]
    client.post(reverse("storefront:order_find"), {"number": order.number, "email": "salma@example.ma"})
    page = client.get(reverse("storefront:guest_order", args=[order.number]))
    assert page.status_code == 200 and "data-confirmation-pdf" not in page.content.decode()
    assert client.get(reverse("storefront:order_confirmation_pdf", args=[order.number])).status_code == 404


def test_signed_in_buyer_downloads_it_from_the_account_order_page(client, filled_cart,
                                                                  django_capture_on_commit_callbacks):
    buyer = User.objects.create_user("salma@example.ma", "a long enough pass 42")
    order = checkout_confirm(cart=filled_cart, idempotency_key=new_key(), user=buyer,
                             fingerprint=checkout_prepare(cart=filled_cart).fingerprint)[0]
    order = move(order, "confirmed", capture=django_capture_on_commit_callbacks)
    client.force_login(buyer)
    with translation.override("fr"):
        page_url = reverse("storefront:account_order", args=[order.number])
        pdf_url = reverse("storefront:order_confirmation_pdf", args=[order.number])
    assert pdf_url in client.get(page_url).content.decode()
    pdf = client.get(pdf_url)
    assert pdf.status_code == 200 and order.number in pdf_text(pdf.content)
    assert f"/fr/account/orders/{order.number}/" in pdf_text(pdf.content)  # the withdrawal link of a signed-in buyer


def test_the_api_states_the_window_of_the_order(client, filled_cart, django_capture_on_commit_callbacks):
    order = place(filled_cart)[0]
    url = f"/api/v1/orders/{order.number}?email=salma@example.ma"
    before = client.get(url, HTTP_ACCEPT_LANGUAGE="fr").json()
    assert before["withdrawal_days"] is None and before["confirmation_sent_at"] is None
    with translation.override("fr"):
        assert before["withdrawal"] == withdrawal_conditions()  # 7 days once confirmed, 30 otherwise
    move(order, "confirmed", capture=django_capture_on_commit_callbacks)
    after = client.get(url, HTTP_ACCEPT_LANGUAGE="fr").json()
    assert after["withdrawal_days"] == 7 and after["confirmation_sent_at"]
    assert "dans un délai de 7 jours à compter de la réception des produits, sans avoir" in after["withdrawal"]


def test_the_arabic_confirmation_keeps_latin_identifiers_readable(filled_cart):
    """In an Arabic document, the seller's identifiers written in Latin letters and digits come out intact
    [CP-CONFIRMATION] [CP-SELLER-IDENTITY]."""
    from tijara.orders.confirmation import confirmation_pdf

    order = place(filled_cart)[0]
    text = pdf_text(confirmation_pdf(order, language="ar"))
    merchant = order.merchant
    for mention in (order.number, merchant.ice, merchant.rc_number, merchant.if_number, merchant.email):
        assert mention in text, mention

"""On PostgreSQL, a withdrawal racing a marketing send is ordered by the consent row's lock: it waits for the send
already deciding, and the next send is refused — nothing leaves after the withdrawal committed [DP-CONSENT]."""

import threading
import time

import pytest
from django.core import mail
from django.db import connections

from tests.factories import make_merchant
from tijara.privacy import marketing
from tijara.privacy.marketing import MarketingRefused, marketing_email_send
from tijara.privacy.models import ConsentEvent, MarketingSend
from tijara.privacy.services import consent_set

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]
EMAIL = "karim@example.ma"


def test_a_withdrawal_waits_for_the_send_in_flight_and_stops_the_next(monkeypatch):
    store = make_merchant(name="Argania", slug="argania")
    consent_set(merchant_id=store.pk, email=EMAIL, channel="email", granted=True, source="account")
    sending, release, order = threading.Event(), threading.Event(), []
    real_send = marketing.mail_send

    def slow_send(message, *, purpose):
        sending.set()
        release.wait(5)
        real_send(message, purpose=purpose)
        order.append("sent")

    monkeypatch.setattr(marketing, "mail_send", slow_send)

    def send():
        try:
            marketing_email_send(merchant_id=store.pk, email=EMAIL, subject="Promo", body="…")
        finally:
            connections.close_all()

    def withdraw():
        try:
            consent_set(merchant_id=store.pk, email=EMAIL, channel="email", granted=False, source="unsubscribe")
            order.append("withdrawn")
        finally:
            connections.close_all()

    sender = threading.Thread(target=send)
    sender.start()
    assert sending.wait(5)
    withdrawer = threading.Thread(target=withdraw)
    withdrawer.start()
    time.sleep(0.5)
    assert order == []  # the withdrawal waits on the row the send holds
    release.set()
    sender.join(10)
    withdrawer.join(10)
    assert order == ["sent", "withdrawn"]
    monkeypatch.setattr(marketing, "mail_send", real_send)
    with pytest.raises(MarketingRefused):
        marketing_email_send(merchant_id=store.pk, email=EMAIL, subject="Promo 2", body="…")
    assert len(mail.outbox) == 1 and MarketingSend.objects.count() == 1
    assert ConsentEvent.objects.filter(action="withdraw").count() == 1

"""One-click unsubscribe, effective before the next send; a forged link changes nothing [DP-UNSUBSCRIBE]."""

import pytest
from django.core import mail
from django.core.mail import EmailMessage
from django.test import Client

from tests.factories import make_merchant
from tijara.core.mail import MailRefused, mail_send
from tijara.privacy.marketing import MarketingRefused, marketing_email_send
from tijara.privacy.models import ConsentEvent
from tijara.privacy.services import consent_set, marketing_send_allowed

pytestmark = pytest.mark.django_db
EMAIL = "karim@example.ma"


@pytest.fixture
def store(db):
    store = make_merchant(name="Argania", slug="argania")
    consent_set(merchant_id=store.pk, email=EMAIL, channel="email", granted=True, source="account")
    return store


def link_of(message) -> str:
    return message.extra_headers["List-Unsubscribe"].strip("<>").replace("http://127.0.0.1:8000", "")


def test_one_click_on_the_link_stops_the_next_send(store, client):
    marketing_email_send(merchant_id=store.pk, email=EMAIL, subject="Promo", body="…")
    response = client.get(link_of(mail.outbox[0]))
    assert response.status_code == 200
    assert not marketing_send_allowed(merchant_id=store.pk, email=EMAIL)
    assert ConsentEvent.objects.filter(action="withdraw", source="unsubscribe").count() == 1
    with pytest.raises(MarketingRefused):
        marketing_email_send(merchant_id=store.pk, email=EMAIL, subject="Promo 2", body="…")
    assert len(mail.outbox) == 1


def test_mail_clients_one_click_post_needs_no_session_or_csrf_token(store):
    """RFC 8058: the mail client POSTs "List-Unsubscribe=One-Click" with no cookie at all."""
    marketing_email_send(merchant_id=store.pk, email=EMAIL, subject="Promo", body="…")
    response = Client(enforce_csrf_checks=True).post(link_of(mail.outbox[0]), {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert not marketing_send_allowed(merchant_id=store.pk, email=EMAIL)


@pytest.mark.parametrize("forge", ["flip", "garbage", "other_store"])
def test_a_forged_link_is_refused_and_changes_nothing(store, client, forge):
    marketing_email_send(merchant_id=store.pk, email=EMAIL, subject="Promo", body="…")
    link = link_of(mail.outbox[0])
    token = link.rstrip("/").rsplit("/", 1)[1]
    if forge == "flip":
        forged = token[:-3] + ("AAA" if token[-3:] != "AAA" else "BBB")
    elif forge == "garbage":
        forged = "eyJtIjoxfQ:1abc:xyz"
    else:  # the same payload signed with another key cannot be made without the secret: tamper the payload
        forged = token.replace(token.split(":")[0], token.split(":")[0][::-1])
    response = client.get(f"/privacy/unsubscribe/{forged}/")
    assert response.status_code == 400
    assert marketing_send_allowed(merchant_id=store.pk, email=EMAIL)
    assert ConsentEvent.objects.filter(action="withdraw").count() == 0


def test_the_mail_door_refuses_marketing_without_the_one_click_headers():
    """No marketing message leaves without its unsubscribe, whoever builds it [DP-UNSUBSCRIBE]."""
    with pytest.raises(MailRefused):
        mail_send(EmailMessage("Promo", "…", None, [EMAIL]), purpose="marketing")
    assert mail.outbox == []

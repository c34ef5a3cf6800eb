"""The marketing consent ledger and the send gate [DP-CONSENT] [DP-OBJECTION]."""

import pytest
from django.core import mail
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.factories import make_merchant
from tijara.privacy.marketing import MarketingRefused, marketing_email_send
from tijara.privacy.models import (
    Basis,
    ConsentEvent,
    ConsentSource,
    ConsentState,
    MarketingSend,
    Suppression,
)
from tijara.privacy.services import consent_set, marketing_send_allowed, objection_record

pytestmark = pytest.mark.django_db
EMAIL = "Salma@Example.ma"


@pytest.fixture
def store(db):
    return make_merchant(name="Argania", slug="argania")


def send(store_id):
    return marketing_email_send(merchant_id=store_id, email=EMAIL, subject="Promo", body="-20 % on argan oil")


def test_no_marketing_without_a_recorded_basis(store):
    """Nobody gets marketing until they said yes; the sending function itself refuses [DP-CONSENT]."""
    with pytest.raises(MarketingRefused):
        send(store.pk)
    assert mail.outbox == [] and MarketingSend.objects.count() == 0


def test_a_grant_is_recorded_with_time_channel_notice_and_source_and_allows_sending(store):
    """[DP-CONSENT] each message carries the one-click unsubscribe (body and RFC 8058 headers)."""
    consent_set(merchant_id=store.pk, email=EMAIL, channel="email", granted=True, source=ConsentSource.ACCOUNT,
                notice_version="abcd1234abcd1234")
    [event] = ConsentEvent.objects.all()
    assert (event.action, event.channel, event.basis, event.source, event.notice_version) == (
        "grant", "email", "consent", "account", "abcd1234abcd1234")
    assert event.created_at is not None and "salma" not in event.subject_key.lower()
    send(store.pk)
    [message] = mail.outbox
    assert message.to == ["salma@example.ma"]
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    link = message.extra_headers["List-Unsubscribe"].strip("<>")
    assert "/privacy/unsubscribe/" in link and link in message.body


def test_consent_to_one_store_does_not_let_another_send(store):
    other = make_merchant(name="Zellige", slug="zellige", region_code=3)
    consent_set(merchant_id=store.pk, email=EMAIL, channel="email", granted=True, source=ConsentSource.ACCOUNT)
    assert marketing_send_allowed(merchant_id=store.pk, email=EMAIL)
    assert not marketing_send_allowed(merchant_id=other.pk, email=EMAIL)
    assert not marketing_send_allowed(merchant_id=None, email=EMAIL)
    assert not marketing_send_allowed(merchant_id=store.pk, email=EMAIL, channel="sms")


def test_the_soft_opt_in_is_its_own_basis_and_never_overrides_a_no(store):
    """Past buyers may get a store's e-mails about similar products unless they said no [DP-CONSENT]."""
    consent_set(merchant_id=store.pk, email=EMAIL, channel="email", granted=True, basis=Basis.SOFT_OPT_IN,
                source=ConsentSource.CHECKOUT)
    assert ConsentState.objects.get().basis == "soft_opt_in" and marketing_send_allowed(merchant_id=store.pk,
                                                                                          email=EMAIL)
    consent_set(merchant_id=store.pk, email=EMAIL, channel="email", granted=False, source=ConsentSource.ACCOUNT)
    consent_set(merchant_id=store.pk, email=EMAIL, channel="email", granted=True, basis=Basis.SOFT_OPT_IN,
                source=ConsentSource.CHECKOUT)  # a later purchase does not undo the withdrawal
    assert not marketing_send_allowed(merchant_id=store.pk, email=EMAIL)


def test_an_objection_stops_every_controller_and_channel(store):
    """[DP-OBJECTION] and the soft opt-in cannot come back after it."""
    consent_set(merchant_id=store.pk, email=EMAIL, channel="email", granted=True, source=ConsentSource.ACCOUNT)
    consent_set(merchant_id=None, email=EMAIL, channel="sms", granted=True, source=ConsentSource.ACCOUNT,
                phone="+212612345678")
    assert objection_record(email=EMAIL) == 2
    assert Suppression.objects.count() == 1
    assert not marketing_send_allowed(merchant_id=store.pk, email=EMAIL)
    assert not marketing_send_allowed(merchant_id=None, email=EMAIL, channel="sms")
    consent_set(merchant_id=store.pk, email=EMAIL, channel="email", granted=True, basis=Basis.SOFT_OPT_IN,
                source=ConsentSource.CHECKOUT)
    assert not marketing_send_allowed(merchant_id=store.pk, email=EMAIL)
    assert ConsentState.objects.filter(address="").count() == 2  # no reason to keep where to write


ACTIONS = st.lists(st.sampled_from(["grant", "soft", "withdraw", "object", "grant_sms"]), max_size=8)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(actions=ACTIONS)
def test_any_sequence_of_grants_and_withdrawals_gives_the_right_decision(store, actions):
    """Property: after any sequence, an e-mail leaves exactly when the last word for this store and channel was a
    yes: a consent, or a soft opt-in never preceded by a withdrawal or an objection [DP-CONSENT] [DP-OBJECTION]."""
    for model in (ConsentEvent, ConsentState, Suppression, MarketingSend):
        model.objects.all().delete()
    mail.outbox.clear()
    granted, said_no = False, False
    for action in actions:
        if action == "grant":
            consent_set(merchant_id=store.pk, email=EMAIL, channel="email", granted=True, source="account")
            granted = True
        elif action == "soft":
            consent_set(merchant_id=store.pk, email=EMAIL, channel="email", granted=True, basis=Basis.SOFT_OPT_IN,
                        source="checkout")
            granted = granted or not said_no
        elif action == "withdraw":
            consent_set(merchant_id=store.pk, email=EMAIL, channel="email", granted=False, source="account")
            granted, said_no = False, True
        elif action == "object":
            objection_record(email=EMAIL)
            granted, said_no = False, True
        else:  # a yes by SMS says nothing about e-mail
            consent_set(merchant_id=store.pk, email=EMAIL, channel="sms", granted=True, source="account",
                        phone="+212612345678")
        assert marketing_send_allowed(merchant_id=store.pk, email=EMAIL) is granted, actions
    try:
        send(store.pk)
        sent = True
    except MarketingRefused:
        sent = False
    assert sent is granted and len(mail.outbox) == int(granted)

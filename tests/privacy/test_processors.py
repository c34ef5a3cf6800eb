"""Personal data goes only to declared processors; abroad only with a basis [DP-PROCESSORS] [DP-TRANSFER]."""

import pytest
from django.core import mail
from django.core.mail import EmailMessage

from tijara.core.mail import mail_send
from tijara.core.processors import (
    UndeclaredProcessor,
    processor_required,
    processors_declared,
    transfer_refusal,
)
from tijara.merchants.emails import send_invitation_email

SMTP = "django.core.mail.backends.smtp.EmailBackend"


def relay(**overrides) -> dict:
    entry = {"kind": "email", "name": "Relay", "country": "MA", "basis": "morocco", "contract": "C-1",
             "backends": [SMTP]}
    entry.update(overrides)
    return {"relay": entry}


def test_an_undeclared_email_provider_gets_nothing(settings):
    """The existing senders go through the same door: an invitation is not sent to an undeclared provider."""
    settings.EMAIL_BACKEND = SMTP
    settings.TIJARA_PROCESSORS = {}
    with pytest.raises(UndeclaredProcessor):
        mail_send(EmailMessage("Hello", "…", None, ["a@example.ma"]), purpose="transactional")
    with pytest.raises(UndeclaredProcessor):
        send_invitation_email(email="a@example.ma", store_name="Argania", token="t", base_url="http://x",
                              language="fr")


def test_the_declared_provider_is_used(settings):
    settings.TIJARA_PROCESSORS = relay()
    assert processor_required("email", backend=SMTP).name == "Relay"


def test_local_backends_keep_mail_on_the_server_and_need_no_declaration(settings):
    settings.TIJARA_PROCESSORS = {}
    mail_send(EmailMessage("Hello", "…", None, ["a@example.ma"]), purpose="transactional")
    assert len(mail.outbox) == 1


@pytest.mark.parametrize(("overrides", "allowed"), [
    ({"country": "FR", "basis": "adequacy"}, True),
    ({"country": "US", "basis": "adequacy"}, False),  # not on the adequacy list
    ({"country": "US", "basis": ""}, False),  # abroad without a basis
    ({"country": "US", "basis": "authorisation", "reference": ""}, False),
    ({"country": "US", "basis": "authorisation", "reference": "A-123/2026"}, True),
    ({"country": "US", "basis": "consent"}, True),
    ({"contract": ""}, False),  # no processor contract (law 09-08 art. 24)
])
def test_a_transfer_abroad_needs_a_recorded_basis(settings, overrides, allowed):
    settings.TIJARA_PROCESSORS = relay(**overrides)
    [processor] = processors_declared()
    assert (transfer_refusal(processor) == "") is allowed
    if allowed:
        assert processor_required("email", backend=SMTP) is not None
    else:
        with pytest.raises(UndeclaredProcessor):
            processor_required("email", backend=SMTP)


def test_the_default_declarations_cover_email_hosting_and_carriers(settings):
    kinds = {p.kind for p in processors_declared() if not transfer_refusal(p)}
    assert {"email", "hosting", "carrier"} <= kinds

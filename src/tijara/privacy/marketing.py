"""The one marketing sender [DP-CONSENT] [DP-UNSUBSCRIBE].

Each message is decided under the lock of the person's consent row: the gate is asked at sending time, the
message carries a signed one-click unsubscribe link (body and RFC 8058 headers), and the send is recorded.
"""

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMessage
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from tijara.core.errors import DomainError
from tijara.core.mail import mail_send
from tijara.privacy import locks
from tijara.privacy.models import Channel, MarketingSend
from tijara.privacy.selectors import marketing_decision
from tijara.privacy.subjects import subject_key


class MarketingRefused(DomainError):
    code = "marketing_refused"
    status = 409


def unsubscribe_token(*, merchant_id: int | None, key: str, channel: str) -> str:
    return signing.dumps({"m": merchant_id, "k": key, "c": channel}, salt=settings.TIJARA_UNSUBSCRIBE_SALT,
                         compress=True)


def unsubscribe_read(token: str) -> dict:
    """The link's content; a forged or altered link raises signing.BadSignature."""
    data = signing.loads(token, salt=settings.TIJARA_UNSUBSCRIBE_SALT)
    if not isinstance(data, dict) or data.get("c") not in Channel.values or not isinstance(data.get("k"), str):
        raise signing.BadSignature("malformed")
    if data.get("m") is not None and not isinstance(data.get("m"), int):
        raise signing.BadSignature("malformed")
    return data


def unsubscribe_url(*, merchant_id: int | None, key: str, channel: str) -> str:
    token = unsubscribe_token(merchant_id=merchant_id, key=key, channel=channel)
    return settings.TIJARA_SITE_URL.rstrip("/") + reverse("privacy-unsubscribe", args=[token])


def marketing_email_send(*, merchant_id: int | None, email: str, subject: str, body: str) -> MarketingSend:
    """Send one marketing e-mail, or raise MarketingRefused when the person has no valid basis right now."""
    key = subject_key(email)
    with transaction.atomic():
        state = locks.consent_state_for_update(merchant_id=merchant_id, subject_key=key, channel=Channel.EMAIL)
        allowed, basis = marketing_decision(merchant_id=merchant_id, email=email, channel=Channel.EMAIL)
        if not allowed:
            raise MarketingRefused(_("Not sent: %(reason)s.") % {"reason": basis})
        link = unsubscribe_url(merchant_id=merchant_id, key=key, channel=Channel.EMAIL)
        text = f"{body}\n\n--\n" + _("Unsubscribe in one click: %(link)s") % {"link": link}
        message = EmailMessage(subject, text, settings.DEFAULT_FROM_EMAIL, [state.address or email], headers={
            "List-Unsubscribe": f"<{link}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"})
        # Sent while the consent row is locked: a withdrawal racing this send waits for it, and the next
        # send sees the withdrawal. A failed send rolls the record back.
        mail_send(message, purpose="marketing")
        return MarketingSend.objects.create(merchant_id=merchant_id, subject_key=key, channel=Channel.EMAIL,
                                            basis=basis)

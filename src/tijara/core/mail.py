"""The one door every e-mail leaves tijara through [DP-PROCESSORS] [DP-UNSUBSCRIBE].

`mail_send` refuses before sending when the e-mail provider is not a declared processor (or sits abroad
without a basis), and refuses a marketing message that carries no one-click unsubscribe (RFC 8058 headers).
Whether a person may receive marketing at all is decided above, by `privacy.services.marketing_send_allowed`,
which the one marketing sender (`privacy.marketing.marketing_email_send`) asks right before calling this.
"""

from django.conf import settings
from django.core.mail import EmailMessage
from django.utils.translation import gettext_lazy as _

from tijara.core.errors import DomainError
from tijara.core.processors import processor_required

PURPOSES = ("transactional", "marketing")


class MailRefused(DomainError):
    code = "mail_refused"


def _backend_path(message: EmailMessage) -> str:
    connection = message.connection
    if connection is None:
        return settings.EMAIL_BACKEND
    return f"{type(connection).__module__}.{type(connection).__qualname__}"


def mail_send(message: EmailMessage, *, purpose: str) -> None:
    """Send one message; raises UndeclaredProcessor or MailRefused instead of sending what the law forbids."""
    if purpose not in PURPOSES:
        raise MailRefused(_("Unknown e-mail purpose."))
    if purpose == "marketing":
        headers = {key.lower(): value for key, value in (message.extra_headers or {}).items()}
        if not headers.get("list-unsubscribe") or headers.get("list-unsubscribe-post") != "List-Unsubscribe=One-Click":
            raise MailRefused(_("A marketing message must carry a one-click unsubscribe link."))
    processor_required("email", backend=_backend_path(message))
    message.send(fail_silently=False)

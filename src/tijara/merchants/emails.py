"""Emails of onboarding, review and team invitations, sent after commit by merchants.services."""

from django.conf import settings
from django.core.mail import EmailMessage
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from tijara.core.mail import mail_send


def _absolute(base_url: str, path: str) -> str:
    return base_url.rstrip("/") + path


def send_mail(subject: str, body: str, from_email: None, to: list[str]) -> None:
    """Through the one door of e-mails, which checks the provider is a declared processor [DP-PROCESSORS]."""
    mail_send(EmailMessage(subject, body, from_email, to), purpose="transactional")


def send_verification_email(*, email: str, token: str, base_url: str, language: str) -> None:
    with translation.override(language):
        link = _absolute(base_url, reverse("dashboard:verify_email", args=[token]))
        send_mail(
            _("Confirm your email address for %(site)s") % {"site": settings.TIJARA_SITE_NAME},
            _("Open this link to confirm your email address and continue your store sign-up:\n\n%(link)s\n\n"
              "The link is valid for 3 days.") % {"link": link},
            None, [email],
        )


def send_decision_email(*, email: str, store_name: str, action_label: str, reason: str, language: str) -> None:
    with translation.override(language):
        body = _("The review of your store %(store)s: %(action)s.") % {"store": store_name, "action": action_label}
        if reason:
            body += "\n\n" + _("Reason given by the reviewer: %(reason)s") % {"reason": reason}
        send_mail(_("Your store on %(site)s") % {"site": settings.TIJARA_SITE_NAME}, body, None, [email])


def send_invitation_email(*, email: str, store_name: str, token: str, base_url: str, language: str) -> None:
    with translation.override(language):
        link = _absolute(base_url, reverse("dashboard:accept_invitation", args=[token]))
        send_mail(
            _("You are invited to join %(store)s on %(site)s") % {"store": store_name, "site": settings.TIJARA_SITE_NAME},
            _("Open this link to join the team (valid for 7 days):\n\n%(link)s") % {"link": link},
            None, [email],
        )

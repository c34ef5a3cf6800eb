"""Reads of privacy: the current notice of a form, a person's consents, the send decision [DP-NOTICE] [DP-CONSENT]."""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from tijara.merchants.models import Merchant
from tijara.privacy import notices
from tijara.privacy.models import ConsentEvent, ConsentState, NoticeForm, Suppression
from tijara.privacy.subjects import subject_key


@dataclass(frozen=True)
class Notice:
    merchant_id: int | None
    form: str
    version: str
    content: dict = field(hash=False)

    @property
    def purposes(self) -> list[str]:
        return [str(notices.PURPOSES[k]) for k in self.content["purposes"]]

    @property
    def recipients(self) -> list[str]:
        return [str(notices.RECIPIENTS[k]) for k in self.content["recipients"]]

    @property
    def required(self) -> list[str]:
        return [str(notices.FIELDS[k]) for k in self.content["required"]]

    @property
    def optional(self) -> list[str]:
        return [str(notices.FIELDS[k]) for k in self.content["optional"]]

    @property
    def controller(self) -> dict:
        return self.content["controller"]


def notice_current(merchant_id: int | None, form: str) -> Notice:
    """The notice to show on `form` (a NoticeForm value) for this store's collection, or the platform's (None)."""
    if form not in NoticeForm.values:
        raise ValueError(f"unknown notice form {form!r}")
    merchant = Merchant.objects.filter(pk=merchant_id).first() if merchant_id else None
    content = notices.notice_content(merchant, form)
    return Notice(merchant_id=merchant.pk if merchant else None, form=form,
                  version=notices.content_version(content), content=content)


def consent_states(email: str) -> list[ConsentState]:
    """Every controller and channel this person has a marketing choice with (platform first)."""
    return list(ConsentState.objects.filter(subject_key=subject_key(email)).select_related("merchant")
                .order_by("merchant_id", "channel"))


def consent_history(email: str) -> list[ConsentEvent]:
    return list(ConsentEvent.objects.filter(subject_key=subject_key(email)).select_related("merchant")
                .order_by("created_at", "pk"))


def marketing_decision(*, merchant_id: int | None, email: str, channel: str) -> tuple[bool, str]:
    """(allowed, basis or reason): allowed only with a standing grant and no objection [DP-CONSENT]."""
    key = subject_key(email)
    state = ConsentState.objects.filter(merchant_id=merchant_id, subject_key=key, channel=channel).first()
    if state is None or not state.granted:
        return False, _("no consent on record")
    suppression = Suppression.objects.filter(subject_key=key).first()
    if suppression is not None and suppression.created_at >= state.changed_at:
        return False, _("the person objected to marketing")
    return True, state.basis

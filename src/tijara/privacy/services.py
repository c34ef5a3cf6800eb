"""Writes of privacy: notices recorded with what they covered, the consent ledger, objections [DP-CONSENT].

Every grant and withdrawal appends one `ConsentEvent` (time, channel, basis, source, notice version) and
moves the `ConsentState` row, both under that row's lock: the marketing sender takes the same lock, so a
withdrawal either lands before a send's decision (and the send is refused) or waits until that send is done.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tijara.core.errors import DomainError
from tijara.privacy import locks
from tijara.privacy.models import (
    Basis,
    Channel,
    CollectionRecord,
    ConsentAction,
    ConsentEvent,
    ConsentSource,
    ConsentState,
    NoticeVersion,
    Suppression,
)
from tijara.privacy.selectors import Notice, marketing_decision
from tijara.privacy.subjects import email_normalise, subject_key


class ConsentRefused(DomainError):
    code = "consent_refused"


def notice_record(*, notice: Notice, reference: str) -> NoticeVersion:
    """Keep the text of the notice a collection was made under, and what it covered (order number, account)."""
    with transaction.atomic():
        version, _created = NoticeVersion.objects.get_or_create(
            version=notice.version,
            defaults={"merchant_id": notice.merchant_id, "form": notice.form, "content": notice.content})
        CollectionRecord.objects.create(merchant_id=notice.merchant_id, notice=version, reference=reference[:64])
    return version


def _consent_move(*, merchant_id: int | None, key: str, channel: str, grant: bool, basis: str, source: str,
                  notice_version: str, address: str = "") -> ConsentState:
    state = locks.consent_state_for_update(merchant_id=merchant_id, subject_key=key, channel=channel)
    now = timezone.now()
    ConsentEvent.objects.create(
        merchant_id=merchant_id, subject_key=key, channel=channel, created_at=now,
        action=ConsentAction.GRANT if grant else ConsentAction.WITHDRAW, basis=basis or state.basis or Basis.CONSENT,
        source=source, notice_version=notice_version)
    state.granted, state.changed_at = grant, now
    state.basis = basis if grant else state.basis
    state.address = address if grant else ""  # no reason to keep where to write once consent is gone
    state.save(update_fields=["granted", "basis", "address", "changed_at"])
    return state


def consent_set(*, merchant_id: int | None, email: str, channel: str, granted: bool, source: str,
                basis: str = Basis.CONSENT, notice_version: str = "", phone: str = "") -> ConsentState:
    """Record one grant or withdrawal of marketing by `channel`, for a store (merchant_id) or the platform (None).

    A fresh, explicit consent given after an objection stands (the person asked for it); the soft opt-in never
    comes back after a withdrawal or an objection."""
    if channel not in Channel.values or basis not in Basis.values or source not in ConsentSource.values:
        raise ConsentRefused(_("Unknown consent choice."))
    if basis == Basis.SOFT_OPT_IN and (channel != Channel.EMAIL or merchant_id is None):
        raise ConsentRefused(_("The soft opt-in covers only a store's e-mails to its past buyers."))
    address = email_normalise(email) if channel == Channel.EMAIL else phone
    if granted and not address:
        raise ConsentRefused(_("An address is needed to send anything."), field="phone")
    key = subject_key(email)
    with transaction.atomic():
        if granted and basis == Basis.SOFT_OPT_IN:
            state = locks.consent_state_for_update(merchant_id=merchant_id, subject_key=key, channel=channel)
            said_no = Suppression.objects.filter(subject_key=key).exists() or ConsentEvent.objects.filter(
                merchant_id=merchant_id, subject_key=key, channel=channel, action=ConsentAction.WITHDRAW).exists()
            if state.granted or said_no:  # a standing consent stays as it is; a "no" is never turned into a yes
                return state
        return _consent_move(merchant_id=merchant_id, key=key, channel=channel, grant=granted, basis=basis,
                             source=source, notice_version=notice_version, address=address)


def consent_withdraw_key(*, merchant_id: int | None, key: str, channel: str, source: str) -> ConsentState:
    """Withdraw by subject key (the unsubscribe link carries the key, not the address)."""
    with transaction.atomic():
        return _consent_move(merchant_id=merchant_id, key=key, channel=channel, grant=False, basis="",
                             source=source, notice_version="")


def objection_record(*, email: str = "", key: str = "", source: str = ConsentSource.OBJECTION) -> int:
    """The person objects to all marketing [DP-OBJECTION]: every standing consent is withdrawn and a suppression
    keeps anyone from asking again on a soft opt-in. Returns how many consents were withdrawn."""
    key = key or subject_key(email)
    withdrawn = 0
    with transaction.atomic():
        for state in locks.consent_states_for_update(key):
            if state.granted:
                withdrawn += 1
            _consent_move(merchant_id=state.merchant_id, key=key, channel=state.channel, grant=False, basis="",
                          source=source, notice_version="")
        Suppression.objects.update_or_create(subject_key=key, defaults={"reason": source,
                                                                        "created_at": timezone.now()})
    return withdrawn


def marketing_send_allowed(*, merchant_id: int | None, email: str, channel: str = Channel.EMAIL) -> bool:
    """The send gate: may this store (or the platform) send marketing to this person by this channel now?"""
    return marketing_decision(merchant_id=merchant_id, email=email, channel=channel)[0]

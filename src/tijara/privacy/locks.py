"""Row locks of privacy, in one place: the consent state rows a grant, a withdrawal and a send all take."""

from tijara.privacy.models import ConsentState


def consent_state_for_update(*, merchant_id: int | None, subject_key: str, channel: str) -> ConsentState:
    """Creates the row when missing (unique constraint decides a race), then locks it."""
    ConsentState.objects.get_or_create(merchant_id=merchant_id, subject_key=subject_key, channel=channel)
    return ConsentState.objects.select_for_update().get(merchant_id=merchant_id, subject_key=subject_key,
                                                        channel=channel)


def consent_states_for_update(subject_key: str) -> list[ConsentState]:
    return list(ConsentState.objects.select_for_update().filter(subject_key=subject_key).order_by("pk"))

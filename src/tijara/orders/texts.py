"""Texts the law makes us show with every order, rendered from the one template the pages, e-mails, PDFs
and the API use."""

from django.template import Context, engines

from tijara.orders.models import Order
from tijara.orders.rules import (
    WITHDRAWAL_DAYS,
    WITHDRAWAL_DAYS_UNCONFIRMED,
    withdrawal_days,
    withdrawal_pending,
)

WITHDRAWAL_TEMPLATE = "orders/_withdrawal.txt"


def withdrawal_context(order: Order | None = None) -> dict:
    """What the withdrawal template needs: the number of days, and while the order's window is not settled
    (before the order, or no written confirmation yet and not delivered) the 30 days that apply if the
    confirmation does not arrive by delivery. The period runs from receipt of the goods."""
    if order is None or withdrawal_pending(order):
        return {"days": WITHDRAWAL_DAYS, "unconfirmed_days": WITHDRAWAL_DAYS_UNCONFIRMED}
    days = withdrawal_days(order)
    return {"days": days, "unconfirmed_days": None, "late": days == WITHDRAWAL_DAYS_UNCONFIRMED}


def withdrawal_conditions(order: Order | None = None) -> str:
    """Withdrawal conditions (law 31-08 art. 36) [CP-WITHDRAWAL-INFO], in the active language, as plain text.

    Without an order: what the recap says before the order. The recap page, the order page, the e-mails,
    the confirmation PDF and the API render the same template, so every place says the same words.
    """
    template = engines["django"].engine.get_template(WITHDRAWAL_TEMPLATE)
    return template.render(Context(withdrawal_context(order), autoescape=False)).strip()

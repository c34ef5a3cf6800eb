from django.utils.translation import gettext_lazy as _

from tijara.core.errors import DomainError


class LedgerError(DomainError):
    """A recording the ledger cannot accept (a caller's mistake: unknown collector, amount not positive)."""


class PayoutError(DomainError):
    code = "payout_refused"
    status = 409


NOTHING_OWED = _("Nothing is owed to this store up to the end of the period.")
PERIOD_OVERLAPS = _("This period overlaps a payout already made to this store.")
PERIOD_NOT_OVER = _("A period can be paid once it has ended: choose an end date before today.")
PERIOD_REVERSED = _("The period must start on or before its end.")
NO_RIB = _("The store has no RIB (bank account): it cannot be paid by transfer.")
ALREADY_PAID = _("This payout is already marked as paid.")
BANK_REFERENCE_REQUIRED = _("Give the bank's reference of the transfer.")

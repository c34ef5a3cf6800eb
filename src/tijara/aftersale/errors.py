"""Refusals of the after-sale rules: pages show the message, the API answers it with the field at fault."""

from tijara.core.errors import DomainError


class AftersaleError(DomainError):
    code = "aftersale_refused"
    status = 409


class WithdrawalClosed(AftersaleError):
    """The withdrawal period is over; the message gives the day it ended."""

    code = "withdrawal_period_ended"

"""How long each category of personal data is kept, in one table [DP-RETENTION].

`tijara.dataprotection.purge` applies it (a scheduled django-tasks job) and the processing register prints it.
Each period can be changed with the setting `TIJARA_RETENTION_DAYS` ({"<key>": days}); the defaults and their
reasons are here and in docs/compliance.md.
"""

from dataclasses import dataclass

from django.conf import settings
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Category:
    key: str
    label: Promise
    days: int
    action: str  # "delete" or "anonymise"
    why: Promise

    @property
    def period_days(self) -> int:
        return int(getattr(settings, "TIJARA_RETENTION_DAYS", {}).get(self.key, self.days))


RETENTION = (
    Category("guest_carts", _("Carts of visitors without an account"), 30, "delete",
             _("no use once the visit is over")),
    Category("abandoned_checkouts", _("Delivery details typed at checkout but never ordered"), 30, "delete",
             _("no order followed")),
    Category("inactive_accounts", _("Customer accounts without sign-in or order"), 3 * 365, "anonymise",
             _("an account unused for three years is no longer needed; orders and invoices stay")),
    Category("call_notes", _("Notes of confirmation calls"), 365, "anonymise",
             _("needed while the order can be disputed")),
    Category("server_logs", _("Server logs (addresses, pages)"), 180, "delete",
             _("written to the console and rotated by the hosting; nothing kept by the application")),
    Category("withdrawn_consents", _("Marketing consents withdrawn"), 3 * 365, "delete",
             _("proof of consent is kept while a claim about a message is possible")),
    Category("closed_requests", _("Answered requests about personal data"), 3 * 365, "anonymise",
             _("proof that the request was answered")),
    Category("orders", _("Orders, invoices and the signed contract archive"), 10 * 365, "anonymise",
             _("accounting documents are kept ten years (Code de commerce art. 22; DOC for the contract)")),
)


def retention_period(key: str) -> int:
    return next(c.period_days for c in RETENTION if c.key == key)

"""Texts the law makes us show with every order, rendered from the one template the pages and e-mails include."""

from django.template import Context, engines

WITHDRAWAL_TEMPLATE = "orders/_withdrawal.txt"


def withdrawal_conditions() -> str:
    """Withdrawal conditions (law 31-08 art. 36) [CP-WITHDRAWAL-INFO], in the active language, as plain text.

    The recap page, the order page and the acknowledgement e-mail include the same template, so what an
    API client shows is word for word what a customer of the pages reads.
    """
    template = engines["django"].engine.get_template(WITHDRAWAL_TEMPLATE)
    return template.render(Context(autoescape=False)).strip()

"""A signed payment request as a shop would post it, and what a browser would do with the pages."""

import html
import re
import uuid

from tijara.payments.cmi import CURRENCY_MAD

APPROVED, FOREIGN, DECLINED, NO_FUNDS, THREE_DS_FAILED = (
    "4111111111111111", "5555555555554444", "4000000000000002", "4000000000009995", "4000000000003063")


def payment_request(simulator, callback_url: str, **overrides) -> dict[str, str]:
    fields = {
        "clientid": "600000001", "storetype": "3D_PAY_HOSTING", "trantype": "PreAuth", "amount": "240.00",
        "currency": CURRENCY_MAD, "oid": f"T{uuid.uuid4().hex[:12].upper()}",
        "okUrl": "http://127.0.0.1:8000/fr/pay/ok/", "failUrl": "http://127.0.0.1:8000/fr/pay/fail/",
        "CallbackURL": callback_url, "shopurl": "http://boutique.example.ma/", "lang": "fr",
        "email": "salma@example.ma", "BillToName": "Salma Bennani", "rnd": uuid.uuid4().hex,
        "hashAlgorithm": "ver3", "encoding": "UTF-8",
    }
    fields.update(overrides)
    return simulator.sign(fields)


def hidden_fields(page: str) -> dict[str, str]:
    return {html.unescape(name): html.unescape(value)
            for name, value in re.findall(r'<input type="hidden" name="([^"]*)" value="([^"]*)"', page)}


def form_action(page: str) -> str:
    return html.unescape(re.search(r'<form method="post" action="([^"]*)"', page)[1])


def pay(simulator, request: dict[str, str], number: str, expiry: str = "12/39", cvv: str = "123"):
    """Open the hosted page for `request`, fill in the card and submit: (status, page) of the answer."""
    status, page = simulator.post("/fim/est3Dgate", request)
    assert status == 200, page
    form = {"request": hidden_fields(page)["request"], "card_number": number, "card_expiry": expiry,
            "card_cvv": cvv}
    return simulator.post(form_action(page), form)

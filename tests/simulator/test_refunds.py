"""Refunds through the gateway: part or all of what was captured for an order id, never more, and only on a
request signed with the store key [PAY-CARD-HASH]."""

import urllib.parse
import uuid

from tests.simulator.helpers import APPROVED, DECLINED, pay, payment_request
from tijara.payments.cmi import CURRENCY_MAD, ver3_hash


def refund(simulator, oid: str, amount: str, *, key: str | None = None, clientid: str = "600000001") -> dict:
    fields = {"clientid": clientid, "oid": oid, "amount": amount, "currency": CURRENCY_MAD, "rnd": uuid.uuid4().hex}
    if key is None:
        fields = simulator.sign(fields)
    else:
        fields["HASH"] = ver3_hash(fields, key)
    status, body = simulator.post("/fim/refund", fields)
    assert status == 200
    return dict(urllib.parse.parse_qsl(body))


def test_refunds_never_exceed_what_was_captured(gateway_simulator, receiver):
    request = payment_request(gateway_simulator, receiver.url, amount="120.00")
    pay(gateway_simulator, request, APPROVED)
    oid = request["oid"]

    first = refund(gateway_simulator, oid, "50.00")
    too_much = refund(gateway_simulator, oid, "70.01")
    rest = refund(gateway_simulator, oid, "70")
    nothing_left = refund(gateway_simulator, oid, "0.01")

    assert first["Response"] == "Approved" and first["ProcReturnCode"] == "00" and first["TransId"]
    assert (too_much["Response"], too_much["ProcReturnCode"]) == ("Declined", "05")
    assert (rest["Response"], rest["ProcReturnCode"]) == ("Approved", "00")
    assert (nothing_left["Response"], nothing_left["ProcReturnCode"]) == ("Declined", "05")
    assert gateway_simulator.payments()[oid] == {"captured": "120.00", "refunded": "120.00"}


def test_a_refund_request_with_a_bad_signature_or_amount_is_an_error(gateway_simulator, receiver):
    request = payment_request(gateway_simulator, receiver.url, amount="120.00")
    pay(gateway_simulator, request, APPROVED)

    assert refund(gateway_simulator, request["oid"], "10.00", key="not-the-store-key")["Response"] == "Error"
    assert refund(gateway_simulator, request["oid"], "-5")["Response"] == "Error"
    assert refund(gateway_simulator, request["oid"], "1.234")["Response"] == "Error"
    assert gateway_simulator.payments()[request["oid"]]["refunded"] == "0.00"


def test_nothing_is_refundable_for_a_declined_or_unknown_or_other_merchants_order(gateway_simulator, receiver):
    declined = payment_request(gateway_simulator, receiver.url)
    pay(gateway_simulator, declined, DECLINED)
    paid = payment_request(gateway_simulator, receiver.url)
    pay(gateway_simulator, paid, APPROVED)

    assert refund(gateway_simulator, declined["oid"], "1.00")["ProcReturnCode"] == "05"
    assert refund(gateway_simulator, "NO-SUCH-OID", "1.00")["ProcReturnCode"] == "05"
    assert refund(gateway_simulator, paid["oid"], "1.00", clientid="600000999")["ProcReturnCode"] == "05"

"""What the gateway tells the shop: a signed callback server to server, then the buyer sent back to the ok or
fail URL with the same fields, for each test card; and the network's misbehaviours on demand [PAY-CARD-HASH]."""

import time

import pytest

from tests.gateway import http
from tests.simulator.helpers import (
    APPROVED,
    DECLINED,
    FOREIGN,
    NO_FUNDS,
    THREE_DS_FAILED,
    form_action,
    hidden_fields,
    pay,
    payment_request,
)
from tijara.payments.cmi import hash_is_valid

OUTCOMES = [  # card, ProcReturnCode, Response, mdStatus, issuer, goes back to
    (APPROVED, "00", "Approved", "1", "MA", "okUrl"),
    (FOREIGN, "00", "Approved", "1", "FR", "okUrl"),
    (DECLINED, "05", "Declined", "1", "MA", "failUrl"),
    (NO_FUNDS, "51", "Declined", "1", "MA", "failUrl"),
    (THREE_DS_FAILED, "99", "Declined", "0", "MA", "failUrl"),
]


@pytest.mark.parametrize("number, code, response, md_status, issuer, back_to", OUTCOMES)
def test_each_test_card_gets_its_signed_callback_and_sends_the_buyer_back(
        gateway_simulator, receiver, number, code, response, md_status, issuer, back_to):
    request = payment_request(gateway_simulator, receiver.url)

    status, page = pay(gateway_simulator, request, number)

    assert status == 200
    [callback] = receiver.forms
    assert hash_is_valid(callback, gateway_simulator.store_key)
    assert not hash_is_valid(callback, "another-store-key")
    assert (callback["ProcReturnCode"], callback["Response"], callback["mdStatus"],
            callback["EXTRA.CARDISSUERCOUNTRY"]) == (code, response, md_status, issuer)
    assert {name: callback[name] for name in ("oid", "amount", "currency", "clientid", "email")} == {
        name: request[name] for name in ("oid", "amount", "currency", "clientid", "email")}
    assert callback["maskedCreditCard"] == f"{number[:6]}***{number[-4:]}" and number not in str(callback)
    assert callback["TransId"] and bool(callback["AuthCode"]) == (code == "00")
    assert form_action(page) == request[back_to]
    assert hidden_fields(page) == callback  # the browser posts the very same signed fields
    [sent] = gateway_simulator.callbacks()
    assert (sent["kind"], sent["status"], sent["reply"]) == ("callback", 200, "ACTION=POSTAUTH")


def test_twice_sends_two_identical_callbacks_before_the_buyer_returns(gateway_simulator, receiver):
    gateway_simulator.control("twice")

    pay(gateway_simulator, payment_request(gateway_simulator, receiver.url), APPROVED)

    assert len(receiver.forms) == 2 and receiver.forms[0] == receiver.forms[1]
    assert [sent["kind"] for sent in gateway_simulator.callbacks()] == ["callback", "duplicate"]


def test_never_sends_no_callback_but_the_buyer_still_returns(gateway_simulator, receiver):
    gateway_simulator.control("never")
    request = payment_request(gateway_simulator, receiver.url)

    status, page = pay(gateway_simulator, request, APPROVED)

    assert status == 200 and form_action(page) == request["okUrl"]
    time.sleep(0.3)
    assert receiver.forms == [] and gateway_simulator.callbacks() == []


def test_late_returns_the_buyer_first_and_calls_back_after_the_delay(gateway_simulator, receiver):
    assert gateway_simulator.control("late", delay=0.5) == {"callback": "late", "delay_seconds": 0.5}
    request = payment_request(gateway_simulator, receiver.url)

    status, page = pay(gateway_simulator, request, APPROVED)

    assert status == 200 and receiver.forms == []
    [sent] = gateway_simulator.wait_for_callbacks(1, timeout=10)
    assert sent["kind"] == "late" and sent["reply"] == "ACTION=POSTAUTH"
    assert receiver.forms == [hidden_fields(page)]


def test_out_of_order_sends_an_older_declined_result_after_the_approval(gateway_simulator, receiver):
    gateway_simulator.control("out_of_order")
    request = payment_request(gateway_simulator, receiver.url)

    pay(gateway_simulator, request, APPROVED)

    real, stale = receiver.forms
    assert real["ProcReturnCode"] == "00" and stale["ProcReturnCode"] == "05"
    assert real["oid"] == stale["oid"] and real["TransId"] != stale["TransId"]
    assert stale["EXTRA.TRXDATE"] < real["EXTRA.TRXDATE"]
    assert hash_is_valid(stale, gateway_simulator.store_key)


def test_out_of_order_replays_the_buyers_previous_try_after_the_new_one(gateway_simulator, receiver):
    request = payment_request(gateway_simulator, receiver.url)
    pay(gateway_simulator, request, NO_FUNDS)  # first try on the page: refused
    gateway_simulator.control("out_of_order")

    pay(gateway_simulator, request, APPROVED)  # same oid, second try

    first, real, stale = receiver.forms
    assert real["ProcReturnCode"] == "00" and stale == first


def test_an_oid_already_paid_cannot_be_paid_again(gateway_simulator, receiver):
    request = payment_request(gateway_simulator, receiver.url)
    pay(gateway_simulator, request, APPROVED)

    status, page = gateway_simulator.post("/fim/est3Dgate", request)

    assert status == 400 and "Cette commande a déjà été payée." in page
    assert len(receiver.forms) == 1


def test_a_shop_that_does_not_answer_is_recorded_and_the_buyer_still_returns(gateway_simulator, receiver):
    receiver.stop()
    request = payment_request(gateway_simulator, receiver.url)

    status, page = pay(gateway_simulator, request, APPROVED)

    assert status == 200 and form_action(page) == request["okUrl"]
    [sent] = gateway_simulator.callbacks()
    assert sent["status"] is None and sent["error"]


def test_the_control_reports_its_mode_and_refuses_an_unknown_one(gateway_simulator):
    assert http("GET", f"{gateway_simulator.url}/control") == (200, '{"callback": "normal", "delay_seconds": 2.0}')
    status, body = http("POST", f"{gateway_simulator.url}/control", b'{"callback": "sometimes"}',
                        {"Content-Type": "application/json"})
    assert status == 400 and "callback must be one of" in body
    assert http("POST", f"{gateway_simulator.url}/control", b"not json")[0] == 400
    assert gateway_simulator.control("twice")["callback"] == "twice"


def test_an_unknown_card_is_declined_and_cancelling_returns_to_the_fail_url(gateway_simulator, receiver):
    unknown = payment_request(gateway_simulator, receiver.url)
    cancelled = payment_request(gateway_simulator, receiver.url)

    status, page = pay(gateway_simulator, unknown, "4242424242424242")
    _status, form_page = gateway_simulator.post("/fim/est3Dgate", cancelled)
    _status, cancel_page = gateway_simulator.post("/fim/pay", {"request": hidden_fields(form_page)["request"],
                                                               "cancel": "1"})

    assert form_action(page) == unknown["failUrl"] and form_action(cancel_page) == cancelled["failUrl"]
    declined, gave_up = receiver.forms
    assert (declined["ProcReturnCode"], declined["Response"]) == ("14", "Declined")
    assert (gave_up["ProcReturnCode"], gave_up["ErrMsg"]) == ("99", "Cancelled by the buyer")
    assert all(hash_is_valid(form, gateway_simulator.store_key) for form in receiver.forms)


@pytest.mark.parametrize("path, body", [
    ("/fim/est3Dgate", b"\xff\xfe"),
    ("/fim/est3Dgate", b"%%%&&&==="),
    ("/fim/pay", b"request=%7Bnot+json"),
    ("/fim/pay", b"request=%5B%5D"),
    ("/fim/refund", b"oid=1&amount=1e400"),
])
def test_garbage_gets_a_clear_refusal_never_a_server_error(gateway_simulator, path, body):
    status, text = http("POST", f"{gateway_simulator.url}{path}", body,
                        {"Content-Type": "application/x-www-form-urlencoded"})
    assert status in (200, 400) and "Traceback" not in text
    if path == "/fim/refund":
        assert text.startswith("Response=Error")

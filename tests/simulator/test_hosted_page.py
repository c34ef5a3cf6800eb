"""The hosted payment page a buyer sees: in the shop's language, with the amount, the shop and the test cards;
a request the shop did not sign correctly is refused with a clear page, never a stack trace [PAY-CARD-HASH]."""

import html

import pytest

from tests.gateway import http
from tests.simulator.helpers import (
    APPROVED,
    DECLINED,
    FOREIGN,
    NO_FUNDS,
    THREE_DS_FAILED,
    pay,
    payment_request,
)


def test_the_page_shows_the_shop_the_amount_the_order_and_the_test_cards_in_french(gateway_simulator, receiver):
    request = payment_request(gateway_simulator, receiver.url, amount="1234.50")

    status, page = gateway_simulator.post("/fim/est3Dgate", request)

    assert status == 200
    assert '<html lang="fr" dir="ltr">' in page
    assert "Paiement par carte" in page and "aucune carte réelle n'est débitée" in html.unescape(page)
    assert "boutique.example.ma" in page and "600000001" in page
    assert "1\u202f234,50\xa0MAD" in page or "1\xa0234,50\xa0MAD" in page
    assert request["oid"] in page
    for number in (APPROVED, FOREIGN, DECLINED, NO_FUNDS, THREE_DS_FAILED):
        assert " ".join(number[i:i + 4] for i in range(0, 16, 4)) in page
    assert "Provision insuffisante" in page and "Échec de l'authentification 3-D Secure" in html.unescape(page)
    assert 'name="card_number"' in page and 'name="card_expiry"' in page and 'name="card_cvv"' in page


@pytest.mark.parametrize("lang, html_tag, texts", [
    ("ar", '<html lang="ar" dir="rtl">', ["الدفع بالبطاقة", "رصيد غير كافٍ", "بطاقات الاختبار"]),
    ("en", '<html lang="en" dir="ltr">', ["Card payment", "Insufficient funds", "Test cards"]),
])
def test_the_page_speaks_the_language_the_shop_asked_for(gateway_simulator, receiver, lang, html_tag, texts):
    status, page = gateway_simulator.post("/fim/est3Dgate", payment_request(gateway_simulator, receiver.url,
                                                                            lang=lang))
    assert status == 200
    assert html_tag in page
    assert all(text in page for text in texts)


def test_a_request_changed_after_signing_is_refused_with_a_clear_page(gateway_simulator, receiver):
    request = payment_request(gateway_simulator, receiver.url, amount="240.00")
    request["amount"] = "2.40"

    status, page = gateway_simulator.post("/fim/est3Dgate", request)

    assert status == 400
    assert "Demande de paiement refusée" in page and "signature (HASH)" in page
    assert "card_number" not in page and "Traceback" not in page


def test_a_request_signed_with_another_key_is_refused_in_arabic(gateway_simulator, receiver):
    request = payment_request(gateway_simulator, receiver.url, lang="ar")
    request["HASH"] = "A" * 88

    status, page = gateway_simulator.post("/fim/est3Dgate", request)

    assert status == 400
    assert '<html lang="ar" dir="rtl">' in page and "توقيع طلب الدفع (HASH) غير صالح" in page


def test_a_request_missing_fields_says_which(gateway_simulator, receiver):
    request = payment_request(gateway_simulator, receiver.url, lang="en")
    del request["okUrl"], request["email"]

    status, page = gateway_simulator.post("/fim/est3Dgate", gateway_simulator.sign(
        {k: v for k, v in request.items() if k != "HASH"}))

    assert status == 400
    assert "Missing fields: okUrl, email." in page


def test_a_malformed_card_entry_shows_the_form_again_and_sends_nothing(gateway_simulator, receiver):
    request = payment_request(gateway_simulator, receiver.url)

    status, page = pay(gateway_simulator, request, APPROVED, expiry="13/30")

    assert status == 400
    assert "Saisissez la date d'expiration au format MM/AA." in html.unescape(page) and 'name="card_number"' in page
    assert gateway_simulator.callbacks() == [] and receiver.forms == []


def test_health_unknown_paths_and_wrong_methods(gateway_simulator):
    assert http("GET", f"{gateway_simulator.url}/healthz") == (200, "ok")
    assert http("GET", f"{gateway_simulator.url}/nothing-here")[0] == 404
    assert http("GET", f"{gateway_simulator.url}/fim/est3Dgate")[0] == 405
    assert http("GET", f"{gateway_simulator.url}/")[0] == 200


def test_the_command_answers_to_its_hyphenated_name(monkeypatch, capsys):
    from tijara.__main__ import main

    monkeypatch.setattr("sys.argv", ["tijara", "gateway-simulator", "--help"])
    with pytest.raises(SystemExit) as exit_:
        main()
    assert exit_.value.code == 0 and "--callback-mode" in capsys.readouterr().out

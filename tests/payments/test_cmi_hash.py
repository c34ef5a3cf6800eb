"""The hosted page's "ver3" signature, on worked examples written from the protocol [PAY-CARD-HASH]."""

import base64
import hashlib

from tijara.payments.cmi import hash_is_valid, hash_plaintext, ver3_hash

KEY = "TEST|KEY\\1"


def b64_sha512(text: str) -> str:
    return base64.b64encode(hashlib.sha512(text.encode("utf-8")).digest()).decode("ascii")


def test_fields_are_sorted_naturally_ignoring_case_and_hash_and_encoding_are_left_out():
    fields = {"oid": "A-1", "Amount": "120.50", "BillToName": "Salma", "amount2": "x", "amount10": "y",
              "clientid": "600000001", "encoding": "UTF-8", "HASH": "ignored", "currency": "504"}
    # amount, amount2, amount10 (natural), BillToName, clientid, currency, oid; the key last.
    assert hash_plaintext(fields, KEY) == "120.50|x|y|Salma|600000001|504|A-1|TEST\\|KEY\\\\1"


def test_values_are_trimmed_and_backslash_is_escaped_before_the_pipe():
    fields = {"BillToName": "  Ben|Ali \\ SARL ", "oid": "o\\|1"}
    assert hash_plaintext(fields, "k") == "Ben\\|Ali \\\\ SARL|o\\\\\\|1|k"


def test_hash_is_base64_of_the_raw_sha512_digest():
    fields = {"amount": "10.00", "currency": "504", "oid": "T1"}
    assert ver3_hash(fields, "key") == b64_sha512("10.00|504|T1|key")
    assert len(base64.b64decode(ver3_hash(fields, "key"))) == 64


def test_a_callback_is_valid_only_with_its_own_hash_under_the_store_key():
    fields = {"oid": "T1", "amount": "10.00", "ProcReturnCode": "00", "Response": "Approved"}
    signed = {**fields, "HASH": ver3_hash(fields, "key")}
    assert hash_is_valid(signed, "key")
    assert not hash_is_valid(signed, "other-key")
    assert not hash_is_valid({**signed, "amount": "1000.00"}, "key")
    assert not hash_is_valid({**signed, "HASH": signed["HASH"][:-4] + "AAAA"}, "key")
    assert not hash_is_valid(fields, "key")  # no HASH at all
    assert hash_is_valid({**fields, "hash": signed["HASH"]}, "key")  # the name's case does not matter

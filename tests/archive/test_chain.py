"""The signed contract archive: append, verify, tamper detection, immutability [EC-ARCHIVE]."""

import base64
import datetime as dt
import hashlib
import json

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, transaction

from tijara.archive import signing
from tijara.archive.models import ArchiveHead, ArchiveImmutable, ContractRecord
from tijara.archive.services import ArchiveEntry, archive_append, archive_append_many
from tijara.archive.verify import archive_verify

pytestmark = pytest.mark.django_db


def append(merchant_id=1, order_id=10, kind="placement", payload=None):
    with transaction.atomic():
        return archive_append(merchant_id=merchant_id, order_id=order_id, kind=kind,
                              payload=payload or {"order": order_id, "total": "120.00"})


def verify_output() -> tuple[str, int]:
    from io import StringIO
    out = StringIO()
    try:
        call_command("archive", "verify", stdout=out, stderr=StringIO())
    except CommandError as exc:
        return out.getvalue(), exc.returncode
    return out.getvalue(), 0


def test_records_of_one_merchant_chain_and_are_signed_EC_ARCHIVE():
    """[EC-ARCHIVE] each record links to the previous one of its merchant and carries a valid signature."""
    first = append(order_id=10)
    second = append(order_id=11, kind="acknowledgement", payload={"subject": "Commande", "to": "a@b.ma"})
    other = append(merchant_id=2, order_id=20)
    assert (first.sequence, first.prev_hash) == (1, "")
    assert (second.sequence, second.prev_hash) == (2, first.record_hash)
    assert (other.sequence, other.prev_hash) == (1, "")  # another merchant has its own chain
    stored = ContractRecord.objects.get(pk=second.pk)
    assert stored.payload == {"subject": "Commande", "to": "a@b.ma"}
    # The documented formats, written out here rather than through the code under test.
    assert stored.payload_json == '{"subject":"Commande","to":"a@b.ma"}' or stored.payload == json.loads(stored.payload_json)
    assert stored.payload_sha256 == hashlib.sha256(stored.payload_json.encode()).hexdigest()
    when = stored.created_at.astimezone(dt.UTC).isoformat(timespec="microseconds")
    chained = f"{first.record_hash}|{stored.payload_sha256}|acknowledgement|11|{when}"
    assert stored.record_hash == hashlib.sha256(chained.encode()).hexdigest()
    public = Ed25519PublicKey.from_public_bytes(base64.b64decode(signing.public_key_b64()))
    public.verify(base64.b64decode(stored.signature), stored.record_hash.encode())  # raises if invalid
    assert ArchiveHead.objects.get(merchant_id=1).last_hash == second.record_hash
    assert verify_output() == ("OK: 3 records, every chain unbroken and every signature valid.\n", 0)


def test_payload_is_canonical_json_EC_ARCHIVE():
    record = append(payload={"b": 1, "a": "é", "n": {"z": [1, 2], "y": None}})
    assert record.payload_json == '{"a":"é","b":1,"n":{"y":null,"z":[1,2]}}'


def test_many_records_in_one_call_chain_in_order_EC_ARCHIVE():
    with transaction.atomic():
        records = archive_append_many(entries=[ArchiveEntry(1, 10, "placement", {"n": 1}),
                                               ArchiveEntry(2, 11, "placement", {"n": 2}),
                                               ArchiveEntry(1, 12, "placement", {"n": 3})])
    assert [r.sequence for r in records] == [1, 1, 2]
    assert records[2].prev_hash == records[0].record_hash
    assert archive_verify()[1] == []


def test_payload_edited_in_the_database_is_named_by_verify_EC_ARCHIVE():
    append(order_id=10)
    altered = append(order_id=11, payload={"total": "100.00"})
    append(order_id=12)
    with connection.cursor() as cursor:
        cursor.execute("UPDATE archive_contractrecord SET payload_json = %s WHERE id = %s",
                       ['{"total":"1.00"}', altered.pk])
    out, code = verify_output()
    assert code == 1
    assert f"ALTERED merchant 1, record {altered.pk} (#2 of the chain, order 11): payload altered" in out


def test_rehashed_payload_is_still_caught_EC_ARCHIVE():
    """Editing the payload and its hash together breaks the record hash (and the signature)."""
    altered = append(order_id=11, payload={"total": "100.00"})
    text = '{"total":"1.00"}'
    with connection.cursor() as cursor:
        cursor.execute("UPDATE archive_contractrecord SET payload_json = %s, payload_sha256 = %s WHERE id = %s",
                       [text, signing.sha256_hex(text), altered.pk])
    failures = archive_verify()[1]
    assert [(f.record_id, f.problem.split(" (")[0]) for f in failures] == [(altered.pk, "record hash does not match its fields")]


def test_deleted_record_is_named_as_a_gap_EC_ARCHIVE():
    append(order_id=10)
    removed = append(order_id=11)
    after = append(order_id=12)
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM archive_contractrecord WHERE id = %s", [removed.pk])
    out, code = verify_output()
    assert code == 1
    assert (f"ALTERED merchant 1, record {after.pk} (#3 of the chain, order 12): "
            "records #2 to #2 of the chain are missing") in out


def test_last_record_deleted_is_caught_by_the_head_EC_ARCHIVE():
    append(order_id=10)
    last = append(order_id=11)
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM archive_contractrecord WHERE id = %s", [last.pk])
    out, code = verify_output()
    assert code == 1
    assert "merchant 1: the chain ends at #1 but its head says #2" in out


def test_changed_signature_is_named_EC_ARCHIVE():
    append(order_id=10)
    forged = append(order_id=11)
    other_key = base64.b64encode(signing.Ed25519PrivateKey.generate().sign(forged.record_hash.encode())).decode()
    with connection.cursor() as cursor:
        cursor.execute("UPDATE archive_contractrecord SET signature = %s WHERE id = %s", [other_key, forged.pk])
    out, code = verify_output()
    assert code == 1
    assert f"record {forged.pk} (#2 of the chain, order 11): signature invalid" in out


def test_orm_refuses_to_change_or_delete_a_record_EC_ARCHIVE():
    record = append()
    record.payload_json = "{}"
    with pytest.raises(ArchiveImmutable):
        record.save()
    with pytest.raises(ArchiveImmutable):
        record.delete()
    with pytest.raises(ArchiveImmutable):
        ContractRecord.objects.filter(pk=record.pk).update(payload_json="{}")
    with pytest.raises(ArchiveImmutable):
        ContractRecord.objects.filter(pk=record.pk).delete()
    assert ContractRecord.objects.get(pk=record.pk).payload == {"order": 10, "total": "120.00"}


def test_missing_key_refuses_to_append_with_a_clear_error_EC_ARCHIVE(settings):
    settings.TIJARA_ARCHIVE_SIGNING_KEY = ""
    with pytest.raises(ImproperlyConfigured, match="TIJARA_ARCHIVE_SIGNING_KEY"):
        append()
    assert not ContractRecord.objects.exists()


def test_public_key_command_prints_the_key_that_verifies_EC_ARCHIVE(capsys):
    call_command("archive", "public-key", "--format", "base64")
    assert capsys.readouterr().out.strip() == signing.public_key_b64()
    call_command("archive", "public-key")
    assert capsys.readouterr().out.startswith("-----BEGIN PUBLIC KEY-----")


def test_verify_prints_progress_on_long_chains_EC_ARCHIVE():
    from io import StringIO
    with transaction.atomic():
        archive_append_many(entries=[ArchiveEntry(1, n, "placement", {"n": n}) for n in range(25)])
    err = StringIO()
    call_command("archive", "verify", "--every", "10", stdout=StringIO(), stderr=err)
    assert err.getvalue().splitlines() == ["checked 10 of 25 records…", "checked 20 of 25 records…"]


def test_verify_against_another_public_key_names_every_signature_EC_ARCHIVE():
    """An archive checked against a key that did not sign it fails: records cannot be re-signed by someone else."""
    append(order_id=10)
    stranger = signing.Ed25519PrivateKey.generate().public_key()
    stranger_b64 = base64.b64encode(stranger.public_bytes_raw()).decode()
    from io import StringIO
    out = StringIO()
    with pytest.raises(CommandError):
        call_command("archive", "verify", "--public-key", stranger_b64, stdout=out, stderr=StringIO())
    assert "signature invalid" in out.getvalue()
    ok = StringIO()
    call_command("archive", "verify", "--public-key", signing.public_key_b64(), stdout=ok, stderr=StringIO())
    assert ok.getvalue().startswith("OK: 1 records")
    with pytest.raises(CommandError, match="base64 of 32 raw bytes"):
        call_command("archive", "verify", "--public-key", "not-a-key", stdout=StringIO(), stderr=StringIO())

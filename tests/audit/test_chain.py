"""The audit trail is an append-only hash chain; `tijara audit verify` names its first broken link
[SEC-AUDIT-CHAIN] [SEC-AUDIT-VERIFY] [SEC-AUDIT-RETENTION]."""

import hashlib
from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from tijara.audit import services
from tijara.audit.events import AuditEvent
from tijara.audit.models import GENESIS_HASH, AppendOnlyError, AuditHead, AuditRecord
from tijara.audit.retention import audit_purge
from tijara.audit.services import audit_record
from tijara.audit.verify import chain_verify

pytestmark = pytest.mark.django_db


def _three(django_user_model):
    user = django_user_model.objects.create_user(email="admin@example.ma", password="x" * 12)
    audit_record(AuditEvent.SIGN_IN, actor=user, ip="196.200.1.2")
    audit_record(AuditEvent.ROLE_CHANGED, actor=user, merchant_id=7, target="membership:3",
                 data={"from": "staff", "to": "manager"})
    audit_record(AuditEvent.REFUND, actor=user, merchant_id=7, target="payment:9", data={"amount": "120.00"})
    return user


def _raw_update(sql: str, params: list) -> None:
    """A statement sent straight to the database."""
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def _forge(sql: str, params: list) -> None:
    """What an attacker owning the database could do: on PostgreSQL, switch the guarding trigger off first
    (inside the test's transaction, so the switch is rolled back with it)."""
    if connection.vendor == "postgresql":
        _raw_update("ALTER TABLE audit_auditrecord DISABLE TRIGGER audit_record_append_only", [])
    _raw_update(sql, params)


def test_each_record_holds_the_hash_of_the_previous_one(django_user_model):
    user = _three(django_user_model)
    first, second, third = AuditRecord.objects.order_by("sequence")
    assert first.prev_hash == GENESIS_HASH
    assert second.prev_hash == first.record_hash and third.prev_hash == second.record_hash
    assert len({first.record_hash, second.record_hash, third.record_hash}) == 3
    assert second.actor_id == user.pk and second.merchant_id == 7 and second.data == {"from": "staff", "to": "manager"}
    assert first.ip == "196.200.1.2"
    head = AuditHead.objects.get()
    assert (head.length, head.last_hash) == (3, third.record_hash)
    assert chain_verify().ok


def test_bad_data_and_address_never_raise():
    audit_record(AuditEvent.SETTINGS_CHANGED, data={"when": object(), "n": float("nan")}, ip="not an address",
                 target="x" * 500)
    record = AuditRecord.objects.get()
    assert record.ip == "" and len(record.target) == 200
    assert chain_verify().ok


def test_records_cannot_be_changed_or_deleted_through_the_orm(django_user_model):
    _three(django_user_model)
    record = AuditRecord.objects.order_by("sequence").first()
    record.target = "forged"
    with pytest.raises(AppendOnlyError):
        record.save()
    with pytest.raises(AppendOnlyError):
        record.delete()
    with pytest.raises(AppendOnlyError):
        AuditRecord.objects.filter(pk=record.pk).update(target="forged")
    with pytest.raises(AppendOnlyError):
        AuditRecord.objects.all().delete()


def test_verify_names_the_first_changed_record(django_user_model):
    _three(django_user_model)
    _forge("UPDATE audit_auditrecord SET data_json = %s WHERE sequence = 2", ['{"from":"staff","to":"owner"}'])
    report = chain_verify()
    assert (report.ok, report.broken_sequence, report.checked) == (False, 2, 1)
    with pytest.raises(CommandError) as excinfo:
        call_command("audit", "verify")
    assert "record 2" in str(excinfo.value)


def test_verify_catches_a_rehashed_record_by_the_next_link(django_user_model):
    """A forger who recomputes the changed record's own hash still breaks the link of the record after it."""
    _three(django_user_model)
    _forge("UPDATE audit_auditrecord SET record_hash = %s WHERE sequence = 1", [hashlib.sha256(b"x").hexdigest()])
    report = chain_verify()
    assert report.broken_sequence == 1  # its own hash no longer matches its content
    _forge("UPDATE audit_auditrecord SET record_hash = (SELECT prev_hash FROM audit_auditrecord WHERE sequence = 2)"
                " WHERE sequence = 1", [])
    assert chain_verify().ok


def test_verify_finds_a_deleted_record_in_the_middle_and_at_the_end(django_user_model):
    _three(django_user_model)
    _forge("DELETE FROM audit_auditrecord WHERE sequence = 3", [])
    assert chain_verify().broken_sequence == 3
    _forge("DELETE FROM audit_auditrecord WHERE sequence = 2", [])
    report = chain_verify()
    assert (report.ok, report.broken_sequence) == (False, 2)


def test_verify_command_reports_an_intact_chain(django_user_model, capsys):
    _three(django_user_model)
    call_command("audit", "verify")
    assert "OK: 3 audit records" in capsys.readouterr().out


def test_purge_keeps_a_year_and_the_rest_still_verifies(django_user_model, settings, monkeypatch):
    settings.TIJARA_AUDIT_RETENTION_DAYS = 30  # set too low: the one-year floor still holds
    written = timezone.now() - timedelta(days=400)
    monkeypatch.setattr(services, "timezone", SimpleNamespace(now=lambda: written))
    _three(django_user_model)
    monkeypatch.undo()
    audit_record(AuditEvent.SIGN_IN)  # a fresh one, which the purge must keep
    assert audit_purge(now=written + timedelta(days=364)) == 0
    assert audit_purge() == 3
    report = chain_verify()
    assert report.ok and report.checked == 1
    assert AuditRecord.objects.get().sequence == 4
    audit_record(AuditEvent.SIGN_IN)
    assert chain_verify().ok


@pytest.mark.postgres
def test_postgresql_itself_refuses_to_rewrite_or_delete_a_young_record(django_user_model):
    _three(django_user_model)
    for sql in ("UPDATE audit_auditrecord SET target = 'forged' WHERE sequence = 2",
                "DELETE FROM audit_auditrecord WHERE sequence = 3"):
        with pytest.raises(DatabaseError, match="audit records"), transaction.atomic():
            _raw_update(sql, [])
    assert chain_verify().ok and AuditRecord.objects.count() == 3

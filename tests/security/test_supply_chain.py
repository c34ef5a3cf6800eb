"""The supply-chain check of the test command [SEC-WEB-SUPPLY-CHAIN]: findings fail unless allowed with a reason,
stale allowances fail, and an unreachable vulnerability service is a clear failure where the audit is required
(TIJARA_AUDIT_REQUIRED=1), a loud "NOT AUDITED" otherwise, never a silent pass.
The tools' answers are replayed here; the test command runs the real ones."""

import importlib.util
import json
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
spec = importlib.util.spec_from_file_location("security_scan", ROOT / "scripts" / "security_scan.py")
scan = importlib.util.module_from_spec(spec)
spec.loader.exec_module(scan)


@pytest.fixture
def replay(monkeypatch, tmp_path):
    """Answers the tool with the given JSON and uses an allow-list of the given TOML text."""
    allowlist = tmp_path / "allow.toml"
    monkeypatch.setattr(scan, "ALLOWLIST", allowlist)

    def set_up(report: dict, allow: str = ""):
        allowlist.write_text(allow, encoding="utf-8")
        monkeypatch.setattr(scan, "run", lambda command, what: subprocess.CompletedProcess(
            command, 0, stdout=json.dumps(report), stderr=""))

    return set_up


VULNERABLE = {"dependencies": [
    {"name": "django", "version": "5.2.0", "vulns": [
        {"id": "PYSEC-2025-1", "aliases": ["CVE-2025-0001"], "fix_versions": ["5.2.1"]}]},
    {"name": "pillow", "version": "12.0.0", "vulns": []},
]}


def test_a_known_vulnerability_fails_unless_allowed_with_a_reason(replay):
    replay(VULNERABLE)
    assert scan.check_pip_audit() == ["pip-audit django 5.2.0: PYSEC-2025-1 (fixed in 5.2.1)"]
    replay(VULNERABLE, '[[pip-audit]]\npackage = "django"\nid = "CVE-2025-0001"\nreason = "the module is unused"\n')
    assert scan.check_pip_audit() == []
    replay(VULNERABLE, '[[pip-audit]]\npackage = "django"\nid = "CVE-2025-0001"\nreason = ""\n')
    with pytest.raises(SystemExit, match="has no reason"):
        scan.check_pip_audit()


def test_an_allowance_that_matches_nothing_any_more_fails(replay):
    replay({"dependencies": [{"name": "django", "version": "5.2.1", "vulns": []}]},
           '[[pip-audit]]\npackage = "django"\nid = "PYSEC-2025-1"\nreason = "fixed since"\n')
    assert "matches nothing any more" in scan.check_pip_audit()[0]


UNREACHABLE = {"dependencies": [
    {"name": "django", "skip_reason": "Dependency not found on PyPI and could not be audited: django (5.2.1)"}]}


def test_an_unreachable_vulnerability_service_is_a_clear_failure_where_the_audit_is_required(replay, monkeypatch):
    monkeypatch.setenv("TIJARA_AUDIT_REQUIRED", "1")
    replay(UNREACHABLE)
    [problem] = scan.check_pip_audit()
    assert "could not check 1 of 1" in problem and "https://pypi.org" in problem


def test_an_offline_network_says_not_audited_instead_of_passing_silently(replay, monkeypatch, capsys):
    monkeypatch.delenv("TIJARA_AUDIT_REQUIRED", raising=False)
    replay(UNREACHABLE)
    assert scan.check_pip_audit() == []
    assert "NOT AUDITED" in capsys.readouterr().out


def test_some_dependencies_unchecked_is_a_failure_even_offline(replay, monkeypatch):
    monkeypatch.delenv("TIJARA_AUDIT_REQUIRED", raising=False)
    replay({"dependencies": [*UNREACHABLE["dependencies"], {"name": "rich", "version": "14.0.0", "vulns": []}]})
    [problem] = scan.check_pip_audit()
    assert "could not check 1 of 2" in problem


def test_a_high_bandit_finding_fails_unless_allowed(replay):
    report = {"results": [{"test_id": "B324", "filename": "src/tijara/x.py", "line_number": 3,
                           "issue_severity": "HIGH", "issue_text": "weak hash"}]}
    replay(report)
    assert scan.check_bandit() == ["bandit B324 (HIGH) src/tijara/x.py:3: weak hash"]
    replay(report, '[[bandit]]\ntest = "B324"\npath = "src/tijara/x.py"\nreason = "a file name, not security"\n')
    assert scan.check_bandit() == []


def test_the_committed_allowlist_gives_a_reason_for_every_entry():
    for section in ("bandit", "pip-audit"):
        scan.allowlist(section)  # exits naming the entry otherwise

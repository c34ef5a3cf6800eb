# ruff: noqa: F811  (fixtures imported from tests/dashboard/conftest.py are then requested by name)
"""Browser-side defences on every answer [SEC-WEB-HEADERS], no-store on personal pages [SEC-WEB-NO-STORE], and a
check --deploy that stays meaningful with the demo's flags [SEC-WEB-DEPLOY]."""

import os
import re
import subprocess
import sys
import threading
import urllib.request
from pathlib import Path

import pytest
from django.test import Client

from tests.dashboard.conftest import client_a, owner_a, store_a  # noqa: F401  (fixtures)
from tijara.core.security import content_security_policy

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.django_db


def directives(response) -> dict[str, str]:
    policy = response["Content-Security-Policy"]
    return {part.split()[0]: part.strip() for part in policy.split(";") if part.strip()}


def test_pages_carry_a_policy_without_inline_script_and_refuse_framing(client):
    response = client.get("/fr/")
    assert response.status_code == 200
    policy = directives(response)
    assert policy["script-src"] == "script-src 'self'"  # no 'unsafe-inline', no 'unsafe-eval', no other host
    assert policy["object-src"] == "object-src 'none'" and policy["base-uri"] == "base-uri 'none'"
    assert policy["frame-ancestors"] == "frame-ancestors 'none'"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "camera=()" in response["Permissions-Policy"] and "geolocation=()" in response["Permissions-Policy"]


def test_forms_may_post_only_here_and_to_the_card_gateway(settings):
    settings.TIJARA_CMI_GATEWAY_URL = "https://payment.cmi.example/fim/est3Dgate"
    assert "form-action 'self' https://payment.cmi.example;" in content_security_policy() + ";"


def test_error_pages_and_api_answers_carry_the_policy_too(client):
    for response in (client.get("/fr/no-such-page/"), client.get("/api/v1/products")):
        assert "script-src 'self'" in response["Content-Security-Policy"]


def test_hsts_is_sent_over_https_with_subdomains_and_preload(client):
    response = client.get("/fr/", secure=True)
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert "Strict-Transport-Security" not in client.get("/fr/")  # never over plain HTTP (browsers ignore it)


SCRIPTED = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>(?!\s*</script>)|\son[a-z]+\s*=|javascript:", re.IGNORECASE)


def test_no_template_holds_an_inline_script_or_handler():
    """The policy would block them: every script is a static file (JSON data blocks are not scripts)."""
    offenders = []
    for path in sorted((ROOT / "src" / "tijara").rglob("*.html")):
        text = path.read_text(encoding="utf-8")
        for match in SCRIPTED.finditer(text):
            if 'type="application/json"' in match.group(0):
                continue
            offenders.append(f"{path.relative_to(ROOT)}: {match.group(0)[:60]}")
    assert offenders == []


def test_personal_pages_are_never_stored(client_a):
    anonymous = Client()
    for response in (client_a.get("/fr/dashboard/"), client_a.get("/fr/account/"),
                     anonymous.get("/fr/orders/find/"), anonymous.get("/fr/orders/TJ-NONE-1/")):
        assert response["Cache-Control"] == "private, no-store", response.request["PATH_INFO"]


def test_a_signed_in_persons_public_pages_are_not_stored_either_but_a_visitors_are(client_a, client):
    assert client_a.get("/fr/")["Cache-Control"] == "private, no-store"  # the header names the account
    assert "no-store" not in client.get("/fr/").get("Cache-Control", "")  # shared, cacheable a few seconds


def check_deploy(**env) -> subprocess.CompletedProcess:
    environment = {"PATH": os.environ["PATH"], "HOME": os.environ.get("HOME", "/tmp"), "TIJARA_DEBUG": "0",
                   "TIJARA_SECRET_KEY": "a-throw-away-key-for-this-check-only-0123456789abcdefghijklmnop", **env}
    return subprocess.run([sys.executable, "-m", "tijara", "check", "--deploy", "--fail-level", "WARNING"],
                          capture_output=True, text=True, env=environment, cwd=ROOT, timeout=60)


def test_plain_http_is_accepted_by_check_deploy_only_for_a_loopback_server():
    """The demo's flags pass on 127.0.0.1 (scripts/test.sh runs that); the same flags with a reachable host
    name bring Django's HTTPS warnings back."""
    done = check_deploy(TIJARA_SSL_REDIRECT="0", TIJARA_SECURE_COOKIES="0", TIJARA_ALLOWED_HOSTS="shop.example.ma")
    assert done.returncode == 1
    assert {"security.W008", "security.W012", "security.W016"} <= set(re.findall(r"security\.W\d+", done.stderr))


@pytest.fixture
def simulator():
    from tijara.simulator.gateway import Gateway
    from tijara.simulator.server import server_build

    server = server_build(Gateway(store_key="k"), "127.0.0.1", 0)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_the_gateway_simulator_pages_carry_a_policy_and_serve_their_script_as_a_file(simulator):
    with urllib.request.urlopen(f"{simulator}/", timeout=5) as page:
        assert "script-src 'self'" in page.headers["Content-Security-Policy"]
    with urllib.request.urlopen(f"{simulator}/static/return.js", timeout=5) as script:
        assert script.headers["Content-Type"].startswith("text/javascript")
        assert b'getElementById("return")' in script.read()

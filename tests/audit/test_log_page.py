"""The audit trail page for platform admins: newest first, filtered, paginated, in constant queries
[SEC-AUDIT-CHAIN]."""

import pytest
from django.urls import reverse

from tests.dashboard.conftest import client_for
from tijara.accounts.models import User
from tijara.audit.events import AuditEvent
from tijara.audit.services import audit_record

pytestmark = pytest.mark.django_db


def test_the_log_lists_filters_and_pages_in_constant_queries(django_assert_max_num_queries):
    admin = User.objects.create_user("admin@tijara.ma", "a long enough pass 42", is_superuser=True, is_staff=True)
    for n in range(60):
        audit_record(AuditEvent.SIGN_IN if n % 2 else AuditEvent.REFUND, actor=admin, merchant_id=n % 3,
                     target=f"t:{n}", data={"n": n, "note": "\u202eevil"})
    client = client_for(admin)
    client.get(reverse("dashboard:audit_log"))  # warm the session
    with django_assert_max_num_queries(8):
        page = client.get(reverse("dashboard:audit_log"), {"event": "refund", "merchant": "1"}).content.decode()
    shown = {n for n in range(60) if f"<bdi>t:{n}</bdi>" in page}
    assert shown == {n for n in range(60) if n % 2 == 0 and n % 3 == 1} and "admin@tijara.ma" in page
    assert "<bdi>note: \u202eevil</bdi>" in page  # typed text isolated from the page's direction
    first = client.get(reverse("dashboard:audit_log")).content.decode()
    assert "<bdi>t:59</bdi>" in first and "<bdi>t:0</bdi>" not in first
    older = client.get(reverse("dashboard:audit_log"), {"page": "2"}).content.decode()
    assert "<bdi>t:0</bdi>" in older
    for bad in ({"page": "x"}, {"merchant": "9" * 30}, {"event": "nope"}, {"page": "-4"}):
        assert client.get(reverse("dashboard:audit_log"), bad).status_code == 200

"""The roles matrix, written once, is what the back-office and the merchant API enforce [SEC-ROLES-MATRIX].

Every protected back-office page (found in the URL conf, with the action its decorator checks) and every
merchant API operation (found in the OpenAPI document) is tried with each role: customer; merchant owner,
manager, staff; platform reviewer, admin; observatory analyst. A role the matrix refuses gets 403 (or, for a
signed-in account with no store, the onboarding page); a role it allows is never refused. The generated
docs/security/permissions.md must match the code.
"""

import json
import re
from pathlib import Path
from urllib.parse import urlencode

import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.dashboard.conftest import client_for, make_member
from tests.factories import make_merchant
from tijara.accounts.models import User
from tijara.dashboard.permissions_doc import DOC_PATH, render
from tijara.merchants.models import Role
from tijara.merchants.permissions import (
    CUSTOMER,
    MERCHANT_ROLES,
    OBSERVATORY_ANALYST,
    PLATFORM_ADMIN,
    PLATFORM_REVIEWER,
    ROLES,
    PermissionRefused,
    platform_can,
    platform_roles,
    require_platform,
    role_can,
)

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]
MISSING_INT, MISSING_STR = 999_999, "NOPE-000001"

# The action each merchant API operation checks, by path (first match wins). A new kind of operation makes the
# test fail until it is listed here, so no operation escapes the check.
API_ACTIONS = [
    (r"^(GET|POST|PUT) /api/v1/merchant/products", "catalog.edit"),
    (r"^POST /api/v1/merchant/orders/[^/]+/(refunds|transfer-received)$", "payments.manage"),
    (r"^POST /api/v1/merchant/aftersale/refunds-due/[^/]+/refund$", "payments.manage"),
    (r"^(GET|POST) /api/v1/merchant/(remittances|carrier-balances|carrier-ledger)", "payments.manage"),
    (r"^(GET|POST) /api/v1/merchant/(orders|calls|carriers|shipments|aftersale)", "orders.manage"),
    (r"^(GET|POST|DELETE) /api/v1/merchant/tokens", "tokens.manage"),
]


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    """Not a password test: a fast hasher keeps the seven accounts cheap."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def people(db) -> dict[str, User]:
    store = make_merchant(name="Argania", slug="argania")
    users = {role: make_member(store, role, email=f"{role}@example.ma") for role in MERCHANT_ROLES}
    users[CUSTOMER] = User.objects.create_user("customer@example.ma", "a long enough pass 42")
    for role, staff in ((PLATFORM_REVIEWER, True), (PLATFORM_ADMIN, True), (OBSERVATORY_ANALYST, False)):
        users[role] = User.objects.create_user(f"{role}@tijara.ma", "a long enough pass 42", is_staff=staff)
        users[role].groups.add(Group.objects.get_or_create(name=role)[0])
    return users


def dashboard_pages() -> list[tuple[URLPattern, str, bool]]:
    """(pattern, action, merchant page?) of every back-office route whose decorator checks an action."""
    found = []

    def walk(patterns, namespace=None):
        for entry in patterns:
            if isinstance(entry, URLResolver):
                walk(entry.url_patterns, entry.namespace or namespace)
            elif namespace == "dashboard":
                merchant = getattr(entry.callback, "merchant_action", None)
                platform = getattr(entry.callback, "platform_action", None)
                if merchant or platform:
                    found.append((entry, merchant or platform, bool(merchant)))

    walk(get_resolver().url_patterns)
    return found


def _url(pattern: URLPattern) -> str:
    if pattern.name == "export":
        return reverse("dashboard:export", kwargs={"fmt": "csv"})
    kwargs = {name: MISSING_INT if type(conv).__name__ == "IntConverter" else MISSING_STR
              for name, conv in pattern.pattern.converters.items()}
    return reverse(f"dashboard:{pattern.name}", kwargs=kwargs)


def test_the_committed_permissions_page_is_generated_from_the_current_code():
    assert (ROOT / DOC_PATH).read_text(encoding="utf-8") == render(), "run `tijara permissions_doc`"


def test_the_matrix_names_every_role_once_and_merchant_roles_nest():
    assert set(ROLES) == {CUSTOMER, *MERCHANT_ROLES, PLATFORM_REVIEWER, PLATFORM_ADMIN, OBSERVATORY_ANALYST}
    for action in ("catalog.edit", "orders.manage", "payments.manage", "settings.edit", "team.manage", "bank.edit"):
        assert not role_can(Role.STAFF, action) or role_can(Role.MANAGER, action)
        assert not role_can(Role.MANAGER, action) or role_can(Role.OWNER, action)
    assert not any(role_can(r, "audit.view") for r in (*MERCHANT_ROLES, CUSTOMER, PLATFORM_REVIEWER))


def test_platform_roles_come_from_groups_superusers_and_plain_staff(people):
    assert platform_roles(people[PLATFORM_REVIEWER]) == {PLATFORM_REVIEWER}
    assert platform_roles(people[OBSERVATORY_ANALYST]) == {OBSERVATORY_ANALYST}
    assert platform_roles(people[Role.OWNER]) == frozenset() and platform_roles(people[CUSTOMER]) == frozenset()
    legacy = User.objects.create_user("finance@tijara.ma", "a long enough pass 42", is_staff=True)
    root = User.objects.create_user("root@tijara.ma", "a long enough pass 42", is_superuser=True)
    assert platform_roles(legacy) == platform_roles(root) == {PLATFORM_ADMIN}
    people[PLATFORM_ADMIN].is_active = False
    assert not platform_can(people[PLATFORM_ADMIN], "audit.view")
    with pytest.raises(PermissionRefused):
        require_platform(people[PLATFORM_REVIEWER], "payouts.manage")


def test_every_protected_page_answers_each_role_as_the_matrix_says(people):
    pages = dashboard_pages()
    assert len(pages) >= 40
    clients = {role: client_for(user) for role, user in people.items()}
    anonymous = Client()
    for pattern, action, merchant_page in pages:
        url = _url(pattern)
        method = "post" if anonymous.get(url).status_code == 405 else "get"  # a POST-only page
        response = getattr(anonymous, method)(url)
        assert response.status_code == 302 and "login" in response["Location"], (pattern.name, "anonymous")
        for role, client in clients.items():
            code = getattr(client, method)(url).status_code
            allowed = role_can(role, action) and (merchant_page == (role in MERCHANT_ROLES))
            if allowed:
                assert code not in (403, 500), (pattern.name, role, code)
            elif merchant_page and role not in MERCHANT_ROLES:
                assert code in (302, 403), (pattern.name, role, code)  # no store: the onboarding page
            else:
                assert code == 403, (pattern.name, role, code)


def _schema(spec: dict, schema: dict) -> dict:
    while "$ref" in schema:
        schema = spec["components"]["schemas"][schema["$ref"].rsplit("/", 1)[-1]]
    if "anyOf" in schema and "properties" not in schema:  # a nullable value, not an object's alternative rules
        return _schema(spec, next(s for s in schema["anyOf"] if s.get("type") != "null"))
    return schema


def _example(spec: dict, schema: dict):  # noqa: ANN202 - any JSON value
    """A small value the schema accepts, so the request reaches the handler's role check."""
    schema = _schema(spec, schema)
    if "examples" in schema and schema["examples"]:
        return schema["examples"][0]
    if "enum" in schema:
        return schema["enum"][0]
    kind = schema.get("type")
    if kind == "object" or "properties" in schema:
        props = schema.get("properties", {})
        required = [*schema.get("required", []), *schema.get("anyOf", [{}])[0].get("required", [])]  # one branch
        return {name: _example(spec, props[name]) for name in required}
    if kind == "array":
        return [_example(spec, schema["items"]) for _ in range(max(1, schema.get("minItems", 0)))]
    if kind == "integer":
        return max(1, schema.get("minimum", 1))
    if kind == "number":
        return max(1, schema.get("minimum", 1))
    if kind == "boolean":
        return False
    if schema.get("format") == "date":
        return "2026-01-01"
    return "x" * max(1, schema.get("minLength", 1))


def _call(client: Client, spec: dict, method: str, path: str, operation: dict):
    url, query = path, {}
    for param in operation.get("parameters", []):
        if param["in"] == "path":
            value = MISSING_INT if _schema(spec, param["schema"]).get("type") == "integer" else MISSING_STR
            url = url.replace("{" + param["name"] + "}", str(value))
        elif param["in"] == "query" and param.get("required"):
            query[param["name"]] = _example(spec, param["schema"])
    if query:
        url += "?" + urlencode(query)
    content = operation.get("requestBody", {}).get("content", {})
    if "multipart/form-data" in content:
        schema = _schema(spec, content["multipart/form-data"]["schema"])
        data = {name: SimpleUploadedFile("rows.csv", b"a,b\n1,2\n", content_type="text/csv")
                if schema["properties"][name].get("format") == "binary" else _example(spec, schema["properties"][name])
                for name in schema.get("required", [])}
        return client.post(url, data)
    if "application/json" in content:
        body = _example(spec, content["application/json"]["schema"])
        return getattr(client, method)(url, data=json.dumps(body), content_type="application/json")
    return getattr(client, method)(url)


def _api_action(method: str, path: str) -> str:
    key = f"{method.upper()} {path}"
    for pattern, action in API_ACTIONS:
        if re.search(pattern, key):
            return action
    raise AssertionError(f"{key}: say in API_ACTIONS which action it checks")


def test_every_merchant_api_operation_answers_each_role_as_the_matrix_says(people):
    spec = Client().get("/api/v1/openapi.json").json()
    clients = {role: client_for(user) for role, user in people.items()}
    checked = 0
    for path, operations in spec["paths"].items():
        if not path.startswith("/api/v1/merchant/"):
            continue
        for method, operation in operations.items():
            action = _api_action(method, path)
            for role, client in clients.items():
                response = _call(client, spec, method, path, operation)
                if role in MERCHANT_ROLES and role_can(role, action):
                    assert response.status_code not in (403, 500), (method, path, role, response.content[:200])
                else:
                    assert response.status_code == 403, (method, path, role, response.status_code,
                                                          response.content[:200])
                checked += 1
    assert checked >= 30 * len(clients)

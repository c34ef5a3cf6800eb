"""The API under hostile input and its document: shared answers documented [SEC-API-OPENAPI], JSON errors for
oversized or deeply nested bodies, `no-store` on answers with personal data [SEC-API-NO-STORE]."""

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def operations(spec: dict):
    for path, methods in spec["paths"].items():
        for method, operation in methods.items():
            yield method, path, operation


def test_every_operation_documents_the_answers_it_shares_with_the_error_schema():
    spec = Client().get("/api/v1/openapi.json").json()
    merchant = 0
    for method, path, operation in operations(spec):
        responses = operation["responses"]
        expected = set()
        if operation.get("parameters") or operation.get("requestBody"):
            expected.add("400")
        if operation.get("requestBody"):
            expected.add("413")
        if path.startswith("/api/v1/merchant/"):
            merchant += 1
            expected |= {"401", "403", "429"}
            assert {"MerchantTokenAuth": []} in operation["security"], (method, path)
        assert expected <= set(responses), (method, path, expected - set(responses))
        for code, answer in responses.items():
            if code.startswith(("4", "5")) and "content" in answer:
                schema = answer["content"]["application/json"]["schema"]
                refs = [schema.get("$ref", "")] + [s.get("$ref", "") for s in schema.get("anyOf", [])]
                assert any(ref.endswith(("ErrorOut", "RecapChangedOut")) for ref in refs), (method, path, code)
    assert merchant >= 14
    assert spec["paths"]["/api/v1/merchant/products"]["get"]["responses"]["429"]["headers"]["Retry-After"]


def test_an_oversized_body_answers_the_json_error(settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    api = Client()
    token = api.post("/api/v1/carts").json()["token"]
    body = '{"variant_id": 1, "quantity": 1, "pad": "' + "x" * 5000 + '"}'
    for url, headers in ((f"/api/v1/carts/{token}/lines", {}),
                         (f"/api/v1/carts/{token}/confirm", {"HTTP_IDEMPOTENCY_KEY": "confirm-key-0001"})):
        response = api.post(url, body, content_type="application/json", **headers)
        assert response.status_code == 413, url
        assert response["Content-Type"].startswith("application/json")
        assert response.json()["message"]


def test_deeply_nested_json_to_confirm_answers_400_not_500():
    api = Client(raise_request_exception=False)
    token = api.post("/api/v1/carts").json()["token"]
    body = "[" * 100_000 + "]" * 100_000
    response = api.post(f"/api/v1/carts/{token}/confirm", body, content_type="application/json",
                        HTTP_IDEMPOTENCY_KEY="confirm-key-0001")
    assert response.status_code == 400
    assert response.json()["field"] == "fingerprint"
    nested = api.post(f"/api/v1/carts/{token}/lines", body, content_type="application/json")
    assert nested.status_code == 400 and nested.json()["message"]


def test_answers_with_personal_data_are_never_stored_public_ones_may_be():
    api = Client()
    created = api.post("/api/v1/carts")
    token = created.json()["token"]
    for response in (created, api.get(f"/api/v1/carts/{token}"), api.get("/api/v1/orders/ARG-000001?email=a@b.ma"),
                     api.get("/api/v1/merchant/products"),
                     api.get("/api/v1/merchant/products", HTTP_AUTHORIZATION="Bearer tjr_unknown")):
        assert "no-store" in response["Cache-Control"], response.request["PATH_INFO"]
    assert "no-store" not in api.get("/api/v1/categories").get("Cache-Control", "")

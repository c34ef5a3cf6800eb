"""Schemathesis against every operation of the OpenAPI document, without a credential and with a merchant API
token holding every scope [SEC-API-OPENAPI]: no server error, no undocumented status, every answer matching its
documented schema and content type, authentication never ignored.

Run in-process (WSGI) on the test database with a store, its products, orders and payments. Examples per
operation are few and deterministic to keep the suite fast; `schemathesis run ... -c all` against a live server
goes deeper (README). Not yet checked here: "schema-valid request refused" (positive_data_acceptance) and
"schema-violating request accepted" (negative_data_rejection): some operations still refuse, after their schema
accepts it, a value only the business rules reject (an unknown carrier, a missing cancellation reason, decimals
with three places); see KNOWN_GAPS.
"""

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from hypothesis import HealthCheck, given
from hypothesis import settings as settings_

from tests.dashboard.conftest import make_member, make_order
from tests.factories import make_category, make_merchant, make_product
from tijara.merchants.models import MerchantMembership, Role, TokenScope
from tijara.merchants.tokens import token_create
from tijara.payments.models import Payment

# Checks of `-c all` left out for now, with why (the operations are named in the report of `schemathesis run`).
KNOWN_GAPS = {
    "positive_data_acceptance": "business refusals answered 400 where the schema cannot say it (carriers, reasons)",
    "negative_data_rejection": "decimal amounts and order filters accept a little more than documented",
}


@pytest.mark.parametrize("caller", ["anonymous", "token"])
def test_every_operation_behaves_as_documented(caller, db, settings):
    from schemathesis.specs.openapi.checks import negative_data_rejection, positive_data_acceptance

    settings.TIJARA_API_TOKEN_RATE_LIMIT = 1_000_000
    store = make_merchant(name="Argania S", slug="argania-s")
    product = make_product(store, category=make_category("beaute", fr="Beauté"), slug="huile-s")
    owner = make_member(store, Role.OWNER, email="owner-s@example.ma")
    for number in ("ARG-000001", "ARG-000002"):
        order = make_order(store, number=number, product=product)
        Payment.objects.create(merchant=store, order=order, provider="cod", status="captured", amount=order.total,
                               captured_amount=order.total)
    headers = {}
    if caller == "token":
        _token, secret = token_create(membership=MerchantMembership.objects.get(user=owner), name="st",
                                      scopes=list(TokenScope.values))
        headers = {"Authorization": f"Bearer {secret}"}
    loaded = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())
    tested = 0
    for result in loaded.get_all_operations():
        operation = result.ok()

        @given(case=operation.as_strategy())
        @settings_(max_examples=4, deadline=None, derandomize=True, database=None,
                   suppress_health_check=list(HealthCheck))
        def run(case):
            case.call_and_validate(headers=headers, excluded_checks=[positive_data_acceptance, negative_data_rejection])

        run()
        tested += 1
    assert tested >= 40

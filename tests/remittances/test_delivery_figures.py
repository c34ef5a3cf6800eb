"""Delivery and refusal rates of cash-on-delivery parcels per city, per carrier and per week on the back-office
home, in a constant number of queries."""

import pytest
from django.urls import reverse

from tests.remittances.conftest import make_carrier, parcel
from tijara.core.models import City
from tijara.fulfilment.models import ShipmentStatus
from tijara.remittances.figures import delivery_figures

pytestmark = pytest.mark.django_db


@pytest.fixture
def outcomes(store_a, carrier_a):
    other_city = City.objects.exclude(pk=store_a.city_id).order_by("pk").first()
    ctm = make_carrier(store_a, code="ctm", name="CTM")
    made = [
        parcel(store_a, carrier_a, "ARG-000001"), parcel(store_a, carrier_a, "ARG-000002"),
        parcel(store_a, carrier_a, "ARG-000003", status=ShipmentStatus.REFUSED),
        parcel(store_a, ctm, "ARG-000004", status=ShipmentStatus.RETURNED),
        parcel(store_a, ctm, "ARG-000005", status=ShipmentStatus.SHIPPED),  # still travelling: not counted
    ]
    for shipment in made[2:4]:
        shipment.returned_at = shipment.shipped_at
        shipment.save(update_fields=["returned_at"])
        shipment.order.city = other_city
        shipment.order.save(update_fields=["city"])
    return other_city


def test_rates_per_city_carrier_and_week(store_a, outcomes, django_assert_max_num_queries):
    with django_assert_max_num_queries(1):
        figures = delivery_figures(store_a, days=30)
    assert (figures.overall.total, figures.overall.delivery_rate, figures.overall.refusal_rate) == (4, 50, 25)
    by_carrier = {r.label: (r.delivered, r.refused, r.other) for r in figures.by_carrier}
    assert by_carrier == {"Amana": (2, 1, 0), "CTM": (0, 0, 1)}
    by_city = {r.label: (r.delivery_rate, r.refusal_rate) for r in figures.by_city}
    assert by_city == {store_a.city.name_fr: (100, 0), outcomes.name_fr: (0, 50)}
    assert sum(r.total for r in figures.by_week) == 4


def test_the_home_page_shows_the_rates_as_charts(client_a, outcomes):
    page = client_a.get(reverse("dashboard:home")).content.decode()
    assert 'id="delivery-by-city"' in page and 'id="delivery-by-carrier"' in page and 'id="delivery-by-week"' in page
    assert page.count('class="out-refused"') >= 3  # one bar per row of each table, split by outcome

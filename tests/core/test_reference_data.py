"""The 12 regions of decree 2-15-40, coded 1-12 in the decree's order [REF-REGION]."""

import pytest

from tijara.core.models import Region

pytestmark = pytest.mark.django_db

DECREE_ORDER = [
    "Tanger-Tétouan-Al Hoceïma", "L'Oriental", "Fès-Meknès", "Rabat-Salé-Kénitra", "Béni Mellal-Khénifra",
    "Casablanca-Settat", "Marrakech-Safi", "Drâa-Tafilalet", "Souss-Massa", "Guelmim-Oued Noun",
    "Laâyoune-Sakia El Hamra", "Dakhla-Oued Ed-Dahab",
]


def test_the_twelve_regions_are_coded_in_the_decree_order():
    assert list(Region.objects.order_by("code").values_list("code", "name_fr")) == list(enumerate(DECREE_ORDER, 1))
    assert all(region.name_ar for region in Region.objects.all())  # shown in Arabic too


"""[DP-NO-CIN] No table stores a national identity card number: processing one needs a CNDP authorisation."""

import re

from django.apps import apps

# Field names a CIN would be stored under, in English, French or as the card's own acronyms.
CIN_FIELD = re.compile(r"(^|_)(cin|cine|cnie|national_id|identity_card|carte_nationale|id_card)(_|$)")


def test_no_model_has_a_national_identity_card_field():
    fields = [
        f"{model._meta.label}.{field.name}"
        for model in apps.get_models()
        for field in model._meta.get_fields()
        if CIN_FIELD.search(field.name.lower())
    ]
    assert fields == []


def test_the_pattern_would_catch_the_usual_names():
    for name in ("cin", "customer_cin", "cnie_number", "national_id", "id_card"):
        assert CIN_FIELD.search(name), name
    assert not CIN_FIELD.search("vaccine") and not CIN_FIELD.search("cinema_ticket")

"""No form, schema or page asks for a national ID number (CIN) while no CNDP authorisation is configured
[DP-NO-CIN]. The model scan is in tests/security/test_personal_data.py; this one scans every form class, every
API schema and every template's input names."""

import importlib
import pkgutil
import re
from pathlib import Path

from django import forms
from django.conf import settings
from ninja import Schema

import tijara

CIN = re.compile(r"(^|_)(cin|cine|cnie|national_id|identity_card|carte_nationale|id_card)(_|$)", re.I)
SRC = Path(tijara.__file__).parent


def all_modules():
    for info in pkgutil.walk_packages([str(SRC)], prefix="tijara."):
        if ".migrations" in info.name or ".management" in info.name or info.name.endswith("__main__"):
            continue
        try:
            yield importlib.import_module(info.name)
        except Exception:  # noqa: BLE001 - a module that cannot import alone is not a form
            continue


def test_no_authorisation_is_configured_by_default():
    assert settings.TIJARA_CIN_AUTHORISATION == ""


def test_no_form_or_api_schema_has_a_cin_field():
    found = []
    for module in all_modules():
        for name, obj in vars(module).items():
            if isinstance(obj, type) and issubclass(obj, forms.BaseForm) and obj.__module__ == module.__name__:
                found += [f"{module.__name__}.{name}.{f}" for f in obj.base_fields if CIN.search(f)]
            if isinstance(obj, type) and issubclass(obj, Schema) and obj.__module__ == module.__name__:
                found += [f"{module.__name__}.{name}.{f}" for f in obj.model_fields if CIN.search(f)]
    assert found == []


def test_no_template_has_an_input_named_like_a_cin():
    names = []
    for template in SRC.rglob("templates/**/*.html"):
        for name in re.findall(r'name="([^"{]+)"', template.read_text(encoding="utf-8")):
            if CIN.search(name):
                names.append(f"{template.relative_to(SRC)}: {name}")
    assert names == []

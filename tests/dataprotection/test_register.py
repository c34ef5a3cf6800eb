"""The processing register is generated from the code, in French and Arabic [DP-REGISTER]."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from tijara.dataprotection.register import personal_tables, register_markdown

pytestmark = pytest.mark.django_db


def test_the_register_lists_purposes_tables_retention_processors_and_measures_in_french():
    text = register_markdown("fr")
    for part in ("Registre des traitements", "Finalités", "Conservation", "Sous-traitants", "Mesures de sécurité",
                 "orders.Order", "accounts.User", "Paniers des visiteurs", "Platform mail relay (SMTP)", "MA",
                 "D-GC-000/2026"):
        assert part in text, part


def test_the_register_in_arabic():
    text = register_markdown("ar")
    for part in ("سجل", "orders.Order", "Platform mail relay (SMTP)"):
        assert part in text, part
    assert "Finalités" not in text and "Retention" not in text


def test_every_model_with_personal_data_is_in_the_register():
    labels = {row["table"] for row in personal_tables()}
    assert {"accounts.User", "orders.Order", "checkout.CheckoutDetails", "merchants.TeamInvitation"} <= labels


def test_a_processor_abroad_without_basis_shows_as_refused(settings):
    settings.TIJARA_PROCESSORS = {"sms": {"kind": "sms", "name": "Cloud SMS", "country": "US", "contract": "C"}}
    assert "Cloud SMS" in register_markdown("fr") and "refusé" in register_markdown("fr")


def test_the_command_writes_the_file(tmp_path):
    target = tmp_path / "register.ar.md"
    call_command("privacy_register", language="ar", output=str(target))
    assert "orders.Order" in target.read_text(encoding="utf-8")


def test_staff_read_it_on_a_page(client, django_user_model):
    staff = django_user_model.objects.create_user("dpo@tijara.ma", "x-strong-pass-1", is_staff=True)
    client.force_login(staff)
    page = client.get(reverse("dashboard:privacy_register") + "?lang=ar").content.decode()
    assert 'lang="ar" dir="rtl"' in page and "orders.Order" in page

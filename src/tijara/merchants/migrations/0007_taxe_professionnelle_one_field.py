"""The taxe professionnelle number lives in one field, `professional_tax`; `tp_number` is folded into it."""

from django.db import migrations
from django.db.models import F, Q


def tp_into_professional_tax(apps, schema_editor):
    Merchant = apps.get_model("merchants", "Merchant")
    Merchant.objects.filter(Q(professional_tax="") & ~Q(tp_number="")).update(professional_tax=F("tp_number"))


def professional_tax_into_tp(apps, schema_editor):
    Merchant = apps.get_model("merchants", "Merchant")
    Merchant.objects.update(tp_number=F("professional_tax"))


class Migration(migrations.Migration):

    dependencies = [
        ("merchants", "0006_legal_documents_fields"),
    ]

    operations = [
        migrations.RunPython(tp_into_professional_tax, professional_tax_into_tp),
        migrations.RemoveField(model_name="merchant", name="tp_number"),
    ]

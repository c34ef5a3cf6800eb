"""`Merchant.delivers`: whether the store has an active delivery method, set from the existing methods."""

from django.db import migrations, models
from django.db.models import Exists, OuterRef


def delivers_from_methods(apps, schema_editor):
    Merchant = apps.get_model("merchants", "Merchant")
    ShippingMethod = apps.get_model("shipping", "ShippingMethod")
    active = ShippingMethod.objects.filter(merchant_id=OuterRef("pk"), is_active=True)
    Merchant.objects.update(delivers=Exists(active))


class Migration(migrations.Migration):

    dependencies = [
        ("merchants", "0004_shipping_moves_to_checkout"),
        ("shipping", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="merchant",
            name="delivers",
            field=models.BooleanField(default=False, editable=False),
        ),
        migrations.RunPython(delivers_from_methods, migrations.RunPython.noop),
    ]

"""Shipping methods and zone fees, taken over from checkout with their rows (its migration 0002 renamed the
tables), then their index and check-constraint names moved from checkout_* to shipping_*."""

import django.db.models.deletion
from django.db import migrations, models

import tijara.core.i18n


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ("checkout", "0002_shipping_moves_to_shipping_app"),
        ("core", "0002_reference_data"),
        ("merchants", "0004_shipping_moves_to_checkout"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="ShippingMethod",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("kind", models.CharField(choices=[("home", "Home delivery"), ("relay", "Relay point")], max_length=10)),
                        ("name_fr", models.CharField(max_length=120)),
                        ("name_ar", models.CharField(blank=True, max_length=120)),
                        ("name_en", models.CharField(blank=True, max_length=120)),
                        ("base_fee", models.DecimalField(decimal_places=2, max_digits=10)),
                        ("free_above", models.DecimalField(blank=True, decimal_places=2, help_text="order subtotal (TTC) from which delivery is free", max_digits=12, null=True)),
                        ("delivery_days_min", models.PositiveSmallIntegerField(default=1)),
                        ("delivery_days_max", models.PositiveSmallIntegerField(default=5)),
                        ("is_active", models.BooleanField(default=True)),
                        ("position", models.PositiveSmallIntegerField(default=0)),
                        ("merchant", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="shipping_methods", to="merchants.merchant")),
                    ],
                    options={
                        "ordering": ["merchant_id", "position", "pk"],
                        "indexes": [models.Index(fields=["merchant", "is_active", "position"], name="checkout_sh_merchan_9a9970_idx")],
                        "constraints": [
                            models.CheckConstraint(condition=models.Q(("base_fee__gte", 0)), name="checkout_shipping_fee_not_negative"),
                            models.CheckConstraint(condition=models.Q(("delivery_days_max__gte", models.F("delivery_days_min"))), name="checkout_shipping_days_ordered"),
                        ],
                    },
                    bases=(tijara.core.i18n.TranslatedMixin, models.Model),
                ),
                migrations.CreateModel(
                    name="ShippingZoneFee",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("fee", models.DecimalField(decimal_places=2, max_digits=10)),
                        ("city", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name="+", to="core.city")),
                        ("merchant", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="+", to="merchants.merchant")),
                        ("method", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="zone_fees", to="shipping.shippingmethod")),
                        ("region", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name="+", to="core.region")),
                    ],
                    options={
                        "indexes": [models.Index(fields=["merchant", "method"], name="checkout_sh_merchan_46c78e_idx")],
                        "constraints": [
                            models.CheckConstraint(condition=models.Q(models.Q(("city__isnull", False), ("region__isnull", True)), models.Q(("city__isnull", True), ("region__isnull", False)), _connector="OR"), name="checkout_zone_fee_city_xor_region"),
                            models.CheckConstraint(condition=models.Q(("fee__gte", 0)), name="checkout_zone_fee_not_negative"),
                        ],
                    },
                ),
            ],
        ),
        migrations.RenameIndex(
            model_name="shippingmethod", new_name="shipping_method_merchant_idx", old_name="checkout_sh_merchan_9a9970_idx",
        ),
        migrations.RenameIndex(
            model_name="shippingzonefee", new_name="shipping_zonefee_merchant_idx", old_name="checkout_sh_merchan_46c78e_idx",
        ),
        migrations.RemoveConstraint(model_name="shippingmethod", name="checkout_shipping_fee_not_negative"),
        migrations.RemoveConstraint(model_name="shippingmethod", name="checkout_shipping_days_ordered"),
        migrations.AddConstraint(
            model_name="shippingmethod",
            constraint=models.CheckConstraint(condition=models.Q(("base_fee__gte", 0)), name="shipping_method_fee_not_negative"),
        ),
        migrations.AddConstraint(
            model_name="shippingmethod",
            constraint=models.CheckConstraint(condition=models.Q(("delivery_days_max__gte", models.F("delivery_days_min"))), name="shipping_method_days_ordered"),
        ),
        migrations.RemoveConstraint(model_name="shippingzonefee", name="checkout_zone_fee_city_xor_region"),
        migrations.RemoveConstraint(model_name="shippingzonefee", name="checkout_zone_fee_not_negative"),
        migrations.AddConstraint(
            model_name="shippingzonefee",
            constraint=models.CheckConstraint(condition=models.Q(models.Q(("city__isnull", False), ("region__isnull", True)), models.Q(("city__isnull", True), ("region__isnull", False)), _connector="OR"), name="shipping_zonefee_city_xor_region"),
        ),
        migrations.AddConstraint(
            model_name="shippingzonefee",
            constraint=models.CheckConstraint(condition=models.Q(("fee__gte", 0)), name="shipping_zonefee_not_negative"),
        ),
    ]

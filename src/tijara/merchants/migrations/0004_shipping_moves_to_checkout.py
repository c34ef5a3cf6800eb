"""One shipping table: the dashboard now edits checkout.ShippingMethod / ShippingZoneFee, which checkout charges.

Existing merchants.ShippingRate rows and Merchant.free_shipping_threshold are carried over first (for stores
that have no checkout method yet): standard/express → home delivery, pick-up → relay point; the rate without
a region becomes the base fee, the others region fees; the threshold becomes the home methods' free_above.
"""

from decimal import Decimal

from django.db import migrations

KINDS = {"standard": ("home", "Livraison standard", "التوصيل العادي", "Standard delivery", 2, 5),
         "express": ("home", "Livraison express", "التوصيل السريع", "Express delivery", 1, 2),
         "pickup": ("relay", "Retrait en boutique", "الاستلام من المتجر", "Pick-up at the shop", 1, 3)}


def carry_over(apps, schema_editor):
    ShippingRate = apps.get_model("merchants", "ShippingRate")
    Merchant = apps.get_model("merchants", "Merchant")
    ShippingMethod = apps.get_model("checkout", "ShippingMethod")
    ShippingZoneFee = apps.get_model("checkout", "ShippingZoneFee")
    merchant_ids = set(ShippingRate.objects.values_list("merchant_id", flat=True))
    merchant_ids -= set(ShippingMethod.objects.filter(merchant_id__in=merchant_ids).values_list("merchant_id", flat=True))
    for merchant in Merchant.objects.filter(pk__in=merchant_ids).order_by("pk"):
        rates = list(ShippingRate.objects.filter(merchant_id=merchant.pk).order_by("method", "pk"))
        for position, code in enumerate(k for k in KINDS if any(r.method == k for r in rates)):
            kind, name_fr, name_ar, name_en, days_min, days_max = KINDS[code]
            mine = [r for r in rates if r.method == code]
            base = next((r.fee for r in mine if r.region_id is None), max(r.fee for r in mine))
            method = ShippingMethod.objects.create(
                merchant_id=merchant.pk, kind=kind, name_fr=name_fr, name_ar=name_ar, name_en=name_en,
                base_fee=base, free_above=merchant.free_shipping_threshold if kind == "home" else None,
                delivery_days_min=days_min, delivery_days_max=days_max, position=position,
            )
            ShippingZoneFee.objects.bulk_create(
                ShippingZoneFee(merchant_id=merchant.pk, method=method, region_id=r.region_id, fee=Decimal(r.fee))
                for r in mine if r.region_id is not None
            )


class Migration(migrations.Migration):

    dependencies = [
        ("merchants", "0003_onboarding_review_settings"),
        ("checkout", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(carry_over, migrations.RunPython.noop),
        migrations.DeleteModel(name="ShippingRate"),
        migrations.RemoveField(model_name="merchant", name="free_shipping_threshold"),
    ]

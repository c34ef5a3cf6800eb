"""Product photos get responsive sizes and products their cover.

Photos already stored show at once: each product's first photo becomes its cover (original file only, no
decoding here); `tijara photo_sizes` then makes the responsive sizes of every photo that has none.
"""

from django.db import migrations, models


def covers_from_existing_photos(apps, schema_editor) -> None:
    ProductImage = apps.get_model("catalog", "ProductImage")
    Product = apps.get_model("catalog", "Product")
    db = schema_editor.connection.alias
    seen: set[int] = set()
    for photo in ProductImage.objects.using(db).order_by("product_id", "position", "pk").iterator():
        if photo.product_id in seen:
            continue
        seen.add(photo.product_id)
        cover = {"w": photo.width, "h": photo.height, "src": photo.image.name, "sizes": []}
        Product.objects.using(db).filter(pk=photo.product_id).update(cover=cover)


class Migration(migrations.Migration):

    dependencies = [
        ("catalog", "0004_product_vat_classes_2024"),
    ]

    operations = [
        migrations.AddField(
            model_name="product",
            name="cover",
            field=models.JSONField(blank=True, default=dict, editable=False),
        ),
        migrations.AddField(
            model_name="productimage",
            name="sizes",
            field=models.JSONField(blank=True, default=list, editable=False),
        ),
        migrations.RunPython(covers_from_existing_photos, migrations.RunPython.noop, elidable=True),
    ]

"""Product photos belong to the catalogue: the table is renamed for catalog and leaves this app's state.

catalog/migrations/0002_productimage.py takes the model into the catalogue's state without touching the
table, so no row is copied or lost.
"""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("dashboard", "0001_product_images"),
    ]

    operations = [
        migrations.AlterModelTable(name="productimage", table="catalog_productimage"),
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="ProductImage")],
        ),
    ]

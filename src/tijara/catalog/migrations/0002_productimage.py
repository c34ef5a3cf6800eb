"""Product photos join the catalogue: the table was renamed by dashboard 0002, this takes it into state."""

import django.db.models.deletion
import django.utils.timezone
from django.db import migrations, models


def _relabel_content_type(apps, schema_editor, *, old: str, new: str) -> None:
    """Keep the photos' content type (and the permissions hanging off it) with the app that owns them."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    db = schema_editor.connection.alias
    if not ContentType.objects.using(db).filter(app_label=new, model="productimage").exists():
        ContentType.objects.using(db).filter(app_label=old, model="productimage").update(app_label=new)


def content_type_to_catalog(apps, schema_editor) -> None:
    _relabel_content_type(apps, schema_editor, old="dashboard", new="catalog")


def content_type_to_dashboard(apps, schema_editor) -> None:
    _relabel_content_type(apps, schema_editor, old="catalog", new="dashboard")


class Migration(migrations.Migration):

    dependencies = [
        ("catalog", "0001_initial"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("merchants", "0003_onboarding_review_settings"),
        ("dashboard", "0002_product_images_move_to_catalog"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="ProductImage",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False,
                                                   verbose_name="ID")),
                        ("image", models.ImageField(upload_to="products/%Y/%m/")),
                        ("width", models.PositiveIntegerField(default=0)),
                        ("height", models.PositiveIntegerField(default=0)),
                        ("position", models.PositiveSmallIntegerField(default=0)),
                        ("created_at", models.DateTimeField(default=django.utils.timezone.now, editable=False)),
                        ("merchant", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE,
                                                       related_name="+", to="merchants.merchant")),
                        ("product", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE,
                                                      related_name="images", to="catalog.product")),
                    ],
                    options={
                        "ordering": ["position", "pk"],
                        # The index keeps the name the table had in the dashboard until renamed below.
                        "indexes": [models.Index(fields=["merchant", "product"],
                                                 name="dashboard_p_merchan_2dc606_idx")],
                    },
                ),
            ],
        ),
        migrations.RenameIndex(
            model_name="productimage",
            new_name="catalog_pro_merchan_f99be6_idx",
            old_name="dashboard_p_merchan_2dc606_idx",
        ),
        migrations.RunPython(content_type_to_catalog, content_type_to_dashboard, elidable=True),
    ]

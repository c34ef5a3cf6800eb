"""Shipping methods and zone fees now belong to the `shipping` app; their rows stay where they are.

The tables are renamed to the names the `shipping` app expects, then the models leave checkout's state
only (no table is dropped). `shipping.0001_initial` takes them into its own state.
"""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("checkout", "0001_initial"),
        # reads checkout.ShippingMethod while it still belongs to checkout
        ("merchants", "0004_shipping_moves_to_checkout"),
    ]

    operations = [
        migrations.AlterModelTable(name="shippingmethod", table="shipping_shippingmethod"),
        migrations.AlterModelTable(name="shippingzonefee", table="shipping_shippingzonefee"),
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name="ShippingZoneFee"),
                migrations.DeleteModel(name="ShippingMethod"),
            ],
        ),
    ]

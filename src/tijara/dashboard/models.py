"""Product photos uploaded from the back-office.

They live here because catalog/models.py belongs to the foundation; the model can move to the
catalogue app (with a SeparateDatabaseAndState migration) when its owner takes it.
"""

from django.db import models
from django.utils import timezone

from tijara.catalog.models import Product
from tijara.merchants.models import Merchant


class ProductImage(models.Model):
    merchant = models.ForeignKey(Merchant, on_delete=models.CASCADE, related_name="+")
    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="images")
    image = models.ImageField(upload_to="products/%Y/%m/")
    width = models.PositiveIntegerField(default=0)
    height = models.PositiveIntegerField(default=0)
    position = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["position", "pk"]
        indexes = [models.Index(fields=["merchant", "product"])]

    def __str__(self) -> str:
        return self.image.name

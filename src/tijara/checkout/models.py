"""The customer's checkout details (with a delivery method per merchant) and the confirmation idempotency keys."""

from django.db import models

from tijara.cart.models import Cart
from tijara.core.models import City, Region


class CheckoutDetails(models.Model):
    """What the customer typed at checkout, and the fingerprint of the last recap they were shown."""

    cart = models.OneToOneField(Cart, on_delete=models.CASCADE, related_name="checkout")
    full_name = models.CharField(max_length=150)
    phone = models.CharField(max_length=13, help_text="+212 followed by 9 digits")
    email = models.EmailField()
    address_line = models.CharField(max_length=255)
    city = models.ForeignKey(City, on_delete=models.PROTECT, related_name="+")
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+")
    payment_method = models.CharField(max_length=20, default="cod")
    buyer_ice = models.CharField(max_length=15, blank=True, help_text="a business buyer's ICE, for the invoice")
    # {"<merchant_id>": <shipping_method_id>}
    shipping_choices = models.JSONField(default=dict)
    recap_fingerprint = models.CharField(max_length=64, blank=True)
    language = models.CharField(max_length=5, default="fr")
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"checkout of cart {self.cart_id}"


class IdempotencyKey(models.Model):
    """One confirmation per key: a retried or double-clicked confirm returns the orders of the first."""

    key = models.CharField(max_length=100, unique=True)
    cart_token = models.UUIDField()
    order_numbers = models.JSONField(default=list)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.key


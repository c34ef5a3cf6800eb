"""Carts, checkout and order status (issue 3)."""

from ninja import Router

router = Router(tags=["checkout"])

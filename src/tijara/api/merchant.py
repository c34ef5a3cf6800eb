"""Merchant back-office endpoints, scoped to the signed-in user's merchant (issue 4)."""

from ninja import Router

router = Router(tags=["merchant"])

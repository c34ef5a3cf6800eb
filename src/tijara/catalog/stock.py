"""Stock moves: the only code that takes units from or gives units back to a variant.

Every move is a conditional `UPDATE ... SET stock = stock ± n` in variant-id order: the database
decides atomically (never below zero, nothing lost to a read-modify-write), and two transactions that
move the same variants lock their rows in the same order, so a cancellation never deadlocks against a
confirmation.
"""

from collections.abc import Iterable, Mapping

from django.db.models import F

from tijara.catalog.models import Variant


class InsufficientStock(Exception):
    """A variant has fewer units than asked for; nothing was taken by the failed call's caller's transaction."""

    def __init__(self, variant_id: int):
        super().__init__(f"variant {variant_id} has not enough stock")
        self.variant_id = variant_id


def quantities_by_variant(pairs: Iterable[tuple[int | None, int]]) -> dict[int, int]:
    """Sum (variant id, quantity) pairs per variant; lines whose variant was deleted (None) are skipped."""
    total: dict[int, int] = {}
    for variant_id, quantity in pairs:
        if variant_id is not None:
            total[variant_id] = total.get(variant_id, 0) + quantity
    return total


def stock_take(quantities: Mapping[int, int]) -> None:
    """Take units of each variant, in id order; raises InsufficientStock at the first one that lacks.

    Run it inside the transaction that uses the units, so a refusal rolls the earlier takes back.
    """
    for variant_id in sorted(quantities):
        wanted = quantities[variant_id]
        updated = Variant.objects.filter(pk=variant_id, stock__gte=wanted).update(stock=F("stock") - wanted)
        if updated != 1:
            raise InsufficientStock(variant_id)


def stock_release(quantities: Mapping[int, int]) -> None:
    """Give units back (a cancelled order), in id order; a variant deleted since is skipped."""
    for variant_id in sorted(quantities):
        Variant.objects.filter(pk=variant_id).update(stock=F("stock") + quantities[variant_id])

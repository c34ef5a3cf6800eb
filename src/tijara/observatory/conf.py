"""Observatory settings, each defaulting to the value its source gives.

Values marked [I] are inferences rather than published figures, so they are settings an operator can
change without touching code; docs/compliance.md ("Facts that are settings") gives each one's source.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from django.conf import settings


def data_dir() -> Path:
    """Root of the Parquet fact store (``TIJARA_OBSERVATORY_DIR``)."""
    return Path(getattr(settings, "TIJARA_OBSERVATORY_DIR", Path.cwd() / "var" / "observatory"))


def pseudonym_key() -> bytes:
    """Key of the keyed hash that turns merchant references into pseudonymous ids."""
    key = getattr(settings, "TIJARA_OBSERVATORY_PSEUDONYM_KEY", None) or getattr(settings, "SECRET_KEY", "")
    return str(key).encode("utf-8")


def non_card_share() -> Decimal:
    """Share of e-commerce value not paid by card (mostly cash on delivery).

    [I] fr.le360.ma (June 2025): 22 bn MAD of e-commerce in 2023, 9.9 bn of it paid electronically,
    so about 55 % is not paid by card.
    """
    return Decimal(str(getattr(settings, "TIJARA_OBSERVATORY_NON_CARD_SHARE", "0.55")))


def non_card_split() -> dict[str, Decimal]:
    """How non-card value splits between methods ([I], no published figure)."""
    raw = getattr(
        settings, "TIJARA_OBSERVATORY_NON_CARD_SPLIT", {"cod": "0.88", "transfer": "0.05", "wallet": "0.07"}
    )
    return {k: Decimal(str(v)) for k, v in raw.items()}


def extrapolation_growth() -> tuple[Decimal, Decimal]:
    """Yearly growth (operations, amount) used after the last published figure.

    [I] default = the last published year-on-year rates (9M 2023: +23.4 % / +23.6 %).
    """
    ops, amount = getattr(settings, "TIJARA_OBSERVATORY_EXTRAPOLATION_GROWTH", ("0.234", "0.236"))
    return Decimal(str(ops)), Decimal(str(amount))


def secrecy_min_merchants() -> int:
    """A public cell needs at least this many merchants (statistical secrecy) [OBS-SECRECY]."""
    return int(getattr(settings, "TIJARA_OBSERVATORY_SECRECY_MIN_MERCHANTS", 3))


def secrecy_max_share() -> Decimal:
    """A public cell is suppressed when one merchant makes more than this share of it."""
    return Decimal(str(getattr(settings, "TIJARA_OBSERVATORY_SECRECY_MAX_SHARE", "0.85")))


def card_refund_rate() -> float:
    """[I] share of card operations later refunded (generator only)."""
    return float(getattr(settings, "TIJARA_OBSERVATORY_CARD_REFUND_RATE", 0.015))


def card_failure_rate() -> float:
    """[I] failed card attempts per successful operation (generator only)."""
    return float(getattr(settings, "TIJARA_OBSERVATORY_CARD_FAILURE_RATE", 0.08))


def cod_refusal_rate() -> float:
    """[I] cash-on-delivery parcels refused at the door per delivered one (generator only)."""
    return float(getattr(settings, "TIJARA_OBSERVATORY_COD_REFUSAL_RATE", 0.15))


def duckdb_threads() -> int:
    """Threads DuckDB may use for a report (the reference machine has 2 cores)."""
    return int(getattr(settings, "TIJARA_OBSERVATORY_DUCKDB_THREADS", 2))


def duckdb_memory_limit() -> str:
    """Memory DuckDB may use before spilling to disk (keeps reports under the 4 GB budget)."""
    return str(getattr(settings, "TIJARA_OBSERVATORY_DUCKDB_MEMORY_LIMIT", "2GB"))

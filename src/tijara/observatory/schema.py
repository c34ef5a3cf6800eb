"""The fact table's schema (documented in docs/observatory-schema.md). No personal data in it."""

from __future__ import annotations

import pyarrow as pa

AMOUNT_TYPE = pa.decimal128(18, 2)

FACT_SCHEMA = pa.schema([
    pa.field("transaction_id", pa.string(), nullable=False),
    pa.field("ts", pa.timestamp("us"), nullable=False),  # local civil time, Africa/Casablanca
    pa.field("reporting_platform", pa.string(), nullable=False),
    pa.field("merchant_id", pa.int64(), nullable=False),  # keyed hash of (platform, merchant reference)
    pa.field("merchant_region", pa.int8(), nullable=False),
    pa.field("merchant_sector", pa.string(), nullable=False),
    pa.field("merchant_validated_on", pa.date32(), nullable=False),
    pa.field("amount_mad", AMOUNT_TYPE, nullable=False),
    pa.field("original_currency", pa.string(), nullable=False),
    pa.field("payment_method", pa.string(), nullable=False),
    pa.field("status", pa.string(), nullable=False),
    pa.field("buyer_country", pa.string(), nullable=False),
    pa.field("buyer_region", pa.int8(), nullable=True),
    pa.field("cross_border", pa.bool_(), nullable=False),
])

# Columns of a CSV file sent by another platform: the fact columns, in this order. merchant_id is the
# platform's own pseudonym (re-keyed at ingestion); reporting_platform is the sender's code.
CSV_COLUMNS: tuple[str, ...] = tuple(FACT_SCHEMA.names)

# Grain of the aggregates maintained at ingestion: one row per month x these keys, successful operations
# only, with measures n (operations), n_refunded, n_cross (cross-border) and amount.
CUBE_DIMENSIONS: tuple[str, ...] = (
    "merchant_id", "merchant_region", "merchant_sector", "payment_method", "buyer_region",
)
CUBE_MEASURES_SQL = (
    "count(*)::BIGINT AS n, count(*) FILTER (WHERE status = 'refunded')::BIGINT AS n_refunded, "
    "count(*) FILTER (WHERE cross_border)::BIGINT AS n_cross, sum(amount_mad) AS amount"
)


def cube_measures_sql(weight: str = "1") -> str:
    """The cube's measures with each row counted `weight` times (a SQL expression: a sampled generated row
    stands for 1/scale operations)."""
    if weight == "1":
        return CUBE_MEASURES_SQL
    return (f"sum({weight})::BIGINT AS n, coalesce(sum({weight}) FILTER (WHERE status = 'refunded'), 0)::BIGINT "
            f"AS n_refunded, coalesce(sum({weight}) FILTER (WHERE cross_border), 0)::BIGINT AS n_cross, "
            f"sum(amount_mad * {weight})::DECIMAL(38,2) AS amount")


OK_ROWS_SQL = "status IN ('captured', 'refunded')"  # an operation = a successful payment (refunds included)

MERCHANT_SCHEMA = pa.schema([
    pa.field("merchant_id", pa.int64(), nullable=False),
    pa.field("reporting_platform", pa.string(), nullable=False),
    pa.field("merchant_region", pa.int8(), nullable=False),
    pa.field("merchant_sector", pa.string(), nullable=False),
    pa.field("merchant_validated_on", pa.date32(), nullable=False),
])

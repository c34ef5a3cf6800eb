"""A straightforward pandas implementation of the observatory's period report (the baseline).

Same figures as tijara.observatory.queries.compute_period (scope "all", no filters): totals, growth
on the same period a year earlier, breakdowns with exact distinct-merchant counts and the largest
merchant of each cell. Money is summed as integer cents (pandas has no exact decimal type).
"""

from __future__ import annotations

from decimal import Decimal

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

COLUMNS = ["merchant_id", "merchant_region", "merchant_sector", "payment_method", "status", "buyer_region",
           "cross_border", "amount_mad"]


def load(files: list[str]) -> pd.DataFrame:
    table = pa.concat_tables([pq.read_table(f, columns=COLUMNS) for f in files])
    hundred = pa.scalar(Decimal(100), pa.decimal128(3, 0))
    cents = pc.cast(pc.multiply(table.column("amount_mad"), hundred), pa.int64())
    table = table.drop(["amount_mad"]).append_column("cents", cents)
    df = table.to_pandas()
    return df[df["status"] != "failed"]


def report(current: list[str], previous: list[str]) -> dict:
    df = load(current)
    out = {"operations": int(len(df)), "amount_cents": int(df["cents"].sum()),
           "active_merchants": int(df["merchant_id"].nunique()),
           "refunded": int((df["status"] == "refunded").sum()), "cross_border": int(df["cross_border"].sum())}
    df["card_origin"] = df["payment_method"].map({"domestic_card": "moroccan", "foreign_card": "foreign"})
    df["buyer_region_key"] = df["buyer_region"].astype("Int64").astype(str).replace("<NA>", "abroad")
    for name, col in (("by_card_origin", "card_origin"), ("by_payment_method", "payment_method"),
                      ("by_merchant_region", "merchant_region"), ("by_buyer_region", "buyer_region_key"),
                      ("by_sector", "merchant_sector")):
        per_merchant = df.groupby([col, "merchant_id"], observed=True).agg(n=("cents", "size"), cents=("cents", "sum"))
        cells = per_merchant.groupby(level=0, observed=True).agg(
            operations=("n", "sum"), amount_cents=("cents", "sum"), merchants=("n", "size"),
            top_n=("n", "max"), top_cents=("cents", "max"))
        out[name] = cells.reset_index().to_dict("records")
    prev = load(previous)
    out["previous_operations"] = int(len(prev))
    out["previous_amount_cents"] = int(prev["cents"].sum())
    out["operations_yoy_pct"] = round((out["operations"] / out["previous_operations"] - 1) * 100, 1)
    out["amount_yoy_pct"] = round((out["amount_cents"] / out["previous_amount_cents"] - 1) * 100, 1)
    return out

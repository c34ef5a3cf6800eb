"""Helpers to write CSV fact files in the documented schema (tests only)."""

from __future__ import annotations

import csv
from pathlib import Path

from tijara.observatory.schema import CSV_COLUMNS


def fact_row(i: int, **over) -> dict:
    row = {
        "transaction_id": f"tx-{i:06d}",
        "ts": f"2023-0{1 + i % 6}-1{i % 10}T1{i % 10}:15:00+01:00",
        "reporting_platform": "souk-online",
        "merchant_id": f"m-{i % 5}",
        "merchant_region": str(1 + i % 12),
        "merchant_sector": ["fashion", "books", "food", "crafts", "home"][i % 5],
        "merchant_validated_on": "2021-03-01",
        "amount_mad": f"{100 + i}.50",
        "original_currency": "MAD",
        "payment_method": ["domestic_card", "cod", "foreign_card", "wallet"][i % 4],
        "status": "captured" if i % 7 else "refunded",
        "buyer_country": "MA",
        "buyer_region": str(1 + (i * 5) % 12),
        "cross_border": "false",
    }
    row.update(over)
    return row


def write_csv(path: Path, rows: list[dict], columns=CSV_COLUMNS, encoding: str = "utf-8") -> Path:
    with open(path, "w", newline="", encoding=encoding) as fh:
        writer = csv.DictWriter(fh, fieldnames=list(columns), extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
    return path

"""The reference list of Moroccan carriers shipped with the code (core/data/carriers.csv)."""

import csv
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.utils.text import slugify

import tijara.core

CARRIERS_CSV = Path(tijara.core.__file__).parent / "data" / "carriers.csv"


@dataclass(frozen=True)
class ReferenceCarrier:
    code: str
    name: str
    kind: str
    offers_cod: str


@cache  # a file shipped with the code: it does not change while the process runs
def reference_carriers() -> tuple[ReferenceCarrier, ...]:
    with CARRIERS_CSV.open(encoding="utf-8") as handle:
        return tuple(
            ReferenceCarrier(code=slugify(row["name"])[:60], name=row["name"].strip()[:120], kind=row["type"],
                             offers_cod=row["offers_cod"])
            for row in csv.DictReader(handle) if row.get("name")
        )


def reference_carrier(code: str) -> ReferenceCarrier | None:
    return next((c for c in reference_carriers() if c.code == code), None)

"""Load the sourced reference tables shipped in core/data (regions, cities, VAT rates)."""

import csv
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"


def read_csv(name: str) -> list[dict[str, str]]:
    with open(DATA_DIR / name, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def load_reference_data(Region, City, VatRate) -> None:  # noqa: N803 (historical models from a migration)
    from tijara.core.vat import INITIAL_RATES

    for row in read_csv("regions.csv"):
        Region.objects.update_or_create(
            code=int(row["code"]),
            defaults={"iso_code": row["iso_3166_2"], "name_fr": row["name_fr"], "name_ar": row["name_ar"],
                      "name_en": row["name_en"]},
        )
    for row in read_csv("cities.csv"):
        City.objects.update_or_create(
            name_fr=row["name_fr"], region_id=int(row["region_code"]),
            defaults={"name_ar": row["name_ar"], "population": int(row["population"] or 0) or None,
                      "postal_code": row["postal_code"]},
        )
    for vat_class, valid_from, rate, exempt, basis in INITIAL_RATES:
        VatRate.objects.update_or_create(
            vat_class=vat_class, valid_from=valid_from,
            defaults={"rate": rate, "exempt": exempt, "legal_basis": basis},
        )

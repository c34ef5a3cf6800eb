"""Reference data the observatory needs: regions, sectors, holidays (read from tijara.core/data)."""

from __future__ import annotations

import csv
import datetime as dt
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

DATA_DIR = Path(__file__).resolve().parent.parent / "core" / "data"

SECTORS: tuple[str, ...] = ("cosmetics", "crafts", "fashion", "food", "electronics", "books", "home", "services")
SECTOR_LABELS = {
    "cosmetics": pgettext_lazy("sector", "Cosmetics"),
    "crafts": pgettext_lazy("sector", "Crafts"),
    "fashion": pgettext_lazy("sector", "Fashion"),
    "food": pgettext_lazy("sector", "Food"),
    "electronics": pgettext_lazy("sector", "Electronics"),
    "books": pgettext_lazy("sector", "Books"),
    "home": pgettext_lazy("sector", "Home"),
    "services": pgettext_lazy("sector", "Services and bills"),
}
METHODS: tuple[str, ...] = ("domestic_card", "foreign_card", "cod", "transfer", "wallet")
CARD_METHODS: tuple[str, ...] = ("domestic_card", "foreign_card")
METHOD_LABELS = {
    "domestic_card": _("Moroccan card"),
    "foreign_card": _("Foreign card"),
    "cod": _("Cash on delivery"),
    "transfer": _("Bank transfer"),
    "wallet": _("Mobile wallet"),
}
STATUSES: tuple[str, ...] = ("captured", "refunded", "failed")
CARD_ORIGIN_LABELS = {"moroccan": _("Moroccan cards"), "foreign": _("Foreign cards")}


@dataclass(frozen=True)
class Region:
    code: int
    name_fr: str
    name_ar: str
    name_en: str
    population: int

    def name(self, lang: str) -> str:
        return {"ar": self.name_ar, "en": self.name_en}.get(lang, self.name_fr)


@cache
def regions() -> dict[int, Region]:
    """The 12 regions of decree 2-15-40, keyed by code 1-12."""
    with open(DATA_DIR / "regions.csv", encoding="utf-8", newline="") as fh:
        return {
            int(r["code"]): Region(int(r["code"]), r["name_fr"], r["name_ar"], r["name_en"], int(r["population"]))
            for r in csv.DictReader(fh)
        }


@dataclass(frozen=True)
class Holiday:
    start: dt.date
    end: dt.date
    name_fr: str
    kind: str


@cache
def holidays() -> tuple[Holiday, ...]:
    """Public holidays and Ramadan periods 2011-2026 (seasonality of the generator)."""
    out = []
    with open(DATA_DIR / "holidays.csv", encoding="utf-8", newline="") as fh:
        for r in csv.DictReader(fh):
            start = dt.date.fromisoformat(r["date_start"])
            if r["date_end"]:
                end = dt.date.fromisoformat(r["date_end"])
            elif r["name_fr"] == "Ramadan":
                end = start + dt.timedelta(days=28)  # 2011: Eid date not found; 29 days assumed
            else:
                end = start
            out.append(Holiday(start, end, r["name_fr"], r["kind"]))
    return tuple(out)


def ramadan_periods() -> list[tuple[dt.date, dt.date]]:
    return [(h.start, h.end) for h in holidays() if h.name_fr == "Ramadan"]


def eid_dates() -> list[dt.date]:
    return [h.start for h in holidays() if h.name_fr.startswith("Aïd")]

"""Reads of published terms: one query each, whatever the number of merchants."""

from collections.abc import Iterable

from django.db.models import Max

from tijara.legal.models import TermsOfSale, TermsVersion
from tijara.merchants.models import Merchant, MerchantStatus


def terms_current(merchant_id: int) -> TermsVersion | None:
    """The version in force for the merchant (the highest number), or None when none is published."""
    return TermsVersion.objects.filter(merchant_id=merchant_id).order_by("-number").first()


def terms_version(merchant_id: int, number: int) -> TermsVersion | None:
    """One published version of the merchant's terms, or None."""
    return TermsVersion.objects.filter(merchant_id=merchant_id, number=number).first()


def terms_current_numbers(merchant_ids: Iterable[int]) -> dict[int, int]:
    """{merchant_id: current version number} for merchants that published terms (one query)."""
    ids = set(merchant_ids)
    if not ids:
        return {}
    rows = TermsVersion.objects.filter(merchant_id__in=ids).values("merchant_id").annotate(current=Max("number"))
    return {row["merchant_id"]: row["current"] for row in rows}


def terms_versions(merchant_id: int) -> list[TermsVersion]:
    """Every published version of the merchant, newest first (texts deferred: the list shows numbers and hashes)."""
    return list(
        TermsVersion.objects.filter(merchant_id=merchant_id)
        .defer("text_fr", "text_ar", "text_en", "parts")
        .order_by("-number")
    )


def terms_draft(merchant_id: int) -> TermsOfSale | None:
    return TermsOfSale.objects.filter(merchant_id=merchant_id).first()


def legal_store(slug: str) -> Merchant | None:
    """A store whose legal pages the public may read: open, or suspended (buyers keep access to the terms
    their orders were placed under)."""
    return (Merchant.objects.select_related("city", "region")
            .filter(slug=slug, status__in=[MerchantStatus.VALIDATED, MerchantStatus.SUSPENDED]).first())

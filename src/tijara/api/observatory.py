"""Observatory JSON API at /api/v1/observatory/ (thin: validation errors become {"message", "field"})."""

from __future__ import annotations

from typing import Literal

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Query, Router

from tijara.api.errors import ApiError
from tijara.observatory import publishing, queries
from tijara.observatory.errors import ObservatoryInputError
from tijara.observatory.periods import parse_period
from tijara.observatory.queries import SCOPES, Filters
from tijara.observatory.reference import METHODS, SECTORS

router = Router(tags=["observatory"])

# What the code accepts, in the schema [SEC-API-OPENAPI]: years 2000-2100, halves, quarters, months, year to date.
PERIOD_PATTERN = r"^(?:20[0-9]{2}|2100)(?:-(?:[Hh][12]|[Qq][1-4]|(?:0[1-9]|1[0-2])[Mm]?))?$"
PERIOD = Query(..., pattern=PERIOD_PATTERN, description="2017, 2017-H1, 2017-Q3, 2017-09M (year to date) or 2017-03",
               examples=["2017-H1"])
Scope = Literal[*SCOPES]  # type: ignore[valid-type]
Sector = Literal[*SECTORS]  # type: ignore[valid-type]
Method = Literal[*METHODS]  # type: ignore[valid-type]
REGION = Query(None, ge=1, le=12, description="region code, 1 to 12")


def _json(obj) -> HttpResponse:
    return HttpResponse(publishing.to_json(obj), content_type="application/json; charset=utf-8")


def _filters(scope: str, region, sector, method) -> Filters:
    queries.scope_sql(scope)
    return Filters.parse(region, sector, method)


@router.get("/periods", summary="Months with data and the default period")
def periods(request: HttpRequest):
    months = queries.available_months()
    return {"months": months, "default_period": queries.default_period_code(months)}


@router.get("/figures", summary="Figures of a period with growth, breakdowns and scope label")
def figures(request: HttpRequest, period: str = PERIOD, scope: Scope = "card", region: int | None = REGION,
            sector: Sector | None = None, method: Method | None = None):
    """Periods: 2017, 2017-H1, 2017-Q3, 2017-09M, 2017-03. Amounts are exact decimal numbers in MAD.
    Cells under statistical secrecy are the string "s"."""
    try:
        report = publishing.period_report(parse_period(period), scope=scope,
                                          filters=_filters(scope, region, sector, method))
    except ObservatoryInputError as exc:
        raise ApiError(400, exc.message, exc.field) from None
    return _json(report)


@router.get("/cod-regions", summary="Cash on delivery by buyer region: share of operations and refusal rate")
def cod_regions(request: HttpRequest, period: str = PERIOD):
    """Periods as for /figures. Cells under statistical secrecy are the string "s"."""
    try:
        report = publishing.cod_region_report(parse_period(period))
    except ObservatoryInputError as exc:
        raise ApiError(400, exc.message, exc.field) from None
    return _json(report)


@router.get("/series", summary="Monthly series as open data (json, csv or parquet)")
def series(request: HttpRequest, scope: Scope = "card", region: int | None = REGION, sector: Sector | None = None,
           method: Method | None = None, format: Literal["json", "csv", "parquet"] = "json"):
    try:
        rows = publishing.open_data_rows(scope=scope, filters=_filters(scope, region, sector, method))
    except ObservatoryInputError as exc:
        raise ApiError(400, exc.message, exc.field) from None
    if format == "csv":
        return HttpResponse(publishing.open_data_csv(rows), content_type="text/csv; charset=utf-8")
    if format == "parquet":
        return HttpResponse(publishing.open_data_parquet(rows), content_type="application/vnd.apache.parquet")
    if format != "json":
        raise ApiError(400, _("Unknown format: use json, csv or parquet."), "format")
    return _json({"scope": scope, "months": rows})

"""Observatory pages: thin views over publishing.py and presenters.py [OBS-SCOPE]."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from tijara.core.views import pdf_response

from . import presenters, publishing, queries
from .errors import ObservatoryInputError
from .periods import parse_period
from .queries import Filters
from .reference import METHOD_LABELS, SECTOR_LABELS, regions


def _lang() -> str:
    return (get_language() or "fr").split("-")[0]


def _period_options(months: list[str], lang: str) -> list[dict]:
    years = sorted({int(m[:4]) for m in months}, reverse=True)
    groups = []
    for y in years:
        codes = [str(y), f"{y}-H2", f"{y}-H1", f"{y}-Q4", f"{y}-Q3", f"{y}-Q2", f"{y}-Q1", f"{y}-09M"]
        codes += [f"{y}-{m:02d}" for m in range(12, 0, -1) if f"{y}-{m:02d}" in months]
        groups.append({"year": y, "options": [(c, presenters.period_label(parse_period(c), lang)) for c in codes]})
    return groups


def _query(request: HttpRequest) -> tuple:
    scope = request.GET.get("scope") or "card"
    queries.scope_sql(scope)  # validates
    filters = Filters.parse(request.GET.get("region"), request.GET.get("sector"), request.GET.get("method"))
    return scope, filters


@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    lang = _lang()
    months = queries.available_months()
    context = {
        "months": months,
        "period_groups": _period_options(months, lang),
        "regions": [(code, r.name(lang)) for code, r in regions().items()],
        "sectors": [(code, str(label)) for code, label in SECTOR_LABELS.items()],
        "methods": [(code, str(label)) for code, label in METHOD_LABELS.items()],
        "q": request.GET,
        "secrecy_min": publishing.conf.secrecy_min_merchants(),
        "secrecy_share": int(publishing.conf.secrecy_max_share() * 100),
    }
    if not months:
        return render(request, "observatory/dashboard.html", context)
    try:
        period = parse_period(request.GET.get("period") or queries.default_period_code(months))
        scope, filters = _query(request)
    except ObservatoryInputError as exc:
        context["error"] = exc.message
        return render(request, "observatory/dashboard.html", context, status=400)
    report = publishing.period_report(period, scope=scope, filters=filters)
    series = publishing.open_data_rows(scope=scope, filters=filters, first_year=period.year - 2,
                                       last_month=period.months()[-1])
    context.update({
        "period": period,
        "period_label": presenters.period_label(period, lang),
        "previous_label": presenters.period_label(period.previous_year(), lang),
        "report": report,
        "headline": presenters.headline(report, lang),
        "secondary": presenters.secondary(report, lang),
        "tables": presenters.breakdown_tables(report, lang),
        "cod_regions": presenters.cod_region_rows(publishing.cod_region_report(period), lang),
        "series_charts": presenters.series_charts(series, lang),
        "scope": scope,
        "filters": filters,
        "query_string": request.GET.urlencode(),
    })
    return render(request, "observatory/dashboard.html", context)


@require_GET
def download(request: HttpRequest, what: str, fmt: str) -> HttpResponse:
    """Open data: the monthly series (CSV, Parquet) or a period's figures (JSON, CSV)."""
    try:
        scope, filters = _query(request)
        if what == "series":
            rows = publishing.open_data_rows(scope=scope, filters=filters)
            if fmt == "csv":
                body, ctype = publishing.open_data_csv(rows), "text/csv; charset=utf-8"
            elif fmt == "parquet":
                body, ctype = publishing.open_data_parquet(rows), "application/vnd.apache.parquet"
            else:
                raise ObservatoryInputError(_("Unknown format: use csv or parquet."), "format")
        elif what == "figures":
            months = queries.available_months()
            period = parse_period(request.GET.get("period") or queries.default_period_code(months) or "")
            report = publishing.period_report(period, scope=scope, filters=filters)
            if fmt == "json":
                body, ctype = publishing.to_json(report), "application/json"
            elif fmt == "csv":
                body, ctype = publishing.figures_csv(report), "text/csv; charset=utf-8"
            else:
                raise ObservatoryInputError(_("Unknown format: use json or csv."), "format")
        else:
            raise ObservatoryInputError(_("Unknown download."), "what")
    except ObservatoryInputError as exc:
        return HttpResponse(exc.message, status=400, content_type="text/plain; charset=utf-8")
    response = HttpResponse(body, content_type=ctype)
    response["Content-Disposition"] = f'attachment; filename="tijara-observatory-{what}-{scope}.{fmt}"'
    return response


@require_GET
def bulletin(request: HttpRequest, period: str) -> HttpResponse:
    """Printable PDF bulletin of a quarter or a year, in the page's language."""
    from .bulletin import bulletin_pdf

    try:
        parsed = parse_period(period)
        if parsed.kind not in ("year", "quarter", "half"):
            raise ObservatoryInputError(_("A bulletin covers a quarter, a half-year or a year."), "period")
    except ObservatoryInputError as exc:
        return HttpResponse(exc.message, status=400, content_type="text/plain; charset=utf-8")
    return pdf_response(bulletin_pdf(parsed, lang=_lang()), f"tijara-observatory-{parsed.code}-{_lang()}.pdf",
                        private=False)

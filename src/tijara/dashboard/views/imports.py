"""Catalogue import (upload, preview, then an all-or-nothing import streamed with a progress bar) and export."""

import uuid
from pathlib import Path

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape
from django.utils.http import content_disposition_header
from django.utils.translation import get_language, get_language_bidi
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tijara.catalog import importers
from tijara.catalog.forms import ImportUploadForm
from tijara.dashboard.access import merchant_required


def _import_dir(merchant_id: int) -> Path:
    return Path(settings.MEDIA_ROOT) / "imports" / str(merchant_id)


def _import_path(merchant_id: int, token: str) -> Path:
    """The uploaded file kept between preview and import; the merchant id in the path scopes it."""
    try:
        uuid.UUID(hex=token)
    except ValueError as exc:
        raise Http404 from exc
    matches = list(_import_dir(merchant_id).glob(f"{token}.*"))
    if not matches:
        raise Http404(_("This import has expired: upload the file again."))
    return matches[0]


@merchant_required("catalog.edit")
def import_upload(request: HttpRequest) -> HttpResponse:
    """Upload, then preview: every row validated, errors listed per row, nothing written yet."""
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    context = {"form": form}
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        data = upload.read()
        try:
            rows = importers.read_rows(name=upload.name, data=data)
        except importers.ImportFileError as exc:
            form.add_error("file", str(exc))
        else:
            plan = importers.import_preview(merchant=request.merchant, rows=rows)
            context.update(plan=plan, errors=plan.errors[:500], products_sample=list(plan.products.values())[:20])
            if not plan.errors:
                token = uuid.uuid4().hex
                suffix = ".xlsx" if upload.name.lower().endswith(".xlsx") else ".csv"
                folder = _import_dir(request.merchant.pk)
                folder.mkdir(parents=True, exist_ok=True)
                (folder / f"{token}{suffix}").write_bytes(data)
                context["token"] = token
    return render(request, "dashboard/import.html", context)


@merchant_required("catalog.edit")
@require_POST
def import_apply(request: HttpRequest, token: str) -> StreamingHttpResponse:
    """Run the import in one transaction and stream a progress bar while it runs (all or nothing)."""
    path = _import_path(request.merchant.pk, token)
    merchant = request.merchant
    products_url = reverse("dashboard:products")

    # The bar moves without script (the Content-Security-Policy runs none inline [SEC-WEB-HEADERS]): each step
    # appends a new <progress> and the stylesheet shows only the last one received.
    language, direction = get_language(), "rtl" if get_language_bidi() else "ltr"

    def stream():
        with translation.override(language):  # the body is produced after the view has returned
            yield from body()

    def body():
        # Words first, outside f-strings, so that `tijara i18n_update` finds them.
        title, heading, back = _("Import"), _("Importing your catalogue"), _("Back to products")
        yield (f'<!doctype html><html lang="{language}" dir="{direction}"><head><meta charset="utf-8">'
               f'<title>{escape(title)}</title>'
               f'<link rel="stylesheet" href="{escape(static("dashboard/dashboard.css"))}"></head>'
               f'<body><h1>{escape(heading)}</h1><div class="import-progress">'
               '<progress max="100" value="0"></progress>' + " " * 1024 + "\n")
        rows = importers.read_rows(name=path.name, data=path.read_bytes())
        plan = importers.import_preview(merchant=merchant, rows=rows)  # re-checked: data may have changed
        if plan.errors:
            yield '</div>'
            refused = _("The file no longer validates: nothing was imported.")
            yield f'<p role="alert">{escape(refused)}</p>'
        else:
            steps = importers.import_steps(merchant=merchant, plan=plan)
            while True:
                try:
                    done, total = next(steps)
                except StopIteration as stop:
                    result = stop.value
                    break
                pct = int(done * 100 / total) if total else 100
                yield f'<progress max="100" value="{pct}"></progress>\n'
            yield '</div>'
            path.unlink(missing_ok=True)
            message = _("Import finished: %(p)d products created, %(u)d updated.") % {
                "p": result["products_created"], "u": result["products_updated"]}
            yield f'<p id="import-done" role="status">{escape(message)}</p>'
        yield f'<p><a href="{products_url}">{escape(back)}</a></p></body></html>'

    return StreamingHttpResponse(stream(), content_type="text/html; charset=utf-8")


EXPORT_FORMATS = {
    "csv": (importers.export_csv, "text/csv; charset=utf-8"),
    "xlsx": (importers.export_xlsx, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
}


@merchant_required("catalog.edit")
def export_catalogue(request: HttpRequest, fmt: str) -> HttpResponse:
    """The catalogue as CSV or XLSX; any other extension is a page that does not exist [SEC-WEB-EXPORT]. The file
    name is built from known values only and quoted by Django, never from the URL."""
    if fmt not in EXPORT_FORMATS:
        raise Http404(_("The catalogue is exported as .csv or .xlsx."))
    export, content_type = EXPORT_FORMATS[fmt]
    response = HttpResponse(export(merchant=request.merchant), content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=f"catalogue-{request.merchant.slug}.{fmt}")
    return response

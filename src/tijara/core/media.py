"""Public uploaded images (product photos, store logos) served by the application itself.

Whitenoise serves only static files, and Django's `static()` helper only in debug, so without this the demo
(debug off) answered 404 for every photo. Behind `TIJARA_SERVE_MEDIA` (on by default; production may hand
the same folders to its web server or an object store instead, see the README). Only the public folders are
served, only image files, never a directory listing and never a path outside the media folder: the media
folder also holds merchants' private files (catalogue imports) that must never be reachable.
"""

import mimetypes
import posixpath
from pathlib import Path

from django.conf import settings
from django.core.exceptions import SuspiciousFileOperation
from django.core.files.storage import FileSystemStorage, default_storage
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseNotModified
from django.utils.http import http_date
from django.views.decorators.http import require_safe
from django.views.static import was_modified_since

# Folders of the media storage whose files anyone may see (upload_to of ProductImage and Merchant.logo).
PUBLIC_FOLDERS = ("products/", "merchants/logos/")
IMAGE_TYPES = {".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".png": "image/png", ".webp": "image/webp",
               ".gif": "image/gif"}
# Every stored photo has a name of its own (a random part is added at upload), so a URL never changes content.
CACHE_CONTROL = "public, max-age=31536000, immutable"


def public_media_name(path: str) -> str | None:
    """The storage name for a requested path when it may be served, else None (traversal, other folders,
    files that are not images, directories)."""
    if not path or "\x00" in path or "\\" in path or path.startswith("/"):
        return None
    parts = path.split("/")
    if any(part in ("", ".", "..") for part in parts):
        return None
    name = posixpath.normpath(path)
    if name != path or not name.startswith(PUBLIC_FOLDERS):
        return None
    if posixpath.splitext(name)[1].lower() not in IMAGE_TYPES:
        return None
    return name


@require_safe
def media_serve(request: HttpRequest, path: str) -> HttpResponse:
    """One public image from the local media folder, with a year-long cache and If-Modified-Since."""
    name = public_media_name(path)
    storage = default_storage
    if name is None or not isinstance(storage, FileSystemStorage):
        raise Http404("no such image")
    try:
        full = Path(storage.path(name)).resolve()
    except (SuspiciousFileOperation, ValueError) as exc:
        raise Http404("no such image") from exc
    root = Path(storage.location).resolve()
    if not full.is_relative_to(root) or not full.is_file():  # a symbolic link out of the folder is refused too
        raise Http404("no such image")
    stat = full.stat()
    if not was_modified_since(request.META.get("HTTP_IF_MODIFIED_SINCE"), stat.st_mtime):
        response: HttpResponse = HttpResponseNotModified()
    else:
        content_type = IMAGE_TYPES.get(full.suffix.lower()) or mimetypes.guess_type(full.name)[0]
        response = FileResponse(full.open("rb"), content_type=content_type)
        response["Content-Length"] = str(stat.st_size)
    response["Last-Modified"] = http_date(stat.st_mtime)
    response["Cache-Control"] = CACHE_CONTROL
    return response


def is_public_media_path(path: str) -> bool:
    """True for a URL path under the locally served media URL (not personal: the same image for everyone)."""
    url = settings.MEDIA_URL
    return bool(settings.TIJARA_SERVE_MEDIA and url.startswith("/") and path.startswith(url))

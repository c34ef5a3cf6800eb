"""Uploaded images are decoded and re-encoded with Pillow: only real images get stored, never the bytes sent.

Shared by every upload (product photos in catalog.services, store logos in merchants.forms).
"""

import io
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import PurePath

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _
from PIL import Image, UnidentifiedImageError

ALLOWED_FORMATS = {"JPEG", "PNG", "WEBP", "GIF"}
MAX_IMAGE_BYTES = 5 * 1024 * 1024
MAX_PIXELS = 40_000_000
MAX_SIDE = 2000  # stored images are scaled down to this side
# Pillow itself refuses anything larger than our limit, whoever opens an image [SEC-WEB-IMPORT].
Image.MAX_IMAGE_PIXELS = MAX_PIXELS

_decodes: threading.BoundedSemaphore | None = None
_decodes_lock = threading.Lock()


def _decode_slots() -> threading.BoundedSemaphore:
    """At most TIJARA_IMAGE_MAX_DECODES images decoded at once per process: a decoded image takes up to
    4 bytes a pixel, so eight uploads at once must not each hold 160 MB [SEC-WEB-IMPORT]."""
    global _decodes
    with _decodes_lock:
        if _decodes is None:
            _decodes = threading.BoundedSemaphore(settings.TIJARA_IMAGE_MAX_DECODES)
        return _decodes


@contextmanager
def decode_slot() -> Iterator[None]:
    """Hold one of the process's decode slots while decoding (catalog.images makes a photo's sizes in one)."""
    slots = _decode_slots()
    if not slots.acquire(timeout=settings.TIJARA_IMAGE_DECODE_WAIT_SECONDS):
        raise ImageRejected(_("Many images are being processed right now: please send this one again in a minute."))
    try:
        yield
    finally:
        slots.release()


class ImageRejected(Exception):
    """The upload is not an image we accept; `message` tells the uploader why, in their language."""

    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


def reencode_image(upload: UploadedFile, *, max_bytes: int = MAX_IMAGE_BYTES) -> ContentFile:
    """Return a freshly encoded JPEG (or PNG when transparent) of the upload, or raise ImageRejected."""
    if upload.size > max_bytes:
        raise ImageRejected(_("This image is too large: at most %(mb)d MB.") % {"mb": max_bytes // (1024 * 1024)})
    data = upload.read()
    slots = _decode_slots()
    if not slots.acquire(timeout=settings.TIJARA_IMAGE_DECODE_WAIT_SECONDS):
        raise ImageRejected(_("Many images are being processed right now: please send this one again in a minute."))
    try:
        return _reencode(data, upload.name)
    finally:
        slots.release()


def _reencode(data: bytes, name: str | None) -> ContentFile:
    try:
        with Image.open(io.BytesIO(data)) as probe:
            probe.verify()
        image = Image.open(io.BytesIO(data))
        if image.format not in ALLOWED_FORMATS:
            raise ImageRejected(_("Only JPEG, PNG, WebP or GIF images are accepted."))
        if image.width * image.height > MAX_PIXELS:
            raise ImageRejected(_("This image has too many pixels."))
        # A JPEG is decoded straight at the smallest scale (1/2, 1/4, 1/8) still above MAX_SIDE: a quarter or
        # less of the memory of a full decode.
        image.draft(image.mode, (MAX_SIDE, MAX_SIDE))
        image.load()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError) as exc:
        raise ImageRejected(_("This file is not an image we can read (JPEG, PNG, WebP or GIF).")) from exc
    image.thumbnail((MAX_SIDE, MAX_SIDE))
    has_alpha = image.mode in ("RGBA", "LA") or (image.mode == "P" and "transparency" in image.info)
    out = io.BytesIO()
    stem = PurePath(name or "image").stem[:60] or "image"
    if has_alpha:
        image.convert("RGBA").save(out, "PNG", optimize=True)
        name = f"{stem}.png"
    else:
        image.convert("RGB").save(out, "JPEG", quality=85, optimize=True)
        name = f"{stem}.jpg"
    result = ContentFile(out.getvalue(), name=name)
    result.width, result.height = image.width, image.height
    return result

"""Uploaded images are decoded and re-encoded with Pillow: only real images get stored, never the bytes sent.

Shared by every upload (product photos in catalog.services, store logos in merchants.forms).
"""

import io
from pathlib import PurePath

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _
from PIL import Image, UnidentifiedImageError

ALLOWED_FORMATS = {"JPEG", "PNG", "WEBP", "GIF"}
MAX_IMAGE_BYTES = 5 * 1024 * 1024
MAX_PIXELS = 40_000_000
MAX_SIDE = 2000  # stored images are scaled down to this side


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
    try:
        with Image.open(io.BytesIO(data)) as probe:
            probe.verify()
        image = Image.open(io.BytesIO(data))
        if image.format not in ALLOWED_FORMATS:
            raise ImageRejected(_("Only JPEG, PNG, WebP or GIF images are accepted."))
        if image.width * image.height > MAX_PIXELS:
            raise ImageRejected(_("This image has too many pixels."))
        image.load()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError) as exc:
        raise ImageRejected(_("This file is not an image we can read (JPEG, PNG, WebP or GIF).")) from exc
    image.thumbnail((MAX_SIDE, MAX_SIDE))
    has_alpha = image.mode in ("RGBA", "LA") or (image.mode == "P" and "transparency" in image.info)
    out = io.BytesIO()
    stem = PurePath(upload.name or "image").stem[:60] or "image"
    if has_alpha:
        image.convert("RGBA").save(out, "PNG", optimize=True)
        name = f"{stem}.png"
    else:
        image.convert("RGB").save(out, "JPEG", quality=85, optimize=True)
        name = f"{stem}.jpg"
    result = ContentFile(out.getvalue(), name=name)
    result.width, result.height = image.width, image.height
    return result

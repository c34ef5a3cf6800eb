"""Product photos in several widths, made once at upload, and how a page draws them.

A browser picks the smallest copy that fills the space the page gives the photo (`srcset` + `sizes`), WebP
when it can read it and JPEG otherwise, so a card on a phone downloads a few kilobytes instead of the 2000 px
original. Every file goes through Django's storage API (local folder by default, object storage by setting),
so nothing here knows where the bytes live.
"""

import io
import secrets
from dataclasses import dataclass
from pathlib import PurePosixPath

from django.core.files.base import ContentFile
from django.core.files.storage import Storage
from django.utils.translation import gettext_lazy as _
from PIL import Image

from tijara.core.images import ImageRejected, decode_slot

# Widths of the copies (px): a cart thumbnail, a card on a phone and on a wide screen at 1x and 2x, the product
# page. An image narrower than a width gets no copy at it (never enlarged), but always one at its own width.
WIDTHS = (160, 320, 640, 960, 1440)
WEBP_QUALITY = 80
JPEG_QUALITY = 82
FALLBACK_WIDTH = 640  # the plain `src` for browsers that ignore srcset


@dataclass(frozen=True)
class RenderedSize:
    width: int
    height: int
    webp: bytes
    jpeg: bytes


def sizes_render(data: bytes) -> list[RenderedSize]:
    """Decode a stored (already re-encoded, at most 2000 px) photo once and encode every width in WebP and JPEG.

    Runs in one of the process's decode slots (core.images), outside any transaction: it is the slow part."""
    with decode_slot():
        try:
            with Image.open(io.BytesIO(data)) as opened:
                image = opened.convert("RGBA") if _has_alpha(opened) else opened.convert("RGB")
        except (OSError, SyntaxError, ValueError, Image.DecompressionBombError) as exc:
            raise ImageRejected(_("This file is not an image we can read (JPEG, PNG, WebP or GIF).")) from exc
        widths = sorted({w for w in WIDTHS if w < image.width} | {min(image.width, WIDTHS[-1])})
        rendered: list[RenderedSize] = []
        current = image
        for width in reversed(widths):  # largest first: each copy is scaled from the previous one, cheaper
            height = max(1, round(image.height * width / image.width))
            if (width, height) != current.size:
                current = current.resize((width, height), Image.Resampling.LANCZOS, reducing_gap=3.0)
            rendered.append(RenderedSize(width, height, _encode(current, "WEBP"), _encode(current, "JPEG")))
    return list(reversed(rendered))


def dimensions(data: bytes) -> tuple[int, int]:
    """Width and height from an image's header (nothing decoded)."""
    with Image.open(io.BytesIO(data)) as image:
        return image.size


def _has_alpha(image: Image.Image) -> bool:
    return image.mode in ("RGBA", "LA") or (image.mode == "P" and "transparency" in image.info)


def _encode(image: Image.Image, fmt: str) -> bytes:
    out = io.BytesIO()
    if fmt == "WEBP":
        image.save(out, "WEBP", quality=WEBP_QUALITY, method=4)
    else:
        if image.mode == "RGBA":  # JPEG has no transparency: flatten onto white, like the page behind it
            flat = Image.new("RGB", image.size, "white")
            flat.paste(image, mask=image.getchannel("A"))
            image = flat
        image.save(out, "JPEG", quality=JPEG_QUALITY, optimize=True, progressive=True)
    return out.getvalue()


def upload_stem(name: str | None) -> str:
    """A file stem for a new photo: the uploaded name's, plus a random part so that a URL never serves two
    different photos (copies are cached by browsers for a year)."""
    stem = PurePosixPath(name or "photo").stem[:40] or "photo"
    return f"{stem}-{secrets.token_hex(4)}"


def sizes_store(storage: Storage, original: str, rendered: list[RenderedSize], saved: list[str]) -> list[dict]:
    """Save each copy beside the original (`<stem>-<width>w.webp|jpg`); every stored name is appended to
    `saved` as soon as written, so the caller can remove them if what follows fails."""
    base = str(PurePosixPath(original).with_suffix(""))
    sizes = []
    for size in rendered:
        names = {}
        for fmt, data in (("webp", size.webp), ("jpeg", size.jpeg)):
            suffix = "webp" if fmt == "webp" else "jpg"
            names[fmt] = storage.save(f"{base}-{size.width}w.{suffix}", ContentFile(data))
            saved.append(names[fmt])
        sizes.append({"w": size.width, "h": size.height, **names})
    return sizes


def stored_names(original: str, sizes: list[dict]) -> list[str]:
    """Every file of one photo: the original and its copies."""
    return [original, *(size[fmt] for size in sizes for fmt in ("webp", "jpeg") if size.get(fmt))]


def picture_data(*, original: str, width: int, height: int, sizes: list[dict]) -> dict:
    """What a page needs to draw a photo, as kept in `Product.cover`."""
    return {"w": width, "h": height, "src": original, "sizes": sizes}


@dataclass(frozen=True)
class Picture:
    """A photo ready for `<picture>`: URLs from the storage, intrinsic size for width/height."""

    src: str
    width: int
    height: int
    webp_srcset: str
    jpeg_srcset: str


def picture_from(data: dict, storage: Storage) -> Picture | None:
    """A Picture from a cover or a photo's data; None when there is no photo (the page draws the letter tile)."""
    if not data or not data.get("src"):
        return None
    sizes = [s for s in data.get("sizes") or [] if s.get("w") and s.get("webp") and s.get("jpeg")]
    if not sizes:  # a photo stored before sizes existed, until `tijara photo_sizes` has run
        return Picture(storage.url(data["src"]), int(data.get("w") or 0), int(data.get("h") or 0), "", "")
    fallback = next((s for s in sizes if s["w"] >= FALLBACK_WIDTH), sizes[-1])
    largest = sizes[-1]
    return Picture(
        src=storage.url(fallback["jpeg"]),
        width=int(data.get("w") or largest["w"]),
        height=int(data.get("h") or largest["h"]),
        webp_srcset=", ".join(f"{storage.url(s['webp'])} {s['w']}w" for s in sizes),
        jpeg_srcset=", ".join(f"{storage.url(s['jpeg'])} {s['w']}w" for s in sizes),
    )

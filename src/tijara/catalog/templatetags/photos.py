"""`{% picture %}`: a product photo as `<picture>` (WebP sources, JPEG fallback, srcset, width and height).

Used by the storefront (cards, product gallery, cart, recap) and the back-office (a product's photos)."""

from django import template
from django.core.files.storage import default_storage

from tijara.catalog.images import Picture, picture_data, picture_from
from tijara.catalog.models import ProductImage

register = template.Library()

EAGER_CARDS = 4  # cards of the first row load at once; those below the fold wait until scrolled near


@register.inclusion_tag("catalog/_picture.html")
def picture(photo: dict | ProductImage | None, *, sizes: str, alt: str = "", css: str = "", position: int | None = None,
            priority: bool = False) -> dict:
    """`photo` is a product's `cover` or a ProductImage. `position` (0-based place in a list of cards) makes the
    first row eager and the rest lazy; `priority` is the page's main photo (eager, fetched first)."""
    if isinstance(photo, ProductImage):
        storage = photo.image.storage
        photo = picture_data(original=photo.image.name, width=photo.width, height=photo.height, sizes=photo.sizes)
    else:
        storage = default_storage
    pic: Picture | None = picture_from(photo or {}, storage)
    eager = priority or (position is not None and position < EAGER_CARDS)
    return {"pic": pic, "sizes": sizes, "alt": alt, "css": css, "loading": "eager" if eager else "lazy",
            "priority": priority}

from django.core.management.base import BaseCommand

from tijara.catalog.models import ProductImage
from tijara.catalog.services import product_image_sizes_make


class Command(BaseCommand):
    help = ("Make the responsive sizes (WebP and JPEG, several widths) of product photos stored before they "
            "existed. New uploads get theirs at once; running it again does nothing.")

    def handle(self, *args, **options):
        made = skipped = 0
        for image_id in ProductImage.objects.filter(sizes=[]).values_list("pk", flat=True).iterator():
            if product_image_sizes_make(image_id=image_id):
                made += 1
            else:
                skipped += 1
        self.stdout.write(f"photo sizes made: {made}; skipped (file missing or unreadable): {skipped}")

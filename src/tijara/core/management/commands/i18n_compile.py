from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from django.core.management.base import BaseCommand, CommandError

import tijara


class Command(BaseCommand):
    help = "Compile every .po catalogue of the project to .mo with Babel (no gettext binaries needed)."

    def handle(self, *args, **options):
        root = Path(tijara.__file__).resolve().parent
        catalogues = sorted(root.glob("**/locale/*/LC_MESSAGES/*.po"))
        if not catalogues:
            raise CommandError(f"no .po catalogue found under {root}")
        for po_path in catalogues:
            locale = po_path.parent.parent.name
            with open(po_path, "rb") as handle:
                catalogue = read_po(handle, locale=locale)
            with open(po_path.with_suffix(".mo"), "wb") as handle:
                write_mo(handle, catalogue, use_fuzzy=False)
        self.stdout.write(f"Compiled {len(catalogues)} catalogues.")

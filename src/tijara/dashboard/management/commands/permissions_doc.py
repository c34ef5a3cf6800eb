"""`tijara permissions_doc` writes docs/security/permissions.md from the code; `--check` exits 1 when the
committed file is stale [SEC-ROLES-MATRIX]."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from tijara.dashboard.permissions_doc import DOC_PATH, render


class Command(BaseCommand):
    help = "Write docs/security/permissions.md (the roles matrix and each page's action) from the code."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--root", default=".", help="The repository's root (default: the current directory).")
        parser.add_argument("--check", action="store_true", help="Only check that the file is current.")

    def handle(self, *args: object, **options: object) -> None:
        path = Path(str(options["root"])) / DOC_PATH
        text = render()
        if options["check"]:
            if not path.exists() or path.read_text(encoding="utf-8") != text:
                raise CommandError(f"{path} is stale: run `tijara permissions_doc`.", returncode=1)
            self.stdout.write(f"{path} is current.")
            return
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        self.stdout.write(f"Wrote {path}.")

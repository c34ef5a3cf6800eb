"""`tijara privacy_register --language fr|ar [--output FILE]`: the processing register, generated [DP-REGISTER]."""

from pathlib import Path

from django.core.management.base import BaseCommand

from tijara.dataprotection.register import register_markdown


class Command(BaseCommand):
    help = "Print (or write) the register of processing of personal data, in French or Arabic."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--language", choices=["fr", "ar"], default="fr")
        parser.add_argument("--output", default="")

    def handle(self, *args, language: str = "fr", output: str = "", **options) -> None:
        text = register_markdown(language)
        if output:
            Path(output).write_text(text, encoding="utf-8")
        else:
            self.stdout.write(text)

"""`tijara i18n_update`: refresh every catalogue from the source code, keeping the translations.

Each app keeps the strings of its own files in `<app>/locale/`; core, config and the shared templates (and
any app without a locale folder) use `src/tijara/locale/`. makemessages (GNU gettext) does that split.
When a string moves to another app, its new catalogue gets the translation the old one had: entries left
empty or fuzzy are filled from any catalogue of the same language that translates the same msgid. What is
still untranslated is listed, to be translated in the .po file itself. Then run `tijara i18n_compile`.
"""

import contextlib
import functools
import io
import re
from pathlib import Path

import django
from babel.messages.catalog import Catalog, Message
from babel.messages.pofile import read_po, write_po
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

import tijara

Key = tuple[object, str | None]  # (msgid or (singular, plural), msgctxt)
SOURCE_LANGUAGE = "en"
PO_WIDTH = 120


def package_root() -> Path:
    return Path(tijara.__file__).resolve().parent


def catalogue_paths(root: Path, language: str) -> list[Path]:
    """Every catalogue of one language in the package: core's and each app's."""
    return sorted(root.glob(f"**/locale/{language}/LC_MESSAGES/django.po"))


def read_catalogue(path: Path, language: str) -> Catalog:
    with open(path, "rb") as handle:
        catalogue = read_po(handle, locale=language)
    if catalogue.locale is None:  # a fresh makemessages header says "Language: " (empty)
        catalogue.locale = language
    return catalogue


@functools.cache
def django_plural_forms(language: str) -> str:
    """Django's own Plural-Forms for a language, so that every catalogue of it orders plural forms alike."""
    path = Path(django.__file__).parent / "conf" / "locale" / language / "LC_MESSAGES" / "django.po"
    header = path.read_text(encoding="utf-8").split("\n\n", 1)[0]  # the header entry, before the first blank line
    return read_po(io.StringIO(header), locale=language).plural_forms


def is_translated(message: Message) -> bool:
    strings = message.string if isinstance(message.string, tuple | list) else (message.string,)
    return bool(message.id) and not message.fuzzy and all(strings)


def translation_memory(paths: list[Path], language: str) -> tuple[dict[Key, object], list[str]]:
    """What the catalogues of one language already translate, and the msgids they translate differently."""
    memory: dict[Key, object] = {}
    conflicts = []
    for path in paths:
        for message in read_catalogue(path, language):
            if not is_translated(message):
                continue
            key = (message.id, message.context)
            if key in memory and memory[key] != message.string:
                conflicts.append(f"{language} {message.id!r}: {memory[key]!r} / {message.string!r} ({path})")
            memory.setdefault(key, message.string)
    return memory, conflicts


def _undated(content: bytes) -> bytes:
    return re.sub(rb'"POT-Creation-Date: [^"]*"', b"", content)


class Command(BaseCommand):
    help = "Extract every app's strings into its own .po catalogue and carry existing translations over."

    def add_arguments(self, parser):
        parser.add_argument("-l", "--locale", action="append", dest="languages",
                            help="a language to update (repeatable); default: every language but English")

    def handle(self, *args, languages=None, **options):
        root = package_root()
        languages = languages or [code for code, _name in settings.LANGUAGES if code != SOURCE_LANGUAGE]
        memories = {}
        for language in languages:
            memory, conflicts = translation_memory(catalogue_paths(root, language), language)
            if conflicts:
                raise CommandError("one msgid, two translations; make them agree (or give the msgid a context):\n"
                                   + "\n".join(conflicts))
            memories[language] = memory
        before = {path: path.read_bytes() for language in languages for path in catalogue_paths(root, language)}
        with contextlib.chdir(root):
            call_command("makemessages", locale=languages, domain="django", no_obsolete=True,
                         add_location="file", verbosity=0)
        untranslated = []
        for language in languages:
            for path in catalogue_paths(root, language):
                untranslated += self._fill(path, language, memories[language], root)
                if path in before and _undated(path.read_bytes()) == _undated(before[path]):
                    path.write_bytes(before[path])  # only the extraction date changed: keep the file as it was
        for line in untranslated:
            self.stdout.write(f"untranslated {line}")
        self.stdout.write(f"Updated {sum(len(catalogue_paths(root, lang)) for lang in languages)} catalogues, "
                          f"{len(untranslated)} strings to translate.")

    def _fill(self, path: Path, language: str, memory: dict[Key, object], root: Path) -> list[str]:
        catalogue = read_catalogue(path, language)
        catalogue.mime_headers = [("Plural-Forms", django_plural_forms(language))]
        missing = []
        for message in catalogue:
            if not message.id or is_translated(message):
                continue
            known = memory.get((message.id, message.context))
            if known is not None and (not message.pluralizable or len(known) == catalogue.num_plurals):
                message.string = known
                message.flags.discard("fuzzy")
                message.previous_id = []
            else:
                missing.append(f"{language} {path.relative_to(root)}: {message.id!r}")
        catalogue.project, catalogue.version = "tijara", ""
        catalogue.fuzzy = False
        catalogue.header_comment = f"# tijara interface strings ({language}). Update with `tijara i18n_update`."
        with open(path, "wb") as handle:
            write_po(handle, catalogue, width=PO_WIDTH)
        return missing

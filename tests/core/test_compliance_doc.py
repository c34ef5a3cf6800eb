"""docs/compliance.md is the one list of the rules the code applies, and the repository speaks of itself.

Every rule id cited anywhere is defined there, every rule there is held by at least one test (and the tests
it lists do cite it), the files it names exist, and no file points at a document outside the repository or
at the project's history (requirement codes, issue numbers).
"""

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DOC = ROOT / "docs" / "compliance.md"
THIS_FILE = Path(__file__).resolve()

SCANNED_DIRS = ("src", "tests", "bench", "docs", "scripts")
SCANNED_FILES = ("README.md", "pyproject.toml")
TEXT_SUFFIXES = {".py", ".html", ".txt", ".md", ".po", ".sh", ".toml"}
SKIPPED_PARTS = {"__pycache__", "node_modules", ".pytest_cache"}

RULE = re.compile(r"^### `([A-Z]{2,4}(?:-[A-Z0-9]+)+)`", re.MULTILINE)
CITATION = re.compile(r"\[([A-Z]{2,4}(?:-[A-Z0-9]+)+)\]")
REPO_PATH = re.compile(r"`((?:src|tests|docs|bench|scripts)/[^`\s]+)`")

# What points outside the repository or at its history.
FORBIDDEN = {
    "requirement code": re.compile(r"(?<![A-Za-z0-9])R\d{1,2}(?![A-Za-z0-9])"),
    "external brief": re.compile(r"\bbrief\b", re.IGNORECASE),
    "issue number": re.compile(r"\bissues?[-\s#]*\d", re.IGNORECASE),
    "earlier or later work": re.compile(r"\blater (?:issue|session)\b|\bissue's\b", re.IGNORECASE),
}
# (relative path, pattern name): true false positives only, each with its reason.
ALLOWED: set[tuple[str, str]] = set()


def scanned_files() -> list[Path]:
    files = [ROOT / name for name in SCANNED_FILES if (ROOT / name).exists()]
    for top in SCANNED_DIRS:
        for path in sorted((ROOT / top).rglob("*")):
            if not path.is_file() or SKIPPED_PARTS & set(path.parts) or path.resolve() == THIS_FILE:
                continue
            if any(part.endswith(".egg-info") for part in path.parts):
                continue
            # Extensionless files under bench/ and scripts/ are scripts.
            if path.suffix in TEXT_SUFFIXES or (path.suffix == "" and top in ("bench", "scripts")):
                files.append(path)
    return files


def read(path: Path) -> str:
    return path.read_text(encoding="utf-8", errors="replace")


def rel(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


def rule_sections() -> dict[str, str]:
    """Rule id → its section of the document (up to the next heading)."""
    text = read(DOC)
    matches = list(RULE.finditer(text))
    sections = {}
    for i, match in enumerate(matches):
        end = matches[i + 1].start() if i + 1 < len(matches) else len(text)
        body = text[match.end():end]
        sections[match.group(1)] = re.split(r"^#{1,3} ", body, flags=re.MULTILINE)[0]
    return sections


def test_the_document_defines_rules_each_once():
    ids = RULE.findall(read(DOC))
    assert len(ids) >= 10
    assert len(ids) == len(set(ids)), "an id is defined twice"


def test_every_rule_states_its_law_code_and_tests():
    for rule_id, body in rule_sections().items():
        for label in ("**Rule.**", "**Law.**", "**Code.**", "**Tests.**"):
            assert label in body, f"{rule_id} has no {label}"


def test_every_cited_id_is_defined_in_the_document():
    defined = set(RULE.findall(read(DOC)))
    unknown = [
        f"{rel(path)}:{number}: [{rule_id}]"
        for path in scanned_files()
        for number, line in enumerate(read(path).splitlines(), start=1)
        for rule_id in CITATION.findall(line)
        if rule_id not in defined
    ]
    assert unknown == [], "cited ids missing from docs/compliance.md:\n" + "\n".join(unknown)


def test_every_rule_is_cited_by_a_test():
    cited = {rule_id for path in (ROOT / "tests").rglob("*.py") if path.resolve() != THIS_FILE
             for rule_id in CITATION.findall(read(path))}
    untested = sorted(set(rule_sections()) - cited)
    assert untested == [], f"rules no test cites: {untested}"


def test_the_test_files_a_rule_lists_cite_it():
    wrong = []
    for rule_id, body in rule_sections().items():
        tests_part = body.split("**Tests.**", 1)[1]
        for path in REPO_PATH.findall(tests_part):
            if (ROOT / path).is_file() and f"[{rule_id}]" not in read(ROOT / path):
                wrong.append(f"{rule_id}: {path}")
    assert wrong == [], "listed test files that do not cite the rule:\n" + "\n".join(wrong)


def test_the_files_the_document_names_exist():
    missing = sorted({path for path in REPO_PATH.findall(read(DOC)) if not (ROOT / path).exists()})
    assert missing == [], f"paths in docs/compliance.md that do not exist: {missing}"


@pytest.mark.parametrize("name", sorted(FORBIDDEN))
def test_nothing_points_outside_the_repository_or_at_its_history(name):
    pattern = FORBIDDEN[name]
    found = [
        f"{rel(path)}:{number}: {line.strip()[:100]}"
        for path in scanned_files()
        if (rel(path), name) not in ALLOWED
        for number, line in enumerate(read(path).splitlines(), start=1)
        if pattern.search(line)
    ]
    assert found == [], f"{name}s (cite docs/compliance.md ids instead):\n" + "\n".join(found)

"""Shared fixtures. Browser fixtures drive Debian's Chromium through Playwright (never a downloaded browser)."""

import os
import shutil
from pathlib import Path

import pytest

ARTIFACTS = Path(os.environ.get("TIJARA_ARTIFACTS", Path(__file__).resolve().parent.parent / "artifacts"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


def _chromium_path() -> str | None:
    return os.environ.get("TIJARA_CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture(scope="session")
def screenshot_dir() -> Path:
    path = ARTIFACTS / "screenshots"
    path.mkdir(parents=True, exist_ok=True)
    return path


@pytest.fixture(scope="session")
def browser():
    """One headless Chromium for the session."""
    executable = _chromium_path()
    if not executable:
        pytest.fail("Debian's chromium is not installed; the test command installs it (apt-get install chromium)")
    # Playwright's sync API runs an event loop in this thread; Django's ORM must still be usable in tests.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="fr-FR")
    tab = context.new_page()
    tab.set_default_timeout(15_000)
    yield tab
    context.close()


def pytest_collection_modifyitems(config, items):
    """`postgres` tests (real concurrency, row locks) run only when DATABASE_URL points at PostgreSQL."""
    from django.conf import settings

    if settings.DATABASES["default"]["ENGINE"].endswith("postgresql"):
        return
    skip = pytest.mark.skip(reason="needs PostgreSQL (the test command runs the suite on it too)")
    for item in items:
        if "postgres" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(autouse=True)
def _test_settings(settings):
    """Fresh pages and counts (cache tests turn caching on themselves); jobs such as e-mails run at once,
    so mail.outbox and e-mail files can be checked. Static files are served from the source tree: the
    production storage needs `collectstatic` first, and tests/bench/ serves real pages with it."""
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.TIJARA_PAGE_CACHE_SECONDS = 0
    settings.TIJARA_COUNT_CACHE_SECONDS = 0
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture(autouse=True)
def _clear_cache():
    """Each test starts with an empty cache: throttling counters (core.throttle) and cached pages of one
    test never leak into the next."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts in the default language: a page requested under /ar/ leaves Arabic active in the
    test thread, and a later test would otherwise store Arabic names or answer in Arabic."""
    from django.utils import translation

    translation.deactivate()
    yield
    translation.deactivate()

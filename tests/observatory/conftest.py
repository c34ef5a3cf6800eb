"""Observatory fixtures: every store lives in a temporary directory, never in var/."""

from __future__ import annotations

import pytest

from tijara.observatory.generator import generate
from tijara.observatory.store import FactStore


@pytest.fixture
def obs_dir(tmp_path, settings):
    path = tmp_path / "observatory"
    settings.TIJARA_OBSERVATORY_DIR = path
    settings.TIJARA_OBSERVATORY_PSEUDONYM_KEY = "test-key"
    return path


@pytest.fixture
def store(obs_dir) -> FactStore:
    return FactStore(obs_dir)


@pytest.fixture(scope="session")
def small_store_dir(tmp_path_factory):
    """2021-2022 at 1/2000 of the national volume, all payment methods (about 50,000 rows)."""
    path = tmp_path_factory.mktemp("obs-small")
    generate(store=FactStore(path), year_from=2021, year_to=2022, scale=0.0005, seed=7, workers=1)
    return path


@pytest.fixture
def small_store(small_store_dir, settings) -> FactStore:
    settings.TIJARA_OBSERVATORY_DIR = small_store_dir
    return FactStore(small_store_dir)

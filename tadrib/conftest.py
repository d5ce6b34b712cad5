from __future__ import annotations

import pytest

from tadrib.core import testing


@pytest.fixture
def world(db: None) -> testing.World:
    return testing.build_world()


@pytest.fixture(autouse=True)
def _english(settings) -> None:  # type: ignore[no-untyped-def]
    settings.LANGUAGE_CODE = "en"
    from django.utils import translation

    translation.activate("en")


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings) -> None:  # type: ignore[no-untyped-def]
    # Argon2 is what deployments use (tested in accounts); tests need speed.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path) -> None:  # type: ignore[no-untyped-def]
    # Uploaded documents go to a per-test directory, never to data/.
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"

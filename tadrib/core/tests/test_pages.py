"""The pages' own assets are served locally (closed networks) and every page
(the fixed ones, and the list, add and detail page of every model registered
with the generic access test) renders in each language, right to left in
Arabic."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from tadrib.core import testing
from tadrib.core.testing import World

pytestmark = pytest.mark.django_db

PAGES = [
    "/",
    "/people/",
    "/people/add/",
    "/organisations/",
    "/organisations/add/",
    "/organisations/nations/",
    "/people/ranks/",
    "/people/specialties/",
    "/people/languages/",
    "/accounts/memberships/",
    "/audit/",
    "/accounts/profile/",
    "/agreements/dashboard/",
    "/training/dashboard/",
    "/training/intake/",
    "/training/alumni/",
    "/training/nominations/bulk/",
    "/verify/",
]


def every_page(world: World) -> list[str]:
    """The fixed pages, and the list, add and detail page of every registered model."""
    pages = list(PAGES)
    for n, case in enumerate(testing.load_access_cases(), start=1):
        meta = case.model._meta
        record = case.make(world, 10_000 * n)  # far apart: no two cases' records collide
        pages += [
            reverse(f"{meta.app_label}:{meta.model_name}_list"),
            reverse(f"{meta.app_label}:{meta.model_name}_add"),
            reverse(f"{meta.app_label}:{meta.model_name}", args=[record.pk]),
        ]
    return pages


def assets_of(html: str) -> set[str]:
    return set(re.findall(r'(?:href|src)="(/static/[^"]+)"', html))


def test_every_asset_a_page_references_is_served_locally(world: World) -> None:
    client = Client()
    client.force_login(world.admin)
    assets: set[str] = set()
    for language in ("en", "ar"):
        client.post("/accounts/preferences/", {"language": language})
        assets |= assets_of(client.get("/").content.decode())
    assert {a for a in assets if a.endswith(".css")} >= {
        "/static/vendor/bootstrap/css/bootstrap.min.css",
        "/static/vendor/bootstrap/css/bootstrap.rtl.min.css",
        "/static/tadrib/tadrib.css",
    }
    assert any("chart" in a for a in assets) and any("htmx" in a for a in assets)
    for asset in assets:
        response = client.get(asset)
        assert response.status_code == 200, asset
        body = b"".join(response.streaming_content) if response.streaming else response.content
        assert len(body) > 100, asset


def test_no_page_loads_anything_from_outside(world: World) -> None:
    client = Client()
    client.force_login(world.admin)
    for path in every_page(world):
        html = client.get(path).content.decode()
        assert not re.search(r'(?:href|src)="(?:https?:)?//', html), path


@pytest.mark.parametrize("language,direction", [("en", "ltr"), ("ar", "rtl"), ("tr", "ltr")])
def test_every_page_renders_in_each_language(world: World, language: str, direction: str) -> None:
    testing.person(world.battalion_a)
    client = Client()
    client.force_login(world.admin)
    client.post("/accounts/preferences/", {"language": language})
    for path in every_page(world):
        response = client.get(path)
        assert response.status_code == 200, path
        assert f'<html lang="{language}" dir="{direction}">' in response.content.decode(), path

"""List filters in the API: one value per parameter, text never empty."""

from __future__ import annotations

import pytest

from tadrib.core.testing import World, client_for

pytestmark = pytest.mark.django_db


def test_a_filter_given_twice_is_refused_naming_it(world: World) -> None:
    response = client_for(world.manager_a).get("/api/people?q=al&q=Ahmad")
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["query", "q"]


def test_an_empty_text_filter_is_refused_and_one_value_works(world: World) -> None:
    client = client_for(world.manager_a)
    assert client.get("/api/people?q=").status_code == 422
    assert client.get("/api/people?q=al").status_code == 200

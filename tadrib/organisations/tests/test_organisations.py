from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client
from django.utils import translation

from tadrib.core import testing
from tadrib.core.models import AuditEntry
from tadrib.core.testing import World
from tadrib.organisations.models import Organisation
from tadrib.organisations.services import save_organisation

pytestmark = pytest.mark.django_db


def form_for(org: Organisation, **changes: object) -> dict[str, object]:
    data: dict[str, object] = {
        "nation": org.nation_id,
        "parent": org.parent_id or "",
        "kind": org.kind,
        "echelon": org.echelon,
        "code": org.code,
        "name_en": org.name_en,
        "name_ar": org.name_ar,
        "name_tr": org.name_tr,
        "is_active": "on",
    }
    data.update(changes)
    return data


def add_battalion(client: Client, world: World, code: str) -> Any:
    """Post the form that adds a battalion under nation A's brigade."""
    return client.post(
        "/organisations/add/",
        {
            "nation": world.nation_a.pk,
            "parent": world.brigade_a.pk,
            "kind": "unit",
            "echelon": "battalion",
            "code": code,
            "name_en": f"Battalion {code}",
        },
    )


def test_it_refuses_to_make_an_organisation_its_own_ancestor(world: World) -> None:
    client = Client()
    client.force_login(world.admin)
    before = AuditEntry.objects.count()
    response = client.post(
        f"/organisations/{world.brigade_a.pk}/edit/",
        form_for(world.brigade_a, parent=world.battalion_a.pk),
    )
    assert response.status_code == 200
    assert response.context["form"].errors["parent"] == [
        "An organisation cannot be placed under itself or one of its own units."
    ]
    world.brigade_a.refresh_from_db()
    assert world.brigade_a.parent_id == world.ministry_a.pk
    assert AuditEntry.objects.count() == before


def test_it_refuses_an_organisation_as_its_own_parent_in_arabic(world: World) -> None:
    english = "An organisation cannot be placed under itself or one of its own units."
    with translation.override("ar"):
        arabic = translation.gettext(english)
    assert arabic != english
    world.admin.language = "ar"
    world.admin.save()
    client = Client()
    client.force_login(world.admin)
    response = client.post(
        f"/organisations/{world.brigade_a.pk}/edit/",
        form_for(world.brigade_a, parent=world.brigade_a.pk),
    )
    assert response.context["form"].errors["parent"] == [arabic]
    assert 'dir="rtl"' in response.content.decode()


def test_the_database_refuses_a_self_parent_even_past_validation(world: World) -> None:
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        Organisation.objects.filter(pk=world.brigade_a.pk).update(parent=world.brigade_a.pk)


def test_it_refuses_a_parent_of_another_nation(world: World) -> None:
    org = world.battalion_a
    org.parent = world.academy_b
    with pytest.raises(Exception, match="another nation"):
        save_organisation(org, actor=world.admin)


def test_moving_a_unit_moves_its_subtree(world: World) -> None:
    company = testing.organisation(
        world.nation_a, "A-CO", parent=world.battalion_a, echelon="company"
    )
    battalion = world.battalion_a
    battalion.parent = world.directorate_a
    save_organisation(battalion, actor=world.admin)
    company.refresh_from_db()
    assert battalion.path == f"{world.directorate_a.path}{battalion.pk}/"
    assert company.path == f"{battalion.path}{company.pk}/"
    assert company.depth == battalion.depth + 1 == 3


def test_a_membership_reaches_the_subtree_only(world: World) -> None:
    visible = set(
        Organisation.objects.for_user(world.brigade_manager_a).values_list("code", flat=True)
    )
    assert visible == {"A-BDE", "A-BN"}
    everything_a = set(
        Organisation.objects.for_user(world.manager_a).values_list("code", flat=True)
    )
    assert everything_a == {"A-MOD", "A-TRD", "A-BDE", "A-BN"}


def test_a_brigade_manager_cannot_create_outside_the_brigade(world: World) -> None:
    client = Client()
    client.force_login(world.brigade_manager_a)
    response = client.post(
        "/organisations/add/",
        {
            "nation": world.nation_a.pk,
            "parent": world.directorate_a.pk,
            "kind": "office",
            "code": "A-X",
            "name_en": "X",
        },
    )
    assert response.status_code == 200
    assert "parent" in response.context["form"].errors
    assert not Organisation.objects.filter(code="A-X").exists()
    response = client.post(
        "/api/organisations",
        data=json.dumps(
            {
                "nation_id": world.nation_a.pk,
                "parent_id": world.directorate_a.pk,
                "kind": "office",
                "code": "A-X",
                "name_en": "X",
            }
        ),
        content_type="application/json",
    )
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "parent_id"]
    assert not Organisation.objects.filter(code="A-X").exists()


def test_a_manager_creates_a_unit_under_their_organisation(world: World) -> None:
    client = Client()
    client.force_login(world.brigade_manager_a)
    response = add_battalion(client, world, "A-BN-2")
    assert response.status_code == 302
    created = Organisation.objects.get(code="A-BN-2")
    assert created.path == f"{world.brigade_a.path}{created.pk}/"


def test_it_refuses_a_duplicate_code_within_a_nation(world: World) -> None:
    client = Client()
    client.force_login(world.admin)
    response = add_battalion(client, world, "A-BN")
    assert response.context["form"].errors["code"] == [
        "An organisation of this nation already has this code."
    ]


def test_filters_are_shared_by_the_page_and_the_api(world: World) -> None:
    client = Client()
    client.force_login(world.admin)
    api_codes = {
        row["code"]
        for row in client.get(f"/api/organisations?within={world.brigade_a.pk}").json()["items"]
    }
    page = client.get(f"/organisations/?within={world.brigade_a.pk}")
    page_codes = {row.record.code for row in page.context["table"].rows}
    assert api_codes == page_codes == {"A-BDE", "A-BN"}
    assert {
        row["code"] for row in client.get("/api/organisations?echelon=battalion").json()["items"]
    } == {"A-BN"}

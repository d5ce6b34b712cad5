from __future__ import annotations

import json
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.test import Client
from django.utils import translation

from tadrib.core import testing
from tadrib.core.models import AuditEntry
from tadrib.core.services import integrity_error_as_validation
from tadrib.core.testing import World
from tadrib.people.models import LanguageProficiency, Person
from tadrib.people.services import save_language_proficiency, save_person

pytestmark = pytest.mark.django_db


def person_form(world: World, **changes: Any) -> dict[str, Any]:
    data = {
        "nation": world.nation_a.pk,
        "service_number": "SY-100",
        "given_names": "محمد",
        "family_name": "الأحمد",
        "given_names_latin": "Muhammad",
        "family_name_latin": "al-Ahmad",
        "category": "enlisted",
        "unit": world.battalion_a.pk,
        "status": "active",
        "vetting_state": "not_started",
    }
    data.update(changes)
    return data


def post_json(client: Client, path: str, body: Any, **extra: Any) -> Any:
    raw = body if isinstance(body, str) else json.dumps(body)
    return client.post(path, data=raw, content_type="application/json", **extra)


@pytest.fixture
def manager(world: World) -> Client:
    client = Client()
    client.force_login(world.manager_a)
    return client


def test_it_refuses_a_duplicate_service_number_within_a_nation(
    world: World, manager: Client
) -> None:
    testing.person(world.battalion_a, service_number="SY-100")
    count, entries = Person.objects.count(), AuditEntry.objects.count()
    response = manager.post("/people/add/", person_form(world))
    assert response.status_code == 200
    assert response.context["form"].errors["service_number"] == [
        "A person of this nation already has this service number."
    ]
    response = post_json(
        manager,
        "/api/people",
        {
            **{k: v for k, v in person_form(world).items() if k not in ("nation", "unit")},
            "nation_id": world.nation_a.pk,
            "unit_id": world.battalion_a.pk,
        },
    )
    assert response.status_code == 422
    assert response.json()["detail"] == [
        {
            "loc": ["body", "service_number"],
            "msg": "A person of this nation already has this service number.",
            "type": "people_person_unique_service_number",
        }
    ]
    assert (Person.objects.count(), AuditEntry.objects.count()) == (count, entries)


def test_the_same_service_number_is_allowed_in_another_nation(world: World) -> None:
    testing.person(world.battalion_a, service_number="X-1")
    other = testing.person(
        world.academy_b, service_number="X-1", given_names="Ali", family_name="Yılmaz"
    )
    assert other.pk


def test_the_duplicate_service_number_error_is_translated(world: World) -> None:
    testing.person(world.battalion_a, service_number="SY-100")
    english = "A person of this nation already has this service number."
    world.manager_a.language = "tr"
    world.manager_a.save()
    client = Client()
    client.force_login(world.manager_a)
    response = client.post("/people/add/", person_form(world))
    with translation.override("tr"):
        turkish = translation.gettext(english)
    assert turkish != english
    assert response.context["form"].errors["service_number"] == [turkish]


def test_the_database_enforces_unique_service_numbers(world: World) -> None:
    person = testing.person(world.battalion_a, service_number="SY-7")
    duplicate = Person(
        **{
            f.attname: getattr(person, f.attname)
            for f in Person._meta.concrete_fields
            if f.name != "id"
        }
    )
    with pytest.raises(IntegrityError) as caught, transaction.atomic():
        duplicate.save()
    mapped = integrity_error_as_validation(duplicate, caught.value)
    # SQLite names the columns, PostgreSQL the constraint: both map to a clear message.
    assert mapped.messages[0] in {
        "A person of this nation already has this service number.",
        "This record conflicts with one already stored; nothing was saved.",
    }


def test_it_refuses_a_person_in_a_unit_of_another_nation(world: World, manager: Client) -> None:
    with pytest.raises(ValidationError) as caught:
        save_person(
            Person(**{**person_form(world), "nation": world.nation_a, "unit": world.academy_b}),
            actor=None,
        )
    assert caught.value.message_dict["unit"] == ["This unit belongs to another nation."]
    response = post_json(
        manager,
        "/api/people",
        {
            "nation_id": world.nation_a.pk,
            "unit_id": world.academy_b.pk,
            "service_number": "SY-9",
            "given_names": "a",
            "family_name": "b",
            "given_names_latin": "a",
            "family_name_latin": "b",
            "category": "officer",
        },
    )
    assert response.status_code == 422
    locations = [d["loc"] for d in response.json()["detail"]]
    # Outside the manager's reach and of another nation: either way the field is named.
    assert ["body", "unit_id"] in locations
    assert not Person.objects.filter(service_number="SY-9").exists()


def test_a_malformed_api_body_is_refused_naming_the_field(world: World, manager: Client) -> None:
    response = post_json(manager, "/api/people", "{not json", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert response.json()["detail"][0]["msg"] == "The request body is not valid JSON."

    response = post_json(
        manager, "/api/people", {"nation_id": "SY", "unit_id": world.battalion_a.pk}
    )
    assert response.status_code == 422
    detail = {tuple(d["loc"]): d["msg"] for d in response.json()["detail"]}
    assert detail[("body", "nation_id")] == "Enter a whole number."
    assert detail[("body", "service_number")] == "This field is required."
    assert Person.objects.count() == 0


def test_api_errors_are_translated(world: World, manager: Client) -> None:
    response = post_json(
        manager, "/api/people", {"unit_id": world.battalion_a.pk}, HTTP_ACCEPT_LANGUAGE="ar"
    )
    with translation.override("ar"):
        expected = translation.gettext("This field is required.")
    assert response.status_code == 422
    assert {d["msg"] for d in response.json()["detail"]} == {expected}


def test_stanag_levels_run_from_0_to_5(world: World, manager: Client) -> None:
    person = testing.person(world.battalion_a)
    proficiency = LanguageProficiency(
        person=person, language="tr", listening=6, speaking=2, reading=2, writing=2
    )
    with pytest.raises(ValidationError) as caught:
        save_language_proficiency(proficiency, actor=None)
    assert "listening" in caught.value.message_dict
    response = post_json(
        manager,
        "/api/language-proficiencies",
        {
            "person_id": person.pk,
            "language": "tr",
            "listening": 7,
            "speaking": 2,
            "reading": 2,
            "writing": 2,
        },
    )
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "listening"]
    ok = save_language_proficiency(
        LanguageProficiency(
            person=person, language="tr", listening=3, speaking=2, reading=2, writing=2
        ),
        actor=None,
    )
    assert ok.profile == "3222"


def test_an_officer_cadet_holds_an_of_d_rank(world: World) -> None:
    lieutenant = testing.rank(world.nation_a, "LT", "OF-1")
    with pytest.raises(ValidationError) as caught:
        testing.person(world.directorate_a, category="cadet", rank=lieutenant)
    assert "rank" in caught.value.message_dict
    cadet_rank = testing.rank(world.nation_a, "CDT", "OF(D)")
    assert testing.person(world.directorate_a, category="cadet", rank=cadet_rank).pk


def test_a_rank_of_another_nation_is_refused(world: World) -> None:
    turkish = testing.rank(world.nation_b, "TGM", "OF-1")
    with pytest.raises(ValidationError) as caught:
        testing.person(world.battalion_a, rank=turkish)
    assert caught.value.message_dict["rank"] == ["This rank belongs to another nation."]


def test_search_finds_people_by_either_script_and_filters_by_subtree(
    world: World, manager: Client
) -> None:
    in_battalion = testing.person(world.battalion_a, given_names="يوسف", given_names_latin="Yusuf")
    testing.person(world.directorate_a, given_names="يوسف", given_names_latin="Yusuf")
    arabic = manager.get("/api/people", {"q": "يوسف"}).json()["items"]
    latin = manager.get("/api/people", {"q": "yusuf"}).json()["items"]
    assert len(arabic) == len(latin) == 2
    within = manager.get("/api/people", {"q": "yusuf", "within": world.brigade_a.pk}).json()[
        "items"
    ]
    assert [row["id"] for row in within] == [in_battalion.pk]
    page = manager.get("/people/", {"q": "Yusuf", "within": world.brigade_a.pk})
    assert [row.record.pk for row in page.context["table"].rows] == [in_battalion.pk]


def test_an_invalid_filter_value_is_refused(world: World, manager: Client) -> None:
    response = manager.get("/api/people", {"category": "general"})
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["query", "category"]


def test_csv_export_follows_the_filters_and_the_scope(world: World, manager: Client) -> None:
    testing.person(world.battalion_a, service_number="SY-CSV-1", given_names_latin="Omar")
    testing.person(world.battalion_a, service_number="SY-CSV-2", given_names_latin="Bilal")
    testing.person(world.academy_b, service_number="TR-CSV-3", given_names_latin="Omar")
    response = manager.get("/people/", {"q": "Omar", "export": "csv"})
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    assert response["Content-Type"].startswith("text/csv")
    assert "SY-CSV-1" in text and "SY-CSV-2" not in text and "TR-CSV-3" not in text
    assert text.splitlines()[0].startswith("Service number")

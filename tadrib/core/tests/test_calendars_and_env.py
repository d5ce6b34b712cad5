from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ImproperlyConfigured

from tadrib.core import calendars
from tadrib.env import env_bool, env_int, env_list


def test_umm_al_qura_dates() -> None:
    # The day the 49 cadets began studies: 9 Jumada al-Ula 1447.
    assert calendars.to_hijri(dt.date(2025, 10, 31)) == (1447, 5, 9)
    text = calendars.format_date(dt.date(2025, 10, 31), "umm_al_qura")
    assert text == "9 Jumada al-Ula 1447 AH"


def test_gregorian_is_the_default() -> None:
    assert calendars.format_date(dt.date(2025, 10, 31)) == "Oct. 31, 2025"


def test_dates_outside_the_umm_al_qura_table_fall_back_to_gregorian() -> None:
    assert calendars.to_hijri(dt.date(1900, 1, 1)) is None
    assert calendars.format_date(dt.date(1900, 1, 1), "umm_al_qura") == "Jan. 1, 1900"


def test_hijri_months_are_translated() -> None:
    from django.utils import translation

    with translation.override("ar"):
        text = calendars.format_date(dt.date(2025, 10, 31), "umm_al_qura")
    assert "جمادى الأولى" in text and "1447" in text


@pytest.mark.parametrize("raw,expected", [("1", True), ("yes", True), ("off", False), ("", False)])
def test_env_bool_accepts_the_usual_spellings(monkeypatch, raw, expected) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("X_FLAG", raw)
    assert env_bool("X_FLAG", not expected) is expected


def test_env_bool_refuses_anything_else(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("X_FLAG", "maybe")
    with pytest.raises(ImproperlyConfigured, match="X_FLAG"):
        env_bool("X_FLAG", False)


def test_env_int_refuses_text_and_out_of_range(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("X_PORT", "80a")
    with pytest.raises(ImproperlyConfigured, match="X_PORT"):
        env_int("X_PORT", 8000)
    monkeypatch.setenv("X_PORT", "70000")
    with pytest.raises(ImproperlyConfigured, match="between"):
        env_int("X_PORT", 8000, minimum=1, maximum=65535)
    monkeypatch.setenv("X_PORT", "8080")
    assert env_int("X_PORT", 8000) == 8080


def test_env_list_splits_on_commas(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("X_HOSTS", "a.example, b.example,,")
    assert env_list("X_HOSTS", []) == ["a.example", "b.example"]


@pytest.mark.django_db
def test_tables_show_dates_in_the_users_calendar(world) -> None:  # type: ignore[no-untyped-def]
    from django.test import Client

    from tadrib.core import testing
    from tadrib.people.models import LanguageProficiency
    from tadrib.people.services import save_language_proficiency

    proficiency_page = "/people/languages/"

    person = testing.person(world.battalion_a)
    save_language_proficiency(
        LanguageProficiency(
            person=person,
            language="tr",
            listening=1,
            speaking=1,
            reading=1,
            writing=1,
            tested_on=dt.date(2025, 10, 31),
        ),
        actor=None,
    )
    client = Client()
    client.force_login(world.manager_a)
    assert "Oct. 31, 2025" in client.get(proficiency_page).content.decode()
    client.post("/accounts/preferences/", {"calendar": "umm_al_qura"})
    page = client.get(proficiency_page).content.decode()
    assert "9 Jumada al-Ula 1447 AH" in page
    csv = b"".join(client.get(proficiency_page + "?export=csv").streaming_content).decode()
    assert "2025-10-31" in csv  # exports stay ISO 8601

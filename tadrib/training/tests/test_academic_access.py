"""Who sees which cadets: a registrar sees only the cadets of their own
academy (a second academy of the same host nation sees none of the first's,
another host nation none), the sending office sees all of its cadets at every
academy; in the pages, the API and the cohort view."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tadrib.core.testing import World, client_for
from tadrib.training import testing_academics as ta

pytestmark = pytest.mark.django_db


def _cohort_view_ids(user) -> set[int]:  # type: ignore[no-untyped-def]
    response = client_for(user).get(reverse("training:cadets_abroad"))
    assert response.status_code == 200
    return {row.enrolment.pk for row in response.context["rows"]}


def _api_ids(user) -> set[int]:  # type: ignore[no-untyped-def]
    response = client_for(user).get("/api/cadets-abroad")
    assert response.status_code == 200
    return {row["enrolment_id"] for row in response.json()}


def test_a_registrar_of_a_second_academy_sees_none_of_the_firsts_cadets(world: World) -> None:
    scenario = ta.abroad(world)
    first = scenario.enrolments["first"]
    second_registrar = scenario.registrars["second"]
    client = client_for(second_registrar)
    for enrolment in first:
        assert client.get(enrolment.get_absolute_url()).status_code == 404
        assert client.get(f"/api/cadet-enrolments/{enrolment.pk}").status_code == 404
    assert client.get(scenario.cohorts["first"].get_absolute_url()).status_code == 404
    mine = {e.pk for e in scenario.enrolments["second"]}
    assert _cohort_view_ids(second_registrar) == mine
    assert _api_ids(second_registrar) == mine


def test_a_registrar_of_another_host_nation_sees_none(world: World) -> None:
    scenario = ta.abroad(world)
    saudi = scenario.registrars["third"]
    client = client_for(saudi)
    for key in ("first", "second"):
        for enrolment in scenario.enrolments[key]:
            assert client.get(enrolment.get_absolute_url()).status_code == 404
    assert _cohort_view_ids(saudi) == {e.pk for e in scenario.enrolments["third"]}
    listed = client.get("/api/cadet-enrolments?limit=500").json()["items"]
    assert {row["id"] for row in listed} == {e.pk for e in scenario.enrolments["third"]}


def test_the_sending_office_sees_all_its_cadets_at_every_academy(world: World) -> None:
    scenario = ta.abroad(world)
    everyone = {e.pk for rows in scenario.enrolments.values() for e in rows}
    office = scenario.office_user
    assert _cohort_view_ids(office) == everyone
    assert _api_ids(office) == everyone
    client = client_for(office)
    for rows in scenario.enrolments.values():
        for enrolment in rows:
            assert client.get(enrolment.get_absolute_url()).status_code == 200


def test_another_nation_gets_404_on_every_step(world: World) -> None:
    scenario = ta.abroad(world, size=1)
    enrolment = scenario.enrolments["first"][0]
    agreement = ta.agreement(world, of=enrolment, home=world.directorate_a)
    client = client_for(scenario.registrars["third"])
    cohort = scenario.cohorts["first"]
    for path, body in (
        (
            f"/api/cohorts/{cohort.pk}/enrol",
            {"person_ids": [enrolment.person_id], "enrolled_on": "2025-10-31"},
        ),
        (f"/api/cohorts/{cohort.pk}/decide", {}),
        (f"/api/cadet-enrolments/{enrolment.pk}/decide", {}),
        (f"/api/cadet-enrolments/{enrolment.pk}/withdraw", {"reason": "x"}),
        (f"/api/learning-agreements/{agreement.pk}/submit", None),
        (f"/api/learning-agreements/{agreement.pk}/approve", {}),
        (f"/api/learning-agreements/{agreement.pk}/transcript", None),
    ):
        import json

        response = client.post(
            path,
            data=json.dumps(body) if body is not None else None,
            content_type="application/json",
        )
        assert response.status_code == 404, path
    assert client.get(f"/api/learning-agreements/{agreement.pk}/transcript.pdf").status_code == 404
    for name in ("cohort_enrol",):
        assert client.get(reverse(f"training:{name}", args=[cohort.pk])).status_code == 404
    for name in ("cadetenrolment_decide", "cadetenrolment_withdraw"):
        assert client.post(reverse(f"training:{name}", args=[enrolment.pk])).status_code == 404
    for name in ("learningagreement_submit", "learningagreement_approve"):
        assert client.post(reverse(f"training:{name}", args=[agreement.pk])).status_code == 404
    assert (
        client.get(
            reverse("training:learningagreement_transcript_pdf", args=[agreement.pk])
        ).status_code
        == 404
    )
    enrolment.refresh_from_db()
    assert enrolment.status == "studying"

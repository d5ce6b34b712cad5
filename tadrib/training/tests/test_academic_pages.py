"""The pages and API of cadets abroad: the cohort view (standing, alerts,
filters, chart, exports, a constant number of queries), the cohort's and the
enrolment's steps, and the learning agreement's steps and transcript."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal
from typing import Any

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tadrib.core.testing import World, client_for, post_json
from tadrib.training import academic_services as services
from tadrib.training import testing_academics as ta
from tadrib.training.models import CadetEnrolment, ProgressionDecision

pytestmark = pytest.mark.django_db
VIEW = "/training/cadets/"


def _failing(enrolment: CadetEnrolment) -> None:
    """A failed component in the cadet's latest term."""
    first, second = ta.year_components(enrolment)
    ta.result(enrolment, first, 80)
    ta.result(enrolment, second, 41)


def test_the_cohort_view_shows_standing_alerts_and_chart(world: World) -> None:
    scenario = ta.abroad(world)
    failing, absent = scenario.enrolments["first"]
    _failing(failing)
    ta.result(absent, ta.year_components(absent)[0], 90)
    ta.incident(
        world,
        of=absent,
        kind="unauthorised_absence",
        hours_absent=30,
        occurred_on=timezone.localdate() - dt.timedelta(days=5),
    )
    response = client_for(scenario.office_user).get(VIEW)
    page = response.content.decode()
    rows = {row.enrolment.pk: row for row in response.context["rows"]}
    assert rows[failing.pk].standing == "failing"
    assert any(f"{failing.cohort.programme.code}-12" in a for a in rows[failing.pk].alerts)
    assert rows[absent.pk].standing == "at_risk"
    assert "Unauthorised absence" in page and "Failed in year 1, term 2" in page
    assert 'id="cadet-standing"' in page and 'id="cadet-credits"' in page
    chart = response.context["chart"]
    assert chart["labels"] == ["ACAD-FIRST", "ACAD-SECOND", "ACAD-THIRD"]
    failing_counts = next(s for s in chart["standings"] if s["key"] == "failing")["values"]
    assert failing_counts == [1, 0, 0]
    earned = next(s for s in chart["credits"] if s["key"] == "earned")["values"]
    assert earned == [60.0, 0.0, 0.0]


def test_the_cohort_view_filters_by_academy_and_standing(world: World) -> None:
    scenario = ta.abroad(world)
    _failing(scenario.enrolments["second"][0])
    client = client_for(scenario.office_user)
    academy = scenario.academies["second"]
    response = client.get(VIEW, {"academy": academy.pk})
    assert {r.enrolment.pk for r in response.context["rows"]} == {
        e.pk for e in scenario.enrolments["second"]
    }
    response = client.get(VIEW, {"standing": "failing"})
    assert [r.enrolment.pk for r in response.context["rows"]] == [
        scenario.enrolments["second"][0].pk
    ]
    response = client.get(VIEW, {"host_nation": scenario.academies["third"].nation_id})
    assert {r.enrolment.pk for r in response.context["rows"]} == {
        e.pk for e in scenario.enrolments["third"]
    }
    api = client.get("/api/cadets-abroad", {"standing": "failing"}).json()
    assert [row["enrolment_id"] for row in api] == [scenario.enrolments["second"][0].pk]
    assert "Failed in year 1" in api[0]["alerts"][0]


def test_the_cohort_view_exports_its_rows(world: World) -> None:
    scenario = ta.abroad(world)
    _failing(scenario.enrolments["first"][0])
    client = client_for(scenario.office_user)
    response = client.get(VIEW, {"export": "csv", "academy": scenario.academies["first"].pk})
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    lines = text.strip().splitlines()
    assert len(lines) == 3  # the header and two cadets
    assert "Failing a term" in text and "ACAD-FIRST" in text and "ACAD-SECOND" not in text
    response = client.get(VIEW, {"export": "xlsx"})
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert sheet is not None and sheet.max_row == 7


def _count(client: Any, path: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
        if hasattr(response, "streaming_content"):
            b"".join(response.streaming_content)
    assert response.status_code == 200
    return len(captured.captured_queries)


def test_the_cohort_view_takes_as_many_queries_for_many_cadets(
    world: World, django_assert_max_num_queries: Any
) -> None:
    scenario = ta.abroad(world, size=1)
    client = client_for(scenario.office_user)

    def grow(n: int) -> None:
        for key, cohort in scenario.cohorts.items():
            for enrolment in ta.enrol(cohort, [ta.cadet(scenario.office) for _i in range(n)]):
                _failing(enrolment)
                ta.incident(
                    world,
                    of=enrolment,
                    kind="unauthorised_absence",
                    hours_absent=26,
                    occurred_on=timezone.localdate(),
                )
            del key

    grow(1)
    few = {
        path: _count(client, path) for path in (VIEW, VIEW + "?export=csv", "/api/cadets-abroad")
    }
    grow(6)
    for path, count in few.items():
        with django_assert_max_num_queries(count):
            response = client.get(path)
            if hasattr(response, "streaming_content"):
                b"".join(response.streaming_content)
        assert _count(client, path) == count
    assert len(client.get(VIEW).context["rows"]) == 3 * 8


# --- cohort and enrolment steps -------------------------------------------------------------


def test_the_sending_office_enrols_through_the_cohort_page(world: World) -> None:
    scenario = ta.abroad(world, size=0)
    cohort = scenario.cohorts["first"]
    client = client_for(scenario.office_user)
    page = client.get(cohort.get_absolute_url()).content.decode()
    assert 'id="enrol-cadets"' in page and 'id="decide-cohort"' not in page
    cadets = [ta.cadet(scenario.office) for _i in range(2)]
    form = client.get(reverse("training:cohort_enrol", args=[cohort.pk]))
    choices = set(form.context["form"].fields["people"].queryset.values_list("pk", flat=True))
    assert {c.pk for c in cadets} <= choices
    response = client.post(
        reverse("training:cohort_enrol", args=[cohort.pk]),
        {"people": [c.pk for c in cadets], "enrolled_on": "2025-10-31"},
    )
    assert response.status_code == 302
    assert cohort.enrolments.count() == 2
    registrar_page = client_for(scenario.registrars["first"]).get(cohort.get_absolute_url())
    assert 'id="decide-cohort"' in registrar_page.content.decode()


def test_the_api_enrols_all_or_nothing_naming_the_field(world: World) -> None:
    scenario = ta.abroad(world, size=0)
    cohort = scenario.cohorts["first"]
    client = client_for(scenario.office_user)
    good = ta.cadet(scenario.office)
    foreign = ta.c_cadet(world)
    response = post_json(
        client,
        f"/api/cohorts/{cohort.pk}/enrol",
        {"person_ids": [good.pk, foreign.pk], "enrolled_on": "2025-10-31"},
    )
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "person_ids"]
    assert not cohort.enrolments.exists()
    response = post_json(
        client,
        f"/api/cohorts/{cohort.pk}/enrol",
        {"person_ids": [good.pk], "enrolled_on": "2025-10-31"},
    )
    assert response.status_code == 201
    assert response.json()[0]["status"] == "studying"


def test_the_academy_decides_and_withdraws_through_the_api(world: World) -> None:
    scenario = ta.abroad(world)
    promoted, other = scenario.enrolments["first"]
    ta.pass_year(promoted)
    registrar = client_for(scenario.registrars["first"])
    office = client_for(scenario.office_user)
    assert post_json(office, f"/api/cadet-enrolments/{promoted.pk}/decide", {}).status_code == 403
    response = post_json(
        registrar, f"/api/cadet-enrolments/{promoted.pk}/decide", {"on": "2026-07-01"}
    )
    assert response.status_code == 201 and response.json()["outcome"] == "promoted"
    response = post_json(registrar, f"/api/cadet-enrolments/{other.pk}/decide", {})
    assert response.status_code == 422 and response.json()["detail"][0]["loc"] == [
        "body",
        "enrolment",
    ]
    response = post_json(office, f"/api/cadet-enrolments/{other.pk}/withdraw", {"reason": "Ill."})
    assert response.status_code == 200 and response.json()["status"] == "withdrawn"
    cohort = scenario.cohorts["second"]
    for enrolment in scenario.enrolments["second"]:
        ta.pass_year(enrolment)
    response = post_json(registrar, f"/api/cohorts/{cohort.pk}/decide", {})
    assert response.status_code == 404  # another academy's cohort
    response = post_json(
        client_for(scenario.registrars["second"]), f"/api/cohorts/{cohort.pk}/decide", {}
    )
    assert response.status_code == 200 and len(response.json()) == 2


def test_the_enrolment_page_shows_progress_alerts_and_decides(world: World) -> None:
    scenario = ta.abroad(world, size=1)
    (enrolment,) = scenario.enrolments["first"]
    _failing(enrolment)
    client = client_for(scenario.registrars["first"])
    page = client.get(enrolment.get_absolute_url()).content.decode()
    assert 'id="alerts"' in page and "Failed in year 1, term 2" in page
    assert 'id="decide-year"' in page
    response = client.post(
        reverse("training:cadetenrolment_decide", args=[enrolment.pk]), {"decided_on": "2026-07-01"}
    )
    assert response.status_code == 302
    decision = ProgressionDecision.objects.get(enrolment=enrolment)
    assert decision.outcome == "repeats"  # 30 of 45
    office_page = (
        client_for(scenario.office_user).get(enrolment.get_absolute_url()).content.decode()
    )
    assert 'id="decide-year"' not in office_page and "Repeats the year" in office_page


# --- learning agreements --------------------------------------------------------------------


def test_a_learning_agreement_goes_from_draft_to_transcript_through_the_api(world: World) -> None:
    scenario = ta.abroad(world, size=1)
    (enrolment,) = scenario.enrolments["first"]
    agreement = ta.agreement(world, of=enrolment, home=world.directorate_a)
    component = ta.year_components(enrolment)[0]
    host = client_for(scenario.registrars["first"])
    home = client_for(scenario.office_user)
    line = post_json(
        host,
        "/api/agreement-components",
        {"agreement_id": agreement.pk, "component_id": component.pk},
    )
    assert line.status_code == 201, line.content
    refused = post_json(
        host,
        "/api/recognition-lines",
        {
            "agreement_id": agreement.pk,
            "host_line_id": line.json()["id"],
            "home_code": "T-1",
            "home_title": "Tactics",
            "credits": 6,
        },
    )
    assert refused.status_code == 422  # table B is the home side's
    directorate = client_for(world.registrar_a)
    line_b = post_json(
        directorate,
        "/api/recognition-lines",
        {
            "agreement_id": agreement.pk,
            "host_line_id": line.json()["id"],
            "home_code": "T-1",
            "home_title": "Tactics",
            "credits": 6,
        },
    )
    assert line_b.status_code == 201, line_b.content
    assert (
        post_json(home, f"/api/learning-agreements/{agreement.pk}/submit", None).status_code == 200
    )
    assert (
        post_json(host, f"/api/learning-agreements/{agreement.pk}/approve", {}).json()["status"]
        == "awaiting"
    )
    again = post_json(host, f"/api/learning-agreements/{agreement.pk}/approve", {})
    assert again.status_code == 422
    approved = post_json(home, f"/api/learning-agreements/{agreement.pk}/approve", {})
    assert approved.json()["status"] == "approved"
    assert (
        post_json(home, f"/api/learning-agreements/{agreement.pk}/transcript", None).status_code
        == 403
    )
    ta.result(enrolment, component, 75)
    closed = post_json(host, f"/api/learning-agreements/{agreement.pk}/transcript", None).json()
    assert closed["status"] == "closed" and closed["recognised_credits"] == "6.0"
    pdf = home.get(f"/api/learning-agreements/{agreement.pk}/transcript.pdf?lang=ar")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    page = home.get(
        reverse("training:learningagreement_transcript_pdf", args=[agreement.pk]) + "?lang=tr"
    )
    assert page.status_code == 200 and page["Content-Type"] == "application/pdf"
    assert (
        home.get(
            reverse("training:learningagreement_transcript_pdf", args=[agreement.pk]) + "?lang=xx"
        ).status_code
        == 400
    )


def test_the_agreement_page_offers_each_side_its_step(world: World) -> None:
    scenario = ta.abroad(world, size=1)
    (enrolment,) = scenario.enrolments["first"]
    agreement = ta.agreement(world, of=enrolment, home=world.directorate_a)
    line = ta.line_a(agreement, ta.year_components(enrolment)[0])
    ta.line_b(agreement, line)
    services.submit(agreement, actor=None)
    host = client_for(scenario.registrars["first"])
    page = host.get(agreement.get_absolute_url()).content.decode()
    assert 'id="agreement-approve-host"' in page and 'id="agreement-approve-home"' not in page
    host.post(reverse("training:learningagreement_approve", args=[agreement.pk]), {"side": "host"})
    agreement.refresh_from_db()
    assert agreement.host_approved_by == "registrar_first"
    home_page = client_for(scenario.office_user).get(agreement.get_absolute_url()).content.decode()
    assert 'id="agreement-approve-home"' in home_page and "registrar_first" in home_page
    assert services.recognised_credits(agreement) == Decimal(0)


def test_the_programme_page_shows_the_curriculum_by_year_and_its_cohorts(world: World) -> None:
    scenario = ta.abroad(world, size=0)
    cohort = scenario.cohorts["first"]
    page = client_for(scenario.registrars["first"]).get(cohort.programme.get_absolute_url())
    html = page.content.decode()
    assert [y["year"] for y in page.context["curriculum"]] == [1, 2, 3, 4]
    assert page.context["curriculum"][0]["ects"] == 60
    assert f"{cohort.programme.code}-41" in html and cohort.code in html

"""The training reports: the partner's dashboard, the host's intake and the
alumni, as pages, exports and API; who sees which figures; and that the
number of queries does not grow with the number of nominations."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from tadrib.core import testing
from tadrib.core.choices import Role
from tadrib.core.testing import World, client_for
from tadrib.organisations.models import Organisation
from tadrib.training import services
from tadrib.training import testing as tt
from tadrib.training.choices import FUNNEL
from tadrib.training.models import Course, Grade, Nomination, Session

pytestmark = pytest.mark.django_db

TODAY = dt.date.today()


def graded(world: World, session: Session, scores: dict[Nomination, int]) -> list[Nomination]:
    """Grade the session's trainees on one exam and close it."""
    exam = tt.assessment(world, 0, of=session, weight=100)
    for nomination, score in scores.items():
        services.save_grade(
            Grade(nomination=nomination, assessment=exam, score=Decimal(score)), actor=None
        )
    return services.complete_session(session, actor=None)


def sent_home(nomination: Nomination) -> Nomination:
    return services.return_home(nomination, actor=None)


def placed(nomination: Nomination, *, uses: bool, unit: Organisation) -> Nomination:
    sent_home(nomination)
    return services.place(
        nomination,
        actor=None,
        unit=unit,
        post="Platoon commander",
        placed_on=TODAY,
        uses_training=uses,
    )


def host_c(world: World) -> Any:
    """A registrar of nation C's academy (the host of A's nominees)."""
    return testing.user("registrar_c", (tt.academy_c(world), Role.REGISTRAR))


@pytest.fixture
def scenario(world: World) -> dict[str, Any]:
    """Nation A's nominees in every kind of place: to two courses of C's
    academy (one session closed with graduates and a failure, one running)
    and to a course of B's academy; and one nominee of C at A's facility."""
    closed = tt.session(world, 1, of=tt.course(world, 1, at=tt.academy_c(world)))
    running = tt.session(world, 2, of=tt.course(world, 2, at=tt.academy_c(world)))
    course_b = tt.course(world, 3, at=world.academy_b)
    n: dict[str, Nomination] = {}

    def nominate(key: str, i: int, **fields: Any) -> Nomination:
        n[key] = tt.nomination(world, i, **fields)
        return n[key]

    nominate("draft", 1, to=running.course)
    services.cancel(nominate("cancelled", 2, to=running.course), actor=None, reason="Changed plan.")
    tt.walk(nominate("eligible", 3, to=running.course), "eligible")
    services.reject(
        tt.walk(nominate("rejected", 4, to=running.course), "eligible"),
        actor=None,
        reason="Adverse information.",
    )
    tt.walk(nominate("approved", 5, session=running), "approved")
    tt.walk(nominate("offered", 6, session=running), "offered")
    tt.walk(nominate("in_training", 7, session=running), "in_training")
    for key, i in (("placed_yes", 8), ("placed_no", 9), ("returned", 10), ("completed", 11)):
        tt.walk(nominate(key, i, session=closed), "in_training")
    tt.walk(nominate("failed", 12, session=closed), "in_training")
    graded(
        world,
        closed,
        {
            n["placed_yes"]: 90,
            n["placed_no"]: 80,
            n["returned"]: 75,
            n["completed"]: 70,
            n["failed"]: 30,
        },
    )
    placed(n["placed_yes"], uses=True, unit=world.battalion_a)
    placed(n["placed_no"], uses=False, unit=world.brigade_a)
    sent_home(n["returned"])
    # To nation B's academy: one eligible, one ineligible (no medical clearance).
    tt.walk(nominate("b_eligible", 13, to=course_b), "eligible")
    services.submit(nominate("b_ineligible", 14, to=course_b, medical_cleared_on=None), actor=None)
    # Nation C's trainee at A's facility: A hosts it, it is not A's.
    n["c_trainee"] = tt.c_nomination(world, 1)
    for nomination in n.values():
        nomination.refresh_from_db()
    return {"n": n, "closed": closed, "running": running, "course_b": course_b}


def figures(client: Any, path: str) -> Any:
    response = client.get(path)
    assert response.status_code == 200, response.content
    return response.context


def funnel_of(context: Any) -> dict[str, int]:
    return {stage["status"]: stage["count"] for stage in context["funnel"]}


def ways_out_of(context: Any) -> dict[str, int]:
    return {out["status"]: out["count"] for out in context["ways_out"]}


# --- the partner's dashboard --------------------------------------------------


def test_the_dashboard_counts_each_status_by_host_nation_institution_and_course(
    world: World, scenario: dict[str, Any]
) -> None:
    n = scenario["n"]
    assert n["b_ineligible"].status == "ineligible"
    assert n["failed"].status == "failed" and n["completed"].certificate_code
    context = figures(client_for(world.viewer_a), "/training/dashboard/")
    assert context["total"] == 14
    counts = {
        (r["host_nation"]["code"], r["course"]["code"], r["status"]): r["count"]
        for r in context["rows"]
    }
    assert counts == {
        ("SA", "CRS-2", "draft"): 1,
        ("SA", "CRS-2", "cancelled"): 1,
        ("SA", "CRS-2", "eligible"): 1,
        ("SA", "CRS-2", "rejected"): 1,
        ("SA", "CRS-2", "approved"): 1,
        ("SA", "CRS-2", "offered"): 1,
        ("SA", "CRS-2", "in_training"): 1,
        ("SA", "CRS-1", "completed"): 1,
        ("SA", "CRS-1", "returned"): 1,
        ("SA", "CRS-1", "placed"): 2,
        ("SA", "CRS-1", "failed"): 1,
        ("TR", "CRS-3", "eligible"): 1,
        ("TR", "CRS-3", "ineligible"): 1,
    }
    # Grouped in order: nation, institution, course, then the funnel's order.
    assert [(r["course"]["code"], r["status"]) for r in context["rows"]][:5] == [
        ("CRS-1", "completed"),
        ("CRS-1", "returned"),
        ("CRS-1", "placed"),
        ("CRS-1", "failed"),
        ("CRS-2", "draft"),
    ]
    assert {r["institution"]["code"] for r in context["rows"]} == {"C-ACAD", "B-ACAD"}


def test_the_funnel_counts_a_nomination_at_every_stage_it_reached(
    world: World, scenario: dict[str, Any]
) -> None:
    context = figures(client_for(world.viewer_a), "/training/dashboard/")
    assert list(funnel_of(context)) == list(FUNNEL)
    assert funnel_of(context) == {
        "draft": 14,  # everyone started as a draft
        "submitted": 12,  # not the draft nor the cancelled draft
        "eligible": 11,  # the ineligible one stopped at submitted
        "vetted": 8,  # nor the two eligible, nor the rejected
        "approved": 8,
        "offered": 7,
        "accepted": 6,
        "enrolled": 6,
        "in_training": 6,
        "completed": 4,  # the failure stops at in training
        "returned": 3,
        "placed": 2,
    }
    assert ways_out_of(context) == {
        "ineligible": 1,
        "rejected": 1,
        "declined": 0,
        "cancelled": 1,
        "withdrawn": 0,
        "dismissed": 0,
        "failed": 1,
        "waitlisted": 0,
        "returned_early": 0,
    }
    assert context["chart"] == {
        "labels": [stage["label"] for stage in context["funnel"]],
        "values": [14, 12, 11, 8, 8, 7, 6, 6, 6, 4, 3, 2],
    }


def test_the_dashboard_page_draws_the_funnel_and_lists_who_is_away(
    world: World, scenario: dict[str, Any]
) -> None:
    n = scenario["n"]
    response = client_for(world.viewer_a).get("/training/dashboard/")
    html = response.content.decode()
    assert '<canvas id="funnel-chart"' in html and 'id="funnel-data"' in html
    assert "chart.umd.min.js" in html and "tadrib/charts.js" in html
    away = {a["nomination_id"]: a for a in response.context["away"]}
    assert set(away) == {n["offered"].pk, n["in_training"].pk}
    trainee = away[n["in_training"].pk]
    assert trainee["status"] == "in_training"
    assert trainee["starts_on"] == scenario["running"].starts_on
    assert trainee["ends_on"] == scenario["running"].ends_on
    assert trainee["institution"] == tt.academy_c(world).name
    assert f'href="/training/nominations/{n["in_training"].pk}/"' in html
    assert "<title>Where our trainees are" in html


def test_a_nomination_returned_without_a_certificate_is_a_way_out(
    world: World, scenario: dict[str, Any]
) -> None:
    sent_home(scenario["n"]["failed"])
    context = figures(client_for(world.viewer_a), "/training/dashboard/")
    assert ways_out_of(context)["failed"] == 0
    assert ways_out_of(context)["returned_early"] == 1
    assert funnel_of(context)["returned"] == 3  # still only the graduates
    assert funnel_of(context)["approved"] == 8


def test_the_dashboard_filters_by_host_nation_area_and_session_year(
    world: World, scenario: dict[str, Any]
) -> None:
    client = client_for(world.viewer_a)
    nation_b = world.nation_b.pk
    assert figures(client, f"/training/dashboard/?host_nation={nation_b}")["total"] == 2
    assert figures(client, "/training/dashboard/?area=demining")["total"] == 14
    assert figures(client, "/training/dashboard/?area=logistics")["total"] == 0
    year = scenario["running"].starts_on.year
    # Only nominations with a session have a year.
    assert figures(client, f"/training/dashboard/?year={year}")["total"] == 8
    assert figures(client, f"/training/dashboard/?year={year + 5}")["total"] == 0
    invalid = figures(client, "/training/dashboard/?year=abc")
    assert invalid["total"] == 0 and invalid["filter"].errors


def test_another_nation_sees_none_of_the_trainees(world: World, scenario: dict[str, Any]) -> None:
    for user in (world.manager_b, host_c(world)):
        client = client_for(user)
        context = figures(client, "/training/dashboard/")
        assert context["total"] == 0 and context["rows"] == [] and context["away"] == []
        assert figures(client, "/training/alumni/")["summary"]["graduates"] == 0
    # Nation A's dashboard leaves out nation C's trainee it hosts.
    context = figures(client_for(world.manager_a), "/training/dashboard/")
    assert scenario["n"]["c_trainee"].pk not in {a["nomination_id"] for a in context["away"]}
    assert context["total"] == 14


def test_a_unit_sees_only_its_own_subtrees_trainees(world: World, scenario: dict[str, Any]) -> None:
    other_unit = testing.organisation(world.nation_a, "A-BN2", parent=world.ministry_a)
    viewer = testing.user("viewer_bn2", (other_unit, Role.VIEWER))
    assert figures(client_for(viewer), "/training/dashboard/")["total"] == 0
    assert figures(client_for(world.brigade_manager_a), "/training/dashboard/")["total"] == 14


# --- the host's intake ------------------------------------------------------------


def test_the_host_sees_its_institutions_nominations_from_eligibility_on(
    world: World, scenario: dict[str, Any]
) -> None:
    context = figures(client_for(host_c(world)), "/training/intake/")
    (sa,) = [r for r in context["by_nation"]]
    assert sa["partner_nation"]["code"] == "SY"
    # Not the draft; the cancelled draft is visible (the model's rule: all but
    # draft, submitted and ineligible); nothing of B's academy.
    assert context["totals"] == {
        "applied": 11,
        "vetted": 8,
        "seats_held": 7,
        "in_training": 1,
        "completed": 4,
        "failed": 1,
    }
    rows = {r["course"]["code"]: r for r in context["rows"]}
    assert set(rows) == {"CRS-1", "CRS-2"}
    assert rows["CRS-1"]["applied"] == 5 and rows["CRS-1"]["completed"] == 4
    assert rows["CRS-2"]["applied"] == 6 and rows["CRS-2"]["seats_held"] == 2
    # Where each is now: one place each, adding up to those applied.
    assert sa["now"] == {
        "under_review": 2,
        "seat_held": 1,
        "in_training": 1,
        "completed": 4,
        "failed": 1,
        "left": 2,
    }
    assert sum(sa["now"].values()) == sa["applied"]
    assert context["chart"]["labels"] == [sa["partner_nation"]["name"]]
    assert [d["values"] for d in context["chart"]["datasets"]] == [[2], [1], [1], [4], [1], [2]]
    # Nation B's academy sees its one eligible nominee, not the ineligible one.
    b = figures(client_for(world.manager_b), "/training/intake/")
    assert b["totals"]["applied"] == 1


def test_the_intake_shows_each_sessions_capacity_and_seats_held(
    world: World, scenario: dict[str, Any]
) -> None:
    response = client_for(host_c(world)).get("/training/intake/")
    sessions = {s["session_id"]: s for s in response.context["sessions"]}
    assert set(sessions) == {scenario["closed"].pk, scenario["running"].pk}
    running = sessions[scenario["running"].pk]
    assert (running["capacity"], running["held"], running["free"]) == (20, 2, 18)
    assert sessions[scenario["closed"].pk]["held"] == 5
    html = response.content.decode()
    assert '<canvas id="intake-stacked"' in html and 'id="intake-stacked-data"' in html


def test_a_partners_intake_holds_only_the_trainees_it_hosts(
    world: World, scenario: dict[str, Any]
) -> None:
    context = figures(client_for(world.viewer_a), "/training/intake/")
    # Nation A hosts only nation C's trainee (at its facility).
    assert context["totals"]["applied"] == 1
    assert [r["partner_nation"]["code"] for r in context["rows"]] == ["SA"]


# --- alumni -------------------------------------------------------------------


def test_alumni_show_whether_the_post_uses_the_training(
    world: World, scenario: dict[str, Any]
) -> None:
    n = scenario["n"]
    response = client_for(world.viewer_a).get("/training/alumni/")
    summary = response.context["summary"]
    assert summary == {
        "graduates": 4,
        "placed": 2,
        "uses_training": 1,
        "not_using": 1,
        "not_placed": 2,
        "share_using": 50.0,
    }
    table = response.context["table"]
    shown = {row.record.pk: row.get_cell_value("uses_training") for row in table.rows}
    assert shown == {
        n["placed_yes"].pk: "Yes",
        n["placed_no"].pk: "No",
        n["returned"].pk: "Not yet placed",
        n["completed"].pk: "Not yet placed",
    }
    assert response.context["chart"]["values"] == [1, 1, 2]
    html = response.content.decode()
    assert '<canvas id="alumni-doughnut"' in html
    assert n["placed_yes"].certificate_code in html
    assert "Platoon commander" in html


def test_alumni_export_as_csv_and_xlsx(world: World, scenario: dict[str, Any]) -> None:
    n = scenario["n"]
    client = client_for(world.viewer_a)
    response = client.get("/training/alumni/?export=csv")
    assert response["Content-Type"].startswith("text/csv")
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    header, body = [h.lower() for h in rows[0]], rows[1:]
    assert len(body) == 4
    by_code = {row[header.index("certificate code")]: row for row in body}
    yes = by_code[n["placed_yes"].certificate_code]
    assert yes[header.index("post uses the training")] == "Yes"
    assert yes[header.index("post")] == "Platoon commander"
    assert by_code[n["completed"].certificate_code][header.index("post uses the training")] == (
        "Not yet placed"
    )
    response = client.get("/training/alumni/?export=xlsx")
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = list(sheet.iter_rows(values_only=True))
    assert len(values) == 5
    codes = {row[header.index("certificate code")] for row in values[1:]}
    assert codes == set(by_code)
    no = next(
        r for r in values if r[header.index("certificate code")] == n["placed_no"].certificate_code
    )
    assert no[header.index("post uses the training")] == "No"


def test_a_failed_trainee_sent_home_is_not_a_graduate(
    world: World, scenario: dict[str, Any]
) -> None:
    sent_home(scenario["n"]["failed"])
    summary = figures(client_for(world.viewer_a), "/training/alumni/")["summary"]
    assert summary["graduates"] == 4


# --- the API gives the page's figures ---------------------------------------------


def as_json(value: Any) -> Any:
    return json.loads(json.dumps(value, default=str))


def test_the_api_gives_the_same_figures_as_the_pages(
    world: World, scenario: dict[str, Any]
) -> None:
    partner, host = client_for(world.viewer_a), client_for(host_c(world))
    page = figures(partner, "/training/dashboard/")
    api = partner.get("/api/training/dashboard").json()
    for key in ("total", "rows", "funnel", "ways_out", "away"):
        assert api[key] == as_json(page[key]), key
    nation_b = world.nation_b.pk
    filtered = partner.get(f"/api/training/dashboard?host_nation={nation_b}").json()
    assert (
        filtered["total"]
        == figures(partner, f"/training/dashboard/?host_nation={nation_b}")["total"]
        == 2
    )

    page = figures(host, "/training/intake/")
    api = host.get("/api/training/intake").json()
    for key in ("totals", "rows", "by_nation", "sessions"):
        assert api[key] == as_json(page[key]), key

    page = figures(partner, "/training/alumni/")
    api = partner.get("/api/training/alumni").json()
    assert api["summary"] == page["summary"]
    assert {r["certificate_code"]: r["uses_training"] for r in api["rows"]} == {
        scenario["n"]["placed_yes"].certificate_code: "yes",
        scenario["n"]["placed_no"].certificate_code: "no",
        scenario["n"]["returned"].certificate_code: "not_placed",
        scenario["n"]["completed"].certificate_code: "not_placed",
    }


def test_the_api_refuses_invalid_filters(world: World) -> None:
    client = client_for(world.viewer_a)
    assert client.get("/api/training/dashboard?year=12").status_code == 422
    assert client.get("/api/training/dashboard?area=astrology").status_code == 422
    assert client.get("/api/training/alumni?host_nation=999999").status_code == 422


def test_anonymous_callers_are_sent_to_sign_in(world: World) -> None:
    anonymous = client_for(None)
    for path in ("/training/dashboard/", "/training/intake/", "/training/alumni/"):
        response = anonymous.get(path)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"], path
    assert anonymous.get("/training/alumni/?export=csv").status_code == 302
    for path in ("/api/training/dashboard", "/api/training/intake", "/api/training/alumni"):
        assert anonymous.get(path).status_code == 401, path


# --- queries do not grow with the rows ------------------------------------------


def pipeline(world: World, count: int, course: Course, session: Session) -> None:
    """``count`` nominees of nation A at different places in the pipeline,
    graduates among them."""
    stops = ("draft", "eligible", "approved", "offered", "in_training")
    for i in range(count):
        nomination = tt.nomination(
            world, 100 + i, session=session if i % 5 > 1 else None, to=course
        )
        if stops[i % 5] != "draft":
            tt.walk(nomination, stops[i % 5])


def graduates(world: World, count: int) -> None:
    session = tt.session(world, 50 + count, of=tt.course(world, 50 + count, at=tt.academy_c(world)))
    trainees = [
        tt.walk(tt.nomination(world, 300 + count * 10 + i, session=session), "in_training")
        for i in range(count)
    ]
    done = graded(world, session, dict.fromkeys(trainees, 90))
    for i, nomination in enumerate(done):
        if i % 2:
            placed(nomination, uses=bool(i % 4 == 1), unit=world.battalion_a)


def queries(client: Any, path: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
        if getattr(response, "streaming", False):
            b"".join(response.streaming_content)
    assert response.status_code == 200, path
    return len(captured)


PATHS = (
    "/training/dashboard/",
    "/training/dashboard/?area=demining",
    "/training/intake/",
    "/training/alumni/",
    "/training/alumni/?export=csv",
    "/training/alumni/?export=xlsx",
    "/api/training/dashboard",
    "/api/training/intake",
    "/api/training/alumni",
)


def test_queries_do_not_grow_with_the_number_of_nominations(world: World) -> None:
    session = tt.session(world, 40, of=tt.course(world, 40, at=tt.academy_c(world)))
    partner, host = client_for(world.manager_a), client_for(host_c(world))
    pipeline(world, 2, session.course, session)
    graduates(world, 2)
    few = {
        (who, path): queries(client, path)
        for who, client in (("a", partner), ("c", host))
        for path in PATHS
    }
    pipeline_more = tt.session(world, 41, of=tt.course(world, 41, at=tt.academy_c(world)))
    pipeline(world, 10, pipeline_more.course, pipeline_more)
    graduates(world, 10)
    assert figures(partner, "/training/alumni/")["summary"]["graduates"] == 12
    assert figures(host, "/training/intake/")["totals"]["applied"] > 12
    many = {
        (who, path): queries(client, path)
        for who, client in (("a", partner), ("c", host))
        for path in PATHS
    }
    assert many == few


def test_the_reports_read_right_to_left_in_arabic(world: World, scenario: dict[str, Any]) -> None:
    client = client_for(world.manager_a)
    client.post("/accounts/preferences/", {"language": "ar"})
    for path in ("/training/dashboard/", "/training/intake/", "/training/alumni/"):
        html = client.get(path).content.decode()
        assert 'dir="rtl"' in html and "bootstrap.rtl.min.css" in html, path
        assert not re.search(r'(?:href|src)="(?:https?:)?//', html), path

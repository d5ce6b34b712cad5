from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tadrib.advisory.models import Deployment, DeploymentMember, ReportAttachment
from tadrib.advisory.services import save_deployment
from tadrib.advisory.tests import fixtures as f
from tadrib.agreements.models import ProgrammeObjective
from tadrib.agreements.selectors import (
    activity_counts,
    indicator_value,
    programme_activities,
)
from tadrib.agreements.services import save_programme_objective
from tadrib.core import access, testing
from tadrib.core.choices import Role
from tadrib.core.models import AuditEntry
from tadrib.core.testing import World, client_for, post_json, stored_files

pytestmark = pytest.mark.django_db

JAN_1, JUN_30, JUL_1 = dt.date(2031, 1, 1), dt.date(2031, 6, 30), dt.date(2031, 7, 1)


def member_form(deployment: Deployment, person_pk: int, start: str, end: str) -> dict[str, Any]:
    return {
        "deployment": deployment.pk,
        "person": person_pk,
        "role": "adviser",
        "starts_on": start,
        "ends_on": end,
    }


# --- A person on one deployment at a time ---------------------------------------------


def test_it_refuses_a_person_on_two_overlapping_deployments(world: World) -> None:
    first = f.deployment(world, 1, ends_on=JUN_30)
    second = f.deployment(world, 2)
    person = testing.person(world.battalion_a)
    f.member(world, deployment=first, person=person, starts_on=JAN_1, ends_on=JUN_30)
    expected = f"{person} is already on deployment {first} from 2031-01-01 to 2031-06-30."
    before = (DeploymentMember.objects.count(), AuditEntry.objects.count())
    client = client_for(world.manager_a)

    response = client.post(
        "/advisory/members/add/", member_form(second, person.pk, "2031-06-30", "2031-08-31")
    )
    assert response.status_code == 200
    assert response.context["form"].errors["person"] == [expected]

    response = post_json(
        client,
        "/api/deployment-members",
        {
            "deployment_id": second.pk,
            "person_id": person.pk,
            "role": "adviser",
            "starts_on": "2031-03-01",
            "ends_on": "2031-03-31",
        },
    )
    assert response.status_code == 422
    detail = response.json()["detail"]
    assert [d["loc"] for d in detail] == [["body", "person_id"]]
    assert detail[0]["msg"].startswith(f"{person} is already on deployment {first}")
    assert (DeploymentMember.objects.count(), AuditEntry.objects.count()) == before


def test_it_refuses_an_overlap_within_the_same_deployment(world: World) -> None:
    deployment = f.shared_deployment(world)
    person = testing.person(world.battalion_a)
    f.member(world, person=person, starts_on=JAN_1, ends_on=JUN_30)
    with pytest.raises(ValidationError) as caught:
        f.member(world, person=person, role="instructor", starts_on=JUN_30, ends_on=JUN_30)
    assert list(caught.value.message_dict) == ["person"]
    assert str(deployment) in caught.value.message_dict["person"][0]
    assert DeploymentMember.objects.filter(person=person).count() == 1


def test_adjacent_deployments_of_one_person_are_fine(world: World) -> None:
    first = f.deployment(world, 1, ends_on=JUN_30)
    second = f.deployment(world, 2, starts_on=JUL_1)
    person = testing.person(world.battalion_a)
    f.member(world, deployment=first, person=person, starts_on=JAN_1, ends_on=JUN_30)
    client = client_for(world.manager_a)
    response = client.post(
        "/advisory/members/add/", member_form(second, person.pk, "2031-07-01", "2031-12-31")
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert DeploymentMember.objects.filter(person=person).count() == 2


def test_a_member_keeps_within_the_deployment_dates(world: World) -> None:
    deployment = f.deployment(world, 1, starts_on=dt.date(2031, 3, 1), ends_on=JUN_30)
    person = testing.person(world.battalion_a)
    client = client_for(world.manager_a)
    response = client.post(
        "/advisory/members/add/", member_form(deployment, person.pk, "2031-02-28", "2031-07-01")
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert errors["starts_on"] == [
        "The deployment starts on 2031-03-01; a member cannot start before."
    ]
    assert errors["ends_on"] == ["The deployment ends on 2031-06-30; a member cannot stay longer."]
    response = client.post(
        "/advisory/members/add/", member_form(deployment, person.pk, "2031-05-01", "2031-04-01")
    )
    assert response.context["form"].errors["ends_on"] == ["A member cannot leave before arriving."]
    assert not DeploymentMember.objects.exists()


def test_a_member_is_of_the_sending_nation(world: World) -> None:
    stranger = testing.person(world.academy_b)
    with pytest.raises(ValidationError) as caught:
        f.member(world, person=stranger)
    assert list(caught.value.message_dict) == ["person"]


def test_a_deployment_cannot_shrink_away_from_its_members(world: World) -> None:
    deployment = f.shared_deployment(world)
    f.member(world, starts_on=JAN_1, ends_on=JUN_30)
    deployment.starts_on = dt.date(2031, 2, 1)
    with pytest.raises(ValidationError) as caught:
        save_deployment(deployment, actor=None)
    assert "starts_on" in caught.value.message_dict


# --- The deployment itself ------------------------------------------------------------


def test_the_team_is_sent_by_the_host_nation_to_the_partner_nation(world: World) -> None:
    with pytest.raises(ValidationError) as caught:
        f.deployment(world, 1, owner=world.ministry_b, supported_organisation=world.ministry_a)
    assert set(caught.value.message_dict) == {"owner", "supported_organisation"}
    with pytest.raises(ValidationError) as caught:
        f.deployment(world, 2, supported_organisation=world.battalion_a)
    assert caught.value.message_dict["supported_organisation"] == [
        "Name a ministry, office, academy or facility, not a unit."
    ]


def test_a_deployment_needs_an_area_and_ordered_dates(world: World) -> None:
    client = client_for(world.manager_a)
    data = {**f.deployment_form(world), "ends_on": "2031-01-01"}
    data.pop("areas")
    response = client.post("/advisory/add/", data)
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "areas" in errors
    assert errors["ends_on"] == ["A deployment cannot end before it starts."]
    response = post_json(
        client,
        "/api/deployments",
        {
            "programme_id": f.programme(world).pk,
            "code": "X",
            "name_en": "X",
            "owner_id": world.battalion_a.pk,
            "supported_organisation_id": f.ministry_c(world).pk,
            "mission": "m",
            "areas": [],
            "starts_on": "2031-01-01",
            "ends_on": "2031-02-01",
        },
    )
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "areas"]
    assert not Deployment.objects.exists()


def test_the_area_filter_finds_deployments_working_on_an_area(world: World) -> None:
    systems = f.deployment(world, 1, areas=["military_systems"])
    f.deployment(world, 2, areas=["institutions"])
    client = client_for(world.manager_a)
    rows = client.get("/api/deployments?area=military_systems").json()["items"]
    assert [row["id"] for row in rows] == [systems.pk]
    assert rows[0]["areas"] == ["military_systems"]


def test_status_changes_follow_the_transition_table(world: World) -> None:
    deployment = f.deployment(world, 1, status="completed")
    deployment.status = "planned"
    with pytest.raises(ValidationError) as caught:
        save_deployment(deployment, actor=None)
    assert caught.value.message_dict["status"] == [
        "A deployment that is “Completed” cannot become “Planned”."
    ]
    deployment.status = "active"
    save_deployment(deployment, actor=None)


# --- Who reads what -------------------------------------------------------------------


def test_the_partner_reads_the_deployment_but_cannot_edit_it(world: World) -> None:
    deployment = f.shared_deployment(world)
    member = f.member(world)
    partner = testing.user("partner_c", (f.ministry_c(world), Role.MANAGER))
    client = client_for(partner)
    assert client.get(deployment.get_absolute_url()).status_code == 200
    assert client.get(member.get_absolute_url()).status_code == 200
    assert client.get(f"/api/deployments/{deployment.pk}").status_code == 200
    assert client.get(reverse("advisory:deployment_edit", args=[deployment.pk])).status_code == 404
    assert (
        client.post(reverse("advisory:deployment_delete", args=[deployment.pk])).status_code == 404
    )
    response = client.patch(
        f"/api/deployments/{deployment.pk}",
        data=json.dumps({"name_en": "Taken over"}),
        content_type="application/json",
    )
    assert response.status_code == 404
    deployment.refresh_from_db()
    assert deployment.name_en != "Taken over"


def test_the_detail_page_shows_the_team_progress_and_overdue_milestones(world: World) -> None:
    deployment = f.shared_deployment(world)
    f.member(world, role="team_leader")
    f.objective(world)
    f.milestone(world, 1, due_on=dt.date(2020, 1, 1))
    report = f.report(world)
    annex = f.attachment(world, 1, report_=report)
    page = client_for(world.manager_a).get(deployment.get_absolute_url()).content.decode()
    assert "Team leader" in page
    assert 'aria-valuenow="30"' in page  # 3 of 10 from a baseline of 0
    assert page.count('class="table-danger overdue"') == 1 and "Overdue" in page
    assert reverse("advisory:reportattachment_file", args=[annex.pk]) in page
    assert f"/advisory/members/add/?deployment={deployment.pk}" in page
    viewer_page = client_for(world.viewer_a).get(deployment.get_absolute_url()).content.decode()
    assert "/advisory/members/add/" not in viewer_page


# --- Attachments ----------------------------------------------------------------------


PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("scan.pdf", PNG, "Only PDF files are accepted."),
        ("notes.txt", b"%PDF-1.4 but a text file", "Only PDF files are accepted."),
    ],
)
def test_it_refuses_an_attachment_that_is_not_a_pdf(
    world: World, name: str, content: bytes, message: str
) -> None:
    report = f.shared_report(world)
    before = AuditEntry.objects.count()
    client = client_for(world.manager_a)
    response = client.post(
        "/advisory/attachments/add/",
        {"report": report.pk, "title": "Scan", "file": SimpleUploadedFile(name, content)},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["file"] == [message]
    response = client.post(
        "/api/report-attachments",
        {"report_id": report.pk, "title": "Scan", "file": SimpleUploadedFile(name, content)},
    )
    assert response.status_code == 422
    assert response.json()["detail"] == [
        {"loc": ["body", "file"], "msg": message, "type": "not_pdf"}
    ]
    assert not ReportAttachment.objects.exists()
    assert AuditEntry.objects.count() == before
    assert stored_files() == []


def test_it_refuses_an_attachment_over_the_size_limit(world: World, settings: Any) -> None:
    settings.MAX_UPLOAD_BYTES = 16
    report = f.shared_report(world)
    client = client_for(world.manager_a)
    big = f.PDF + b"x" * 64
    response = client.post(
        "/advisory/attachments/add/",
        {"report": report.pk, "title": "Big", "file": f.pdf("big.pdf", big)},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["file"][0].startswith("The file is ")
    response = client.post(
        "/api/report-attachments",
        {"report_id": report.pk, "title": "Big", "file": f.pdf("big.pdf", big)},
    )
    assert response.status_code == 422
    assert response.json()["detail"][0]["type"] == "file_too_large"
    assert not ReportAttachment.objects.exists()
    assert stored_files() == []


def test_an_attachment_is_stored_privately_and_served_to_readers_only(world: World) -> None:
    client = client_for(world.manager_a)
    response = client.post(
        "/advisory/attachments/add/",
        {"report": f.shared_report(world).pk, "title": "Minutes", "file": f.pdf("m.pdf")},
    )
    assert response.status_code == 302
    annex = ReportAttachment.objects.get()
    assert annex.file.name.startswith(f"advisory/{annex.created_at.year}/")
    assert annex.size == len(f.PDF) and len(annex.sha256) == 64
    assert [p.read_bytes() for p in stored_files()] == [f.PDF]

    url = reverse("advisory:reportattachment_file", args=[annex.pk])
    response = client_for(world.viewer_a).get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content) == f.PDF
    api = client_for(world.viewer_a).get(f"/api/report-attachments/{annex.pk}/file")
    assert api.status_code == 200
    assert client_for(world.manager_b).get(url).status_code == 404
    assert client_for(world.registrar_a).get(url).status_code == 404
    assert (
        client_for(world.manager_b).get(f"/api/report-attachments/{annex.pk}/file").status_code
        == 404
    )
    assert Client().get(url).status_code == 302


# --- What the agreements app computes from deployments ---------------------------------


def test_the_programme_indicators_count_deployments_and_experts(world: World) -> None:
    first = f.deployment(world, 1, ends_on=JUN_30)
    second = f.deployment(world, 2, starts_on=JUL_1)
    f.deployment(world, 3, status="cancelled")
    expert = testing.person(world.battalion_a)
    f.member(world, deployment=first, person=expert, starts_on=JAN_1, ends_on=JUN_30)
    f.member(world, deployment=second, person=expert, starts_on=JUL_1, ends_on=JUL_1)
    f.member(world, deployment=second, starts_on=JUL_1, ends_on=JUL_1)
    programme = f.programme(world)
    deployments, experts = (
        save_programme_objective(
            ProgrammeObjective(
                programme=programme, title=key, indicator=key, target=10, source=key
            ),
            actor=None,
        )
        for key in ("advisory.deployments", "advisory.experts")
    )
    assert indicator_value(deployments) == 2
    assert indicator_value(experts) == 2


def test_the_programme_activity_counts_visible_deployments_in_one_query(world: World) -> None:
    assert "deployments" in {a.key for a in programme_activities()}
    programme = f.programme(world)
    for i in range(3):
        f.deployment(world, i)
    access.grants(world.manager_a)  # memberships are loaded once per request
    with CaptureQueriesContext(connection) as captured:
        counts = activity_counts(world.manager_a, [programme.pk])["deployments"]
    assert counts == {programme.pk: 3}
    assert len(captured.captured_queries) == len(programme_activities())  # one per activity
    assert activity_counts(world.manager_b, [programme.pk])["deployments"] == {}


# --- Pages ----------------------------------------------------------------------------


@pytest.mark.parametrize(("language", "direction"), [("en", "ltr"), ("ar", "rtl"), ("tr", "ltr")])
def test_every_advisory_page_renders_in_each_language(
    world: World, language: str, direction: str
) -> None:
    member = f.member(world)
    objective = f.objective(world)
    milestone = f.milestone(world)
    annex = f.attachment(world)
    records = [member.deployment, member, objective, milestone, annex.report, annex]
    client = client_for(world.manager_a)
    client.post("/accounts/preferences/", {"language": language})
    paths = []
    for record in records:
        name = f"advisory:{record._meta.model_name}"
        paths += [
            reverse(f"{name}_list"),
            reverse(f"{name}_add"),
            record.get_absolute_url(),
            reverse(f"{name}_edit", args=[record.pk]),
            reverse(f"{name}_delete", args=[record.pk]),
        ]
    for path in paths:
        response = client.get(path)
        assert response.status_code == 200, path
        html = response.content.decode()
        assert f'<html lang="{language}" dir="{direction}">' in html, path

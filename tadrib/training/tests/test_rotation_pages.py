"""Unit rotations from the user's side: the pages and the API of each step,
for the host facility, the unit, and a user of another nation (404)."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from tadrib.core.testing import World, client_for, post_json
from tadrib.people.models import PersonQualification
from tadrib.training import rotation_services as services
from tadrib.training import testing as tt
from tadrib.training import testing_rotations as tr
from tadrib.training.choices import EquipmentState, RotationStatus, VettingOutcome
from tadrib.training.models import (
    CriterionAssessment,
    EquipmentLoss,
    RotationEquipment,
    RotationEvaluation,
    RotationMember,
    UnitRotation,
)

pytestmark = pytest.mark.django_db

STEPS = ("start", "complete", "cancel", "unit-vetting", "vetting", "members", "issue", "return")


def url(name: str, *args: Any) -> str:
    return reverse(f"training:{name}", args=args)


def put_json(client: Client, path: str, body: Any) -> Any:
    return client.put(path, data=json.dumps(body), content_type="application/json")


# --- another nation --------------------------------------------------------------


def test_another_nations_user_gets_404_on_rotation_pages_and_steps(world: World) -> None:
    rotation = tr.rotation(world)
    member = tr.member(rotation)
    evaluation = tr.evaluation(rotation)
    client = client_for(world.manager_b)
    pages = [
        url("unitrotation", rotation.pk),
        url("rotationmember", member.pk),
        url("rotationevaluation", evaluation.pk),
        *(url(f"unitrotation_{step.replace('-', '_')}", rotation.pk) for step in STEPS),
    ]
    for path in pages:
        assert client.get(path).status_code == 404, path
    posts = [
        *(url(f"unitrotation_{step.replace('-', '_')}", rotation.pk) for step in STEPS),
        url("rotationmember_remove", member.pk),
        url("rotationmember_vetting", member.pk),
        url("rotationevaluation_assess", evaluation.pk),
        url("rotationevaluation_finalise", evaluation.pk),
    ]
    for path in posts:
        assert client.post(path, {"reason": "x", "outcome": "cleared"}).status_code == 404, path
    api = [f"/api/unit-rotations/{rotation.pk}/{step}" for step in STEPS]
    api += [
        f"/api/rotation-members/{member.pk}/remove",
        f"/api/rotation-evaluations/{evaluation.pk}/finalise",
    ]
    for path in api:
        assert post_json(client, path, {}).status_code in (404, 422), path
        assert post_json(client, path, _valid_body(path, member)).status_code == 404, path
    response = put_json(
        client, f"/api/rotation-evaluations/{evaluation.pk}/assessments", {"assessments": []}
    )
    assert response.status_code == 404
    stored = UnitRotation.objects.get(pk=rotation.pk)
    assert stored.status == RotationStatus.PLANNED
    assert RotationMember.objects.get(pk=member.pk).removed_on is None


def _valid_body(path: str, member: RotationMember) -> dict[str, Any]:
    """A body the endpoint accepts (so that a 404 is about the record)."""
    step = path.rstrip("/").rsplit("/", 1)[1]
    return {
        "cancel": {"reason": "No."},
        "remove": {"reason": "No."},
        "unit-vetting": {"outcome": "cleared", "reference": "X"},
        "vetting": {
            "decisions": [{"member_id": member.pk, "outcome": "cleared"}],
            "reference": "X",
        },
        "members": {"service_numbers": ["X"]},
        "issue": {"rows": [{"item_type": "RIFLE-1", "serial": "R-1"}]},
        "return": {"close_count": True},
    }.get(step, {})


# --- the host's pages ---------------------------------------------------------------


def test_the_host_vets_starts_issues_takes_back_evaluates_and_completes_on_the_pages(
    world: World,
) -> None:
    qualification = tt.qualification("Q-ROT")
    rotation = tr.rotation(world, qualification=qualification)
    members = [tr.member(rotation) for _ in range(2)]
    host = client_for(world.manager_a)
    page = host.get(url("unitrotation", rotation.pk)).content.decode()
    assert 'id="start-rotation"' in page and 'id="add-soldiers"' not in page
    assert 'data-count="open">open 2' in page

    # The unit, then the roster.
    response = host.post(
        url("unitrotation_unit_vetting", rotation.pk),
        {"outcome": "cleared", "reference": "UV-7", "on": tr.START.isoformat()},
    )
    assert response.status_code == 302
    form = host.get(url("unitrotation_vetting", rotation.pk)).content.decode()
    assert members[0].person.service_number in form
    response = host.post(
        url("unitrotation_vetting", rotation.pk),
        {
            f"outcome_{members[0].pk}": "cleared",
            f"outcome_{members[1].pk}": "cleared",
            "reference": "V-7",
            "on": tr.START.isoformat(),
        },
    )
    assert response.status_code == 302
    assert set(RotationMember.objects.values_list("vetting", flat=True)) == {"cleared"}
    assert host.post(url("unitrotation_start", rotation.pk)).status_code == 302
    assert UnitRotation.objects.get(pk=rotation.pk).status == RotationStatus.IN_TRAINING

    # Equipment: a refused list shows its bad lines and stores nothing.
    code = tr.rifle().code
    response = host.post(
        url("unitrotation_issue", rotation.pk),
        {"text": f"{code},R-1\nNOPE,R-2", "issued_on": tr.START.isoformat()},
    )
    assert response.status_code == 200
    assert "Line 2" in response.content.decode()
    assert not RotationEquipment.objects.exists()
    csv = SimpleUploadedFile(
        "items.csv", f"item_type,serial\n{code},R-1\n{code},R-2\n".encode(), "text/csv"
    )
    response = host.post(
        url("unitrotation_issue", rotation.pk), {"file": csv, "issued_on": tr.START.isoformat()}
    )
    assert response.status_code == 302
    lines = {e.serial_number: e for e in RotationEquipment.objects.all()}
    assert set(lines) == {"R-1", "R-2"}
    page = host.get(url("unitrotation", rotation.pk)).content.decode()
    assert 'id="equipment-chart"' in page and 'id="equipment-data"' in page
    response = host.post(
        url("unitrotation_return", rotation.pk),
        {
            f"state_{lines['R-1'].pk}": "returned",
            f"state_{lines['R-2'].pk}": "",
            "returned_on": tr.DURING.isoformat(),
            "close_count": "on",
        },
    )
    assert response.status_code == 302
    assert RotationEquipment.objects.get(serial_number="R-2").state == EquipmentState.LOST
    assert EquipmentLoss.objects.get().kind == "loss"

    # The evaluation: assessed on its page, then final.
    evaluation = tr.evaluation(rotation)
    criteria = list(evaluation.checklist.criteria.order_by("code"))
    page = host.get(url("rotationevaluation", evaluation.pk)).content.decode()
    assert 'id="assess-form"' in page and "80%" in page
    data = {f"result_{c.pk}": "met" for c in criteria}
    data[f"result_{criteria[-1].pk}"] = "not_met"
    data[f"remark_{criteria[-1].pk}"] = "Slow to report."
    assert host.post(url("rotationevaluation_assess", evaluation.pk), data).status_code == 302
    assert CriterionAssessment.objects.filter(evaluation=evaluation).count() == len(criteria)
    assert host.post(url("rotationevaluation_finalise", evaluation.pk)).status_code == 302
    evaluation.refresh_from_db()
    assert evaluation.final is True and evaluation.passed is True
    page = host.get(url("rotationevaluation", evaluation.pk)).content.decode()
    assert 'id="assess-form"' not in page and 'data-result="passed"' in page

    assert host.post(url("unitrotation_complete", rotation.pk)).status_code == 302
    assert UnitRotation.objects.get(pk=rotation.pk).status == RotationStatus.COMPLETED
    assert PersonQualification.objects.filter(qualification=qualification).count() == 2


def test_a_refused_start_is_a_message_and_nothing_changes(world: World) -> None:
    rotation = tr.rotation(world)
    member = tr.member(rotation)
    host = client_for(world.manager_a)
    services.record_unit_vetting(rotation, "cleared", reference="U", actor=None)
    response = host.post(url("unitrotation_start", rotation.pk), follow=True)
    page = response.content.decode()
    assert "Remove them or wait for their vetting" in page
    assert member.person.full_name_latin in page
    assert UnitRotation.objects.get(pk=rotation.pk).status == RotationStatus.PLANNED


# --- the unit's pages ---------------------------------------------------------------


def test_the_unit_adds_soldiers_and_may_not_take_the_hosts_steps(world: World) -> None:
    rotation = tr.rotation(world)
    soldiers = [tr.soldier(rotation.unit) for _ in range(2)]
    unit = client_for(tr.unit_manager(world))
    page = unit.get(url("unitrotation", rotation.pk)).content.decode()
    assert 'id="add-soldiers"' in page and 'id="start-rotation"' not in page
    form = unit.get(url("unitrotation_members", rotation.pk)).content.decode()
    assert soldiers[0].service_number in form
    response = unit.post(
        url("unitrotation_members", rotation.pk),
        {"people": [soldiers[0].pk], "service_numbers": "NO-SUCH", "role": "member"},
    )
    assert response.status_code == 200 and "NO-SUCH" in response.content.decode()
    assert not RotationMember.objects.exists()
    response = unit.post(
        url("unitrotation_members", rotation.pk),
        {"service_numbers": "\n".join(s.service_number for s in soldiers), "role": "member"},
    )
    assert response.status_code == 302
    assert RotationMember.objects.filter(rotation=rotation).count() == 2
    for step in ("start", "issue", "vetting", "return"):
        assert unit.post(url(f"unitrotation_{step}", rotation.pk)).status_code == 403, step
    assert unit.get(url("unitrotation_issue", rotation.pk)).status_code == 403
    host = client_for(world.manager_a)
    assert host.get(url("unitrotation_members", rotation.pk)).status_code == 403
    # Either side removes a soldier, with the reason.
    member = RotationMember.objects.filter(rotation=rotation).first()
    response = unit.post(url("rotationmember_remove", member.pk), {"reason": "Posted away."})
    assert response.status_code == 302
    assert RotationMember.objects.get(pk=member.pk).removed_on is not None


# --- the API -------------------------------------------------------------------------


def test_the_steps_through_the_api(world: World) -> None:
    qualification = tt.qualification("Q-API")
    rotation = tr.rotation(world, qualification=qualification)
    soldiers = [tr.soldier(rotation.unit) for _ in range(3)]
    unit = client_for(tr.unit_manager(world))
    host = client_for(world.manager_a)
    base = f"/api/unit-rotations/{rotation.pk}"

    response = post_json(host, f"{base}/members", {"person_ids": [soldiers[0].pk]})
    assert response.status_code == 403  # the unit names its soldiers, not the host
    response = post_json(
        unit, f"{base}/members", {"service_numbers": [s.service_number for s in soldiers]}
    )
    assert response.status_code == 201, response.content
    ids = [row["id"] for row in response.json()]
    assert len(ids) == 3

    assert (
        post_json(
            unit, f"{base}/unit-vetting", {"outcome": "cleared", "reference": "U"}
        ).status_code
        == 403
    )
    response = post_json(host, f"{base}/unit-vetting", {"outcome": "cleared", "reference": "U-1"})
    assert response.status_code == 200 and response.json()["unit_vetting"] == "cleared"
    response = post_json(
        host,
        f"{base}/vetting",
        {
            "decisions": [{"member_id": pk, "outcome": "cleared"} for pk in ids[:2]]
            + [{"member_id": ids[2], "outcome": "refused"}],
            "reference": "V-1",
        },
    )
    assert response.status_code == 200
    response = post_json(host, f"{base}/start", {})
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "members"]
    response = post_json(
        unit, f"/api/rotation-members/{ids[2]}/remove", {"reason": "Refused at vetting."}
    )
    assert response.status_code == 200 and response.json()["removed_on"] is not None
    response = post_json(host, f"{base}/start", {"on": tr.START.isoformat()})
    assert response.status_code == 200 and response.json()["status"] == "in_training"

    code = tr.rifle().code
    response = post_json(
        host,
        f"{base}/issue",
        {"rows": [{"item_type": code, "serial": "R-1"}, {"item_type": "NOPE", "serial": "R-2"}]},
    )
    assert response.status_code == 422
    detail = response.json()["detail"]
    assert detail[0]["loc"] == ["body", "rows", 1] and detail[0]["line"] == 2
    rows = [{"item_type": code, "serial": s} for s in ("R-1", "R-2")]
    response = post_json(host, f"{base}/issue", {"rows": rows, "issued_on": tr.START.isoformat()})
    assert response.status_code == 201 and len(response.json()["issued"]) == 2
    response = post_json(
        host,
        f"{base}/return",
        {
            "returned": ["R-1"],
            "damaged": {"R-2": "Scope broken."},
            "returned_on": tr.DURING.isoformat(),
        },
    )
    assert response.status_code == 200
    assert len(response.json()["returned"]) == 1 and len(response.json()["damaged"]) == 1
    assert EquipmentLoss.objects.get().kind == "damage"

    evaluation = tr.evaluation(rotation)
    criteria = list(evaluation.checklist.criteria.order_by("code"))
    path = f"/api/rotation-evaluations/{evaluation.pk}"
    body = {"assessments": [{"criterion_id": c.pk, "met": True} for c in criteria[:-1]]}
    assert put_json(host, f"{path}/assessments", body).status_code == 200
    response = post_json(host, f"{path}/finalise", {})
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "assessments"]
    body["assessments"].append({"criterion_id": criteria[-1].pk, "met": False, "remark": "Late."})
    response = put_json(host, f"{path}/assessments", body)
    assert response.status_code == 200 and len(response.json()) == len(criteria)
    assert put_json(unit, f"{path}/assessments", body).status_code == 403
    response = post_json(host, f"{path}/finalise", {})
    assert response.status_code == 200 and response.json()["passed"] is True
    assert put_json(host, f"{path}/assessments", body).status_code == 422
    assert RotationEvaluation.objects.get(pk=evaluation.pk).final is True

    assert post_json(unit, f"{base}/complete", {}).status_code == 403
    response = post_json(host, f"{base}/complete", {"on": tr.END.isoformat()})
    assert response.status_code == 200, response.content
    assert response.json()["rotation"]["status"] == "completed"
    assert sorted(response.json()["awarded_to"]) == sorted(s.pk for s in soldiers[:2])


def test_the_api_names_the_field_of_bad_input(world: World) -> None:
    rotation = tr.rotation(world)
    host = client_for(world.manager_a)
    base = f"/api/unit-rotations/{rotation.pk}"
    response = post_json(host, f"{base}/cancel", {"reason": ""})
    assert response.status_code == 422 and response.json()["detail"][0]["loc"] == ["body", "reason"]
    response = post_json(host, f"{base}/unit-vetting", {"outcome": "maybe", "reference": "U"})
    assert response.status_code == 422 and response.json()["detail"][0]["loc"] == [
        "body",
        "outcome",
    ]
    response = post_json(host, f"{base}/return", {})
    assert response.status_code == 422 and response.json()["detail"][0]["loc"] == [
        "body",
        "returned",
    ]
    response = post_json(
        host,
        "/api/unit-rotations",
        {
            "programme_id": tt.programme_a(world).pk,
            "code": "ROT-X",
            "facility_id": tt.facility_a(world).pk,
            "unit_id": world.battalion_a.pk,  # not under the programme's partner
            "starts_on": tr.START.isoformat(),
            "ends_on": tr.END.isoformat(),
            "training_areas": "Range",
            "objectives": "Drills",
        },
    )
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "unit_id"]
    assert UnitRotation.objects.filter(code="ROT-X").count() == 0
    assert UnitRotation.objects.get(pk=rotation.pk).unit_vetting == VettingOutcome.OPEN


def test_the_host_names_the_partners_battalion_in_the_rotation_form(world: World) -> None:
    tt.programme_a(world)
    unit = tt.unit_c(world)
    page = client_for(world.manager_a).get(url("unitrotation_add")).content.decode()
    assert f'value="{unit.pk}"' in page
    assert (
        f'value="{world.battalion_a.pk}"' not in page.split('name="unit"')[1].split("</select>")[0]
    )


def test_a_soldiers_page_takes_the_hosts_vetting_and_reads_right_to_left(world: World) -> None:
    rotation = tr.rotation(world)
    member = tr.member(rotation)
    tr.issued(rotation, "R-1")
    tr.evaluation(rotation)
    host = client_for(world.manager_a)
    page = host.get(url("rotationmember", member.pk)).content.decode()
    assert 'id="record-vetting"' in page and 'id="remove-member"' in page
    response = host.post(
        url("rotationmember_vetting", member.pk),
        {"outcome": "refused", "reference": "V-9", "on": tr.START.isoformat()},
    )
    assert response.status_code == 302
    assert RotationMember.objects.get(pk=member.pk).vetting == VettingOutcome.REFUSED
    unit_page = client_for(tr.unit_manager(world)).get(url("rotationmember", member.pk))
    assert 'id="record-vetting"' not in unit_page.content.decode()
    host.post(reverse("accounts:preferences"), {"language": "ar", "next": "/"})
    page = host.get(url("unitrotation", rotation.pk)).content.decode()
    assert 'dir="rtl"' in page
    assert 'data-vetting="refused"' in page and 'id="evaluation-chart"' in page


def test_an_uploaded_issue_list_names_the_bad_line_of_the_file(world: World) -> None:
    rotation = tr.rotation(world)
    code = tr.rifle().code
    host = client_for(world.manager_a)
    upload = SimpleUploadedFile(
        "items.csv", f"item_type,serial\n{code},R-1\n{code},R 2\n".encode(), "text/csv"
    )
    response = host.post(f"/api/unit-rotations/{rotation.pk}/issue/upload", {"file": upload})
    assert response.status_code == 422
    detail = response.json()["detail"]
    assert [(d["loc"], d["line"]) for d in detail] == [(["body", "file"], 3)]
    assert not RotationEquipment.objects.exists()
    upload = SimpleUploadedFile("items.csv", f"item_type,serial\n{code},R-1\n".encode(), "text/csv")
    response = host.post(f"/api/unit-rotations/{rotation.pk}/issue/upload", {"file": upload})
    assert response.status_code == 201
    assert response.json()["issued"][0]["serial_number"] == "R-1"

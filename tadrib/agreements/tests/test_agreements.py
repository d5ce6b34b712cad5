from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from typing import Any

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone

from tadrib.agreements import selectors, services
from tadrib.agreements import testing as t
from tadrib.agreements.models import (
    Agreement,
    AgreementDocument,
    AgreementParty,
    ProgrammeMilestone,
    ProgrammeObjective,
)
from tadrib.core import testing
from tadrib.core.choices import Role
from tadrib.core.models import AuditEntry
from tadrib.core.testing import World, client_for, post_json, stored_files

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


@pytest.fixture(autouse=True)
def _own_indicator_sources(monkeypatch: pytest.MonkeyPatch) -> None:
    """Sources a test registers stay in that test."""
    copied = {model: dict(sources) for model, sources in selectors._SOURCES.items()}
    monkeypatch.setattr(selectors, "_SOURCES", copied)


# --- Status ------------------------------------------------------------------------------


def test_it_refuses_to_put_a_draft_in_force_before_signature(world: World) -> None:
    agreement = t.agreement(world, signed_on=None)
    with pytest.raises(ValidationError) as caught:
        services.change_agreement_status(agreement, "in_force", actor=world.manager_a)
    assert "cannot become" in caught.value.message_dict["status"][0]
    assert Agreement.objects.get(pk=agreement.pk).status == "draft"


def test_signing_needs_the_date_and_entry_into_force_defaults_to_today(world: World) -> None:
    agreement = t.agreement(world, signed_on=None)
    with pytest.raises(ValidationError) as caught:
        services.change_agreement_status(agreement, "signed", actor=world.manager_a)
    assert "signed_on" in caught.value.message_dict
    agreement = Agreement.objects.get(pk=agreement.pk)
    services.change_agreement_status(
        agreement, "signed", actor=world.manager_a, signed_on=dt.date(2025, 8, 13)
    )
    services.change_agreement_status(agreement, "in_force", actor=world.manager_a)
    agreement.refresh_from_db()
    assert (agreement.status, agreement.entry_into_force) == ("in_force", TODAY)
    actions = list(
        AuditEntry.objects.filter(object_id=str(agreement.pk), object_type="agreements.agreement")
        .order_by("seq")
        .values_list("action", flat=True)
    )
    assert actions == ["agreement.created", "agreement.signed", "agreement.in_force"]


def _expired(world: World) -> Agreement:
    agreement = t.agreement(world, entry_into_force=dt.date(2025, 9, 1))
    services.change_agreement_status(agreement, "signed", actor=None)
    services.change_agreement_status(agreement, "in_force", actor=None)
    services.change_agreement_status(agreement, "expired", actor=None)
    agreement.refresh_from_db()
    assert agreement.expires_on == TODAY
    return agreement


def test_an_expired_agreement_cannot_be_set_in_force_without_a_new_date(world: World) -> None:
    agreement = _expired(world)
    entries = AuditEntry.objects.count()
    response = post_json(
        client_for(world.manager_a),
        f"/api/agreements/{agreement.pk}/status",
        {"status": "in_force"},
    )
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "expires_on"]
    agreement.refresh_from_db()
    assert agreement.status == "expired"
    assert AuditEntry.objects.count() == entries
    # A date that is already past is no better.
    with pytest.raises(ValidationError):
        services.change_agreement_status(
            agreement, "in_force", actor=world.manager_a, expires_on=TODAY
        )
    renewed = TODAY + dt.timedelta(days=365 * 5)
    response = post_json(
        client_for(world.manager_a),
        f"/api/agreements/{agreement.pk}/status",
        {"status": "in_force", "expires_on": renewed.isoformat(), "reason": "Renewed"},
    )
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "in_force"
    assert response.json()["expires_on"] == renewed.isoformat()


def test_suspension_needs_a_reason_and_termination_is_final(world: World) -> None:
    agreement = t.agreement(world)
    services.change_agreement_status(agreement, "signed", actor=None)
    services.change_agreement_status(agreement, "in_force", actor=None)
    client = client_for(world.manager_a)
    response = client.post(f"/agreements/{agreement.pk}/status/", {"status": "suspended"})
    assert response.status_code == 200
    assert response.context["form"].errors["reason"] == ["Give the reason for this change."]
    response = client.post(
        f"/agreements/{agreement.pk}/status/", {"status": "terminated", "reason": "Superseded"}
    )
    assert response.status_code == 302
    agreement.refresh_from_db()
    assert agreement.status == "terminated"
    for status in ("draft", "signed", "in_force", "suspended", "expired"):
        with pytest.raises(ValidationError):
            services.change_agreement_status(agreement, status, actor=None, reason="x")


def test_the_status_is_not_set_through_the_record_form_or_the_api(world: World) -> None:
    agreement = t.agreement(world)
    response = client_for(world.manager_a).patch(
        f"/api/agreements/{agreement.pk}",
        data=json.dumps({"status": "in_force"}),
        content_type="application/json",
    )
    assert response.json()["status"] == "draft"  # not a field of the change: ignored
    agreement.refresh_from_db()
    assert agreement.status == "draft"


def test_it_refuses_an_expiry_before_entry_into_force_and_a_circle_of_extensions(
    world: World,
) -> None:
    client = client_for(world.manager_a)
    response = client.post(
        "/agreements/add/",
        {
            "owner": world.battalion_a.pk,
            "reference": "AG-BAD",
            "kind": "accord",
            "name_en": "Bad dates",
            "signed_on": "2025-08-13",
            "entry_into_force": "2025-09-01",
            "expires_on": "2025-08-31",
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["expires_on"] == [
        "The expiry date must come after entry into force."
    ]
    older = t.agreement(world, 1)
    newer = t.agreement(world, 2, extends=older)
    older.extends = newer
    with pytest.raises(ValidationError) as caught:
        services.save_agreement(older, actor=world.manager_a)
    assert "extends" in caught.value.message_dict
    assert not Agreement.objects.filter(reference="AG-BAD").exists()


# --- Documents ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("scan.pdf", b"\x89PNG\r\n\x1a\n" + b"0" * 100, "Only PDF files are accepted."),
        ("notes.txt", t.MINIMAL_PDF, "Only PDF files are accepted."),
    ],
)
def test_it_refuses_a_document_that_is_not_a_pdf(
    world: World, name: str, content: bytes, reason: str
) -> None:
    agreement = t.agreement(world)
    client = client_for(world.manager_a)
    entries = AuditEntry.objects.count()
    response = client.post(
        "/agreements/documents/add/",
        {
            "agreement": agreement.pk,
            "title": "Scan",
            "kind": "annex",
            "file": SimpleUploadedFile(name, content),
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["file"] == [reason]
    response = client.post(
        "/api/agreement-documents",
        {"agreement_id": agreement.pk, "title": "Scan", "file": SimpleUploadedFile(name, content)},
    )
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "file"]
    assert AgreementDocument.objects.count() == 0
    assert AuditEntry.objects.count() == entries
    assert stored_files() == []


def test_it_refuses_a_document_over_the_size_limit_and_stores_nothing(
    world: World, settings: Any
) -> None:
    settings.MAX_UPLOAD_BYTES = 1024
    agreement = t.agreement(world)
    big = SimpleUploadedFile("big.pdf", t.MINIMAL_PDF + b"%" * 2048)
    response = client_for(world.manager_a).post(
        "/api/agreement-documents", {"agreement_id": agreement.pk, "title": "Big", "file": big}
    )
    assert response.status_code == 422
    assert "the limit is 1.0\xa0KB" in response.json()["detail"][0]["msg"]
    assert AgreementDocument.objects.count() == 0
    assert stored_files() == []


def test_a_refused_record_takes_its_uploaded_file_away(world: World) -> None:
    """The file passes, the record does not (an agreement outside reach)."""
    other = t.agreement(world, owner=world.ministry_b)
    document = AgreementDocument(agreement=other, title="Signed", file=t.pdf_upload())
    with pytest.raises(ValidationError):
        services.save_agreement_document(document, actor=world.manager_a)
    assert stored_files() == []


def test_documents_are_served_only_to_readers_of_the_agreement(world: World) -> None:
    document = t.document(world)
    assert len(stored_files()) == 1
    assert not str(stored_files()[0]).startswith(str(settings.STATIC_ROOT))
    url = f"/agreements/documents/{document.pk}/file/"
    response = client_for(world.viewer_a).get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
    assert response["Content-Type"] == "application/pdf"
    for user in (world.manager_b, world.registrar_a):
        assert client_for(user).get(url).status_code == 404
        assert (
            client_for(user).get(f"/api/agreement-documents/{document.pk}/file").status_code == 404
        )
    api = client_for(world.viewer_a).get(f"/api/agreement-documents/{document.pk}/file")
    assert api.status_code == 200
    assert document.sha256 and document.size == len(t.MINIMAL_PDF)


def test_deleting_a_document_removes_its_file(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    document = t.document(world)
    client = client_for(world.manager_a)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.delete(f"/api/agreement-documents/{document.pk}")
    assert response.status_code == 204
    assert stored_files() == []


# --- Sharing with the other party --------------------------------------------------------


def test_a_party_reads_the_agreement_and_its_clauses_but_cannot_change_them(world: World) -> None:
    agreement = t.agreement(world)
    clause = t.clause(world, of=agreement)
    host_office = testing.organisation(
        world.nation_b, "B-ICO", parent=world.ministry_b, kind="office"
    )
    officer_b = testing.user("officer_b", (host_office, Role.MANAGER))
    client = client_for(officer_b)
    assert client.get(f"/agreements/{agreement.pk}/").status_code == 404
    services.save_agreement_party(
        AgreementParty(agreement=agreement, organisation=world.ministry_b, role="host"),
        actor=world.manager_a,
    )
    # Under the party ministry: reads the agreement, its clause, in the UI and API.
    assert client.get(f"/agreements/{agreement.pk}/").status_code == 200
    assert client.get(f"/agreements/clauses/{clause.pk}/").status_code == 200
    listed = client.get("/api/agreements?limit=500").json()["items"]
    assert [row["reference"] for row in listed] == [agreement.reference]
    # Reading is all: the record belongs to the office that keeps it.
    assert client.get(f"/agreements/{agreement.pk}/edit/").status_code == 404
    assert (
        client.post(f"/agreements/{agreement.pk}/status/", {"status": "signed"}).status_code == 404
    )
    response = client.patch(
        f"/api/agreements/{agreement.pk}", data="{}", content_type="application/json"
    )
    assert response.status_code == 404
    # The directorate of nation A sits under the owner's ministry, not above it.
    assert client_for(world.registrar_a).get(f"/agreements/{agreement.pk}/").status_code == 404


# --- Programmes --------------------------------------------------------------------------


def test_progress_runs_from_baseline_to_target(world: World) -> None:
    programme = t.programme(world)
    half = services.save_programme_objective(
        ProgrammeObjective(
            programme=programme, title="Half", indicator="x", baseline=10, target=30, current=20
        ),
        actor=None,
    )
    over = services.save_programme_objective(
        ProgrammeObjective(programme=programme, title="Over", indicator="x", target=5, current=9),
        actor=None,
    )
    assert selectors.progress_of(half).percent == 50
    assert selectors.progress_of(over).percent == 100
    assert selectors.overall_percent(selectors.programme_progress(programme)) == 75
    with pytest.raises(ValidationError) as caught:
        services.save_programme_objective(
            ProgrammeObjective(programme=programme, title="Flat", indicator="x", target=0),
            actor=None,
        )
    assert caught.value.message_dict["target"] == ["The target must differ from the baseline."]


def test_an_objective_can_be_computed_from_records(world: World) -> None:
    programme = t.programme(world)
    selectors.register_indicator_source(
        ProgrammeObjective,
        "test.milestones_done",
        "Milestones completed",
        lambda objectives: {
            o.pk: o.programme.milestones.filter(completed_on__isnull=False).count()
            for o in objectives
        },
    )
    objective = services.save_programme_objective(
        ProgrammeObjective(
            programme=programme,
            title="Milestones",
            indicator="done",
            target=2,
            current=0,
            source="test.milestones_done",
        ),
        actor=None,
    )
    assert selectors.progress_of(objective).percent == 0
    services.save_programme_milestone(
        ProgrammeMilestone(
            programme=programme,
            title="Done",
            due_on=dt.date(2025, 10, 1),
            completed_on=dt.date(2025, 10, 1),
            evidence="Course report",
        ),
        actor=None,
    )
    assert selectors.progress_of(objective).value == Decimal(1)
    assert selectors.progress_of(objective).percent == 50
    with pytest.raises(ValidationError):
        objective.source = "no.such.source"
        services.save_programme_objective(objective, actor=None)


def test_the_programme_page_charts_progress_and_flags_overdue_milestones(world: World) -> None:
    programme = t.programme(world)
    services.save_programme_objective(
        ProgrammeObjective(
            programme=programme, title="Deminers", indicator="trained", target=40, current=10
        ),
        actor=None,
    )
    late = services.save_programme_milestone(
        ProgrammeMilestone(
            programme=programme, title="Late one", due_on=TODAY - dt.timedelta(days=3)
        ),
        actor=None,
    )
    services.save_programme_milestone(
        ProgrammeMilestone(
            programme=programme, title="Future one", due_on=TODAY + dt.timedelta(days=3)
        ),
        actor=None,
    )
    page = client_for(world.viewer_a).get(f"/agreements/programmes/{programme.pk}/")
    html = page.content.decode()
    assert page.context["chart"] == {"labels": ["Deminers"], "values": [25], "max": 100}
    assert 'id="progress-chart"' in html
    assert html.count('class="table-danger overdue"') == 1
    assert late.is_overdue
    overdue = client_for(world.viewer_a).get("/api/programme-milestones?overdue=true").json()
    assert [row["title"] for row in overdue["items"]] == ["Late one"]


def test_the_dashboard_shows_each_clause_with_its_programmes(world: World) -> None:
    programme = t.programme(world)
    services.save_programme_milestone(
        ProgrammeMilestone(programme=programme, title="Late", due_on=TODAY - dt.timedelta(days=1)),
        actor=None,
    )
    bare = t.clause(world, 7, of=programme.clause.agreement, areas=["cyber_defence"])
    page = client_for(world.viewer_a).get("/agreements/dashboard/")
    assert page.status_code == 200
    html = page.content.decode()
    assert programme.code in html and "Advanced training: cyber defence" in html
    assert page.context["overdue_total"] == 1
    clauses = page.context["rows"][0]["clauses"]
    assert {c["clause"].pk: len(c["programmes"]) for c in clauses} == {
        programme.clause_id: 1,
        bare.pk: 0,
    }
    assert client_for(world.manager_b).get("/agreements/dashboard/").context["rows"] == []


def test_the_ui_and_api_lists_filter_the_same_way(world: World) -> None:
    demining = t.programme(world, 1)
    cyber = t.programme(world, 2, under=t.clause(world, 2, areas=["cyber_defence"]))
    services.save_agreement_party(
        AgreementParty(
            agreement=cyber.clause.agreement, organisation=t.third_party(world), role="partner"
        ),
        actor=None,
    )
    client = client_for(world.viewer_a)
    for query, expected in (
        ("area=demining", {demining.code}),
        ("area=cyber_defence", {cyber.code}),
        (f"party={world.nation_b.pk}", set()),
        (f"party={t.third_party(world).nation_id}", {demining.code, cyber.code}),
        ("starts_after=2025-09-02", set()),
    ):
        api = {row["code"] for row in client.get(f"/api/programmes?{query}").json()["items"]}
        page = client.get(f"/agreements/programmes/?{query}")
        assert {p.code for p in page.context["table"].data} == api == expected, query
    rows = client.get(f"/api/agreements?party={t.third_party(world).nation_id}").json()["items"]
    assert [r["id"] for r in rows] == [cyber.clause.agreement_id]
    rows = client.get("/api/agreements?signed_after=2026-01-01").json()["items"]
    assert rows == []
    assert client.get("/api/agreements?signed_after=yesterday").status_code == 422


def test_a_completed_milestone_needs_its_evidence_on_the_form_and_in_the_database(
    world: World,
) -> None:
    programme = t.programme(world)
    response = client_for(world.manager_a).post(
        "/agreements/programmes/milestones/add/",
        {
            "programme": programme.pk,
            "title": "Done",
            "due_on": "2026-01-01",
            "completed_on": "2026-01-02",
        },
    )
    assert response.context["form"].errors["evidence"] == [
        "Say what shows the milestone was reached."
    ]
    assert not ProgrammeMilestone.objects.exists()
    # Past validation (a bulk update), the database itself refuses it.
    milestone = services.save_programme_milestone(
        ProgrammeMilestone(programme=programme, title="Open", due_on=dt.date(2026, 1, 1)),
        actor=None,
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        ProgrammeMilestone.objects.filter(pk=milestone.pk).update(completed_on=dt.date(2026, 1, 2))


def test_the_api_list_computes_each_source_once_per_page(world: World) -> None:
    calls: list[int] = []

    def seven(objectives: Any) -> dict[int, int]:
        calls.append(len(objectives))
        return {o.pk: 7 for o in objectives}

    selectors.register_indicator_source(ProgrammeObjective, "test.seven", "Seven", seven)
    programme = t.programme(world)
    for n in range(3):
        services.save_programme_objective(
            ProgrammeObjective(
                programme=programme, title=f"O{n}", indicator="x", target=14, source="test.seven"
            ),
            actor=None,
        )
    rows = client_for(world.viewer_a).get("/api/programme-objectives?limit=10").json()["items"]
    assert [(Decimal(row["value"]), row["percent"]) for row in rows] == [(Decimal(7), 50)] * 3
    assert calls == [3]  # one call for the page, not one per row


def test_replacing_or_deleting_with_the_agreement_removes_the_old_files(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    document = t.document(world)
    (first,) = stored_files()
    client = client_for(world.manager_a)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/agreements/documents/{document.pk}/edit/",
            {
                "agreement": document.agreement_id,
                "title": "Signed text",
                "kind": "signed_text",
                "file": t.pdf_upload("second.pdf"),
            },
        )
    assert response.status_code == 302
    (second,) = stored_files()
    assert second != first
    with django_capture_on_commit_callbacks(execute=True):
        services.delete_agreement(document.agreement, actor=world.manager_a)
    assert stored_files() == []
    assert not AgreementDocument.objects.exists()

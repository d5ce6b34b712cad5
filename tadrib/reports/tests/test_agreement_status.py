from __future__ import annotations

import datetime as dt
import io
import unicodedata
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import pypdf
import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.models import Count
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tadrib.agreements import selectors
from tadrib.agreements.models import (
    Agreement,
    AgreementParty,
    Clause,
    ClauseTarget,
    Programme,
    ProgrammeMilestone,
    ProgrammeObjective,
)
from tadrib.agreements.selectors import ProgrammeActivity, agreements_for
from tadrib.agreements.services import (
    change_agreement_status,
    save_agreement,
    save_agreement_party,
    save_clause,
    save_clause_target,
    save_programme,
    save_programme_milestone,
    save_programme_objective,
)
from tadrib.core import testing
from tadrib.core.testing import World
from tadrib.reports.agreement_status import (
    agreement_status_pdf,
    build_report,
    render_agreement_status_html,
)

pytestmark = pytest.mark.django_db

NAME_AR = "مذكرة التفاهم للتدريب المشترك"
NAME_EN = "Memorandum on joint training"
NAME_TR = "Ortak eğitim mutabakat muhtırası"


@dataclass
class Setting:
    agreement: Agreement
    programme: Programme
    hidden: Programme


def pdf_text(data: bytes) -> str:
    reader = pypdf.PdfReader(io.BytesIO(data))
    assert len(reader.pages) >= 1
    text = "\n".join(page.extract_text() for page in reader.pages)
    return unicodedata.normalize("NFKC", text)


def milestones_per_programme(user: object, programme_ids: list[int]) -> dict[int, int]:
    rows = (
        ProgrammeMilestone.objects.for_user(user)  # type: ignore[arg-type]
        .filter(programme__in=programme_ids)
        .values("programme")
        .annotate(n=Count("pk"))
    )
    return {row["programme"]: row["n"] for row in rows}


@pytest.fixture(autouse=True)
def _registries(monkeypatch: pytest.MonkeyPatch) -> None:
    """The report lists whatever other apps register; here, one activity and
    one computed indicator of the test's own, whichever apps are installed."""
    monkeypatch.setattr(selectors, "_ACTIVITIES", {})
    monkeypatch.setattr(selectors, "_SOURCES", {})
    selectors.register_programme_activity(
        ProgrammeActivity("milestones", "Milestones planned", milestones_per_programme)
    )
    selectors.register_indicator_source(
        ProgrammeObjective,
        "test.thirty",
        "Always thirty",
        lambda objectives: {o.pk: 30 for o in objectives},
    )


@pytest.fixture
def setting(world: World) -> Setting:
    today = timezone.localdate()
    agreement = save_agreement(
        Agreement(
            owner=world.ministry_a,
            reference="MOU/2024-07",
            kind="memorandum",
            name_en=NAME_EN,
            name_ar=NAME_AR,
            name_tr=NAME_TR,
        ),
        actor=None,
    )
    save_agreement_party(
        AgreementParty(
            agreement=agreement,
            organisation=world.ministry_a,
            role="partner",
            signatory="Col. Hadi",
        ),
        actor=None,
    )
    clause = save_clause(
        Clause(agreement=agreement, number="3", areas=["demining"], text="Joint demining courses."),
        actor=None,
    )
    target = save_clause_target(
        ClauseTarget(clause=clause, indicator="Deminers trained", quantity=Decimal(40)),
        actor=None,
    )
    programme = save_programme(
        Programme(
            code="DEM-1",
            name_en="Demining instructors",
            name_ar="مدربو إزالة الألغام",
            name_tr="Mayın temizleme eğitmenleri",
            owner=world.ministry_a,
            clause=clause,
            host_organisation=world.academy_b,
            partner_organisation=world.ministry_a,
            starts_on=today - dt.timedelta(days=90),
            status="active",
        ),
        actor=None,
    )
    save_programme_objective(
        ProgrammeObjective(
            programme=programme,
            clause_target=target,
            title="Train the instructors",
            indicator="Instructors qualified",
            baseline=Decimal(0),
            target=Decimal(40),
            current=Decimal(10),
        ),
        actor=None,
    )
    save_programme_objective(
        ProgrammeObjective(
            programme=programme,
            title="Courses",
            indicator="Courses run",
            target=Decimal(40),
            source="test.thirty",
        ),
        actor=None,
    )
    save_programme_milestone(
        ProgrammeMilestone(
            programme=programme,
            title="First course delivered",
            due_on=today - dt.timedelta(days=10),
        ),
        actor=None,
    )
    # Run by nation B with a third nation: nation A's readers do not see it.
    nation_c = testing.nation("JO")
    ministry_c = testing.organisation(nation_c, "C-MOD", kind="ministry")
    hidden = save_programme(
        Programme(
            code="HID-9",
            name_en="Somebody else's programme",
            owner=world.ministry_b,
            clause=clause,
            host_organisation=world.academy_b,
            partner_organisation=ministry_c,
            starts_on=today,
        ),
        actor=None,
    )
    change_agreement_status(
        agreement, "signed", actor=None, signed_on=today - dt.timedelta(days=100)
    )
    return Setting(agreement, programme, hidden)


def test_the_arabic_report_is_a_pdf_with_the_arabic_title(world: World, setting: Setting) -> None:
    data = agreement_status_pdf(setting.agreement, language="ar", user=world.manager_a)
    assert data.startswith(b"%PDF")
    text = pdf_text(data)
    assert NAME_AR in text
    assert "MOU/2024-07" in text


def test_the_arabic_report_is_written_right_to_left(world: World, setting: Setting) -> None:
    html = render_agreement_status_html(setting.agreement, language="ar", user=world.manager_a)
    assert '<html lang="ar" dir="rtl">' in html
    assert '"Noto Naskh Arabic"' in html
    english = render_agreement_status_html(setting.agreement, language="en", user=world.manager_a)
    assert '<html lang="en" dir="ltr">' in english


@pytest.mark.parametrize(("language", "title"), [("en", NAME_EN), ("tr", NAME_TR)])
def test_the_report_is_titled_in_its_language(
    world: World, setting: Setting, language: str, title: str
) -> None:
    text = pdf_text(
        agreement_status_pdf(setting.agreement, language=language, user=world.manager_a)
    )
    assert title in text
    assert NAME_AR not in text


def test_it_reports_clauses_programmes_progress_and_history(world: World, setting: Setting) -> None:
    report = build_report(setting.agreement, user=world.manager_a)
    assert [change.status for change in report.history] == ["draft", "signed"]
    (section,) = report.clauses
    assert [str(t.indicator) for t in section.targets] == ["Deminers trained"]
    (programme,) = section.programmes  # the other nations' programme is left out
    assert programme.programme == setting.programme
    assert [p.percent for p in programme.progress] == [25, 75]  # typed in; computed
    assert programme.overall == 50
    assert [(str(a.label), a.count) for a in programme.activities] == [("Milestones planned", 1)]
    assert [m.title for m in programme.overdue] == ["First course delivered"]

    text = pdf_text(agreement_status_pdf(setting.agreement, language="en", user=world.manager_a))
    for expected in (
        "DEM-1",
        "Instructors qualified",
        "25%",
        "75%",
        "50%",
        "overdue",
        "Signed",
        "Col. Hadi",
        "Milestones planned",
        "Advanced training: demining",
        "Deminers trained",
    ):
        assert expected in text
    assert "HID-9" not in text


def test_the_report_reads_the_same_number_of_queries_however_many_programmes(
    world: World, setting: Setting
) -> None:
    def queries() -> int:
        agreement = agreements_for(world.manager_a).get(pk=setting.agreement.pk)
        with CaptureQueriesContext(connection) as captured:
            render_agreement_status_html(agreement, language="en", user=world.manager_a)
        return len(captured.captured_queries)

    before = queries()
    for code in ("DEM-2", "DEM-3"):
        programme = Programme.objects.get(pk=setting.programme.pk)
        programme.pk, programme.code = None, code
        programme._state.adding = True
        save_programme(programme, actor=None)
        for title in ("A", "B"):
            save_programme_milestone(
                ProgrammeMilestone(programme=programme, title=title, due_on=dt.date(2030, 1, 1)),
                actor=None,
            )
    assert queries() == before


def test_the_system_reader_sees_every_programme(setting: Setting) -> None:
    (section,) = build_report(setting.agreement, user=None).clauses
    assert {item.programme.code for item in section.programmes} == {"DEM-1", "HID-9"}


def test_the_status_history_gives_the_reason(world: World, setting: Setting) -> None:
    change_agreement_status(setting.agreement, "terminated", actor=None, reason="Superseded")
    report = build_report(setting.agreement, user=world.manager_a)
    assert [(c.status, c.reason) for c in report.history][-1] == ("terminated", "Superseded")


def test_the_service_refuses_a_language_reports_are_not_written_in(
    world: World, setting: Setting
) -> None:
    with pytest.raises(ValueError, match="fr"):
        agreement_status_pdf(setting.agreement, language="fr", user=world.manager_a)


def test_the_view_downloads_the_pdf(world: World, setting: Setting) -> None:
    client = Client()
    client.force_login(world.manager_a)
    url = reverse("reports:agreement_status", args=[setting.agreement.pk])
    response = client.get(url, {"language": "ar"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == ('attachment; filename="MOU-2024-07-status-ar.pdf"')
    assert NAME_AR in pdf_text(response.content)


def test_the_view_writes_in_the_users_language_by_default(world: World, setting: Setting) -> None:
    world.manager_a.language = "tr"
    world.manager_a.save(update_fields=["language"])
    client = Client()
    client.force_login(world.manager_a)
    response = client.get(reverse("reports:agreement_status", args=[setting.agreement.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('-status-tr.pdf"')
    assert NAME_TR in pdf_text(response.content)


def test_the_view_hides_the_agreement_from_another_nation(world: World, setting: Setting) -> None:
    client = Client()
    client.force_login(world.manager_b)
    url = reverse("reports:agreement_status", args=[setting.agreement.pk])
    assert client.get(url, {"language": "en"}).status_code == 404


def test_the_view_needs_a_signed_in_user(setting: Setting) -> None:
    url = reverse("reports:agreement_status", args=[setting.agreement.pk])
    response = Client().get(url)
    assert response.status_code == 302


def test_the_view_refuses_an_unknown_language(world: World, setting: Setting) -> None:
    client = Client()
    client.force_login(world.manager_a)
    url = reverse("reports:agreement_status", args=[setting.agreement.pk])
    response = client.get(url, {"language": "fr"})
    assert response.status_code == 400
    assert "en, ar, tr" in response.content.decode()


def test_the_api_returns_the_pdf(world: World, setting: Setting) -> None:
    client = Client()
    client.force_login(world.manager_a)
    path = f"/api/agreements/{setting.agreement.pk}/status-report"
    response = client.get(path, {"language": "tr"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert NAME_TR in pdf_text(response.content)


def test_the_api_hides_the_agreement_from_another_nation(world: World, setting: Setting) -> None:
    client = Client()
    client.force_login(world.manager_b)
    response = client.get(f"/api/agreements/{setting.agreement.pk}/status-report")
    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}


def test_the_api_refuses_an_unknown_language(world: World, setting: Setting) -> None:
    client = Client()
    client.force_login(world.manager_a)
    path = f"/api/agreements/{setting.agreement.pk}/status-report"
    response = client.get(path, {"language": "fr"})
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["query", "language"]


def test_the_cli_writes_the_report(setting: Setting, tmp_path: Path) -> None:
    out = tmp_path / "status.pdf"
    stdout = io.StringIO()
    call_command(
        "report",
        "agreement-status",
        "MOU/2024-07",
        "--language",
        "ar",
        "--out",
        str(out),
        stdout=stdout,
    )
    assert stdout.getvalue().strip() == str(out)
    text = pdf_text(out.read_bytes())
    assert NAME_AR in text
    assert "HID-9" in text  # the system sees every programme


def test_the_cli_refuses_an_unknown_reference_or_language(setting: Setting, tmp_path: Path) -> None:
    out = tmp_path / "status.pdf"
    with pytest.raises(CommandError, match="No agreement with reference NOPE"):
        call_command("report", "agreement-status", "NOPE", "--out", str(out))
    with pytest.raises(CommandError, match="Unknown language fr"):
        call_command("report", "agreement-status", "MOU/2024-07", "--language", "fr")
    assert not out.exists()

"""Bulk nomination from a CSV or XLSX file: the page, the API and the service
behind them."""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass
from typing import Any

import openpyxl
import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from tadrib.core import testing
from tadrib.core.models import AuditEntry
from tadrib.core.testing import World, client_for
from tadrib.people.models import Person
from tadrib.training import bulk
from tadrib.training import testing as tt
from tadrib.training.models import Course, Nomination

pytestmark = pytest.mark.django_db

PAGE = "/training/nominations/bulk/"
API = "/api/nominations/bulk"
CLEARED = tt.CLEARED.isoformat()
EXPIRES = (tt.TODAY + dt.timedelta(days=3650)).isoformat()
UNKNOWN = "service_number: no person of this nation with this service number is in your records."
HEADER = [
    "service_number",
    "priority",
    "medical_cleared_on",
    "passport_number",
    "passport_expires_on",
    "remarks",
]


@dataclass
class Upload:
    """A course of nation C's academy that nation A may nominate to, and the
    people named in the mixed file."""

    world: World
    course: Course
    good: Person
    good_without_clearance: Person
    other_nation: Person
    nominated: Person
    bad_priority: Person
    bad_date: Person
    bad_passport: Person

    def rows(self) -> list[list[Any]]:
        """Line 2 onwards of the mixed file: two good rows and seven bad."""
        return [
            [self.good.service_number, "50", CLEARED, "P1234567", EXPIRES, "first"],  # 2
            ["SN-NOBODY", "", "", "", "", ""],  # 3: unknown
            [self.other_nation.service_number, "", "", "", "", ""],  # 4: another nation's
            [self.good.service_number, "", "", "", "", ""],  # 5: repeats line 2
            [self.nominated.service_number, "", CLEARED, "", "", ""],  # 6: already nominated
            [self.bad_priority.service_number, "abc", "", "", "", ""],  # 7
            [self.bad_date.service_number, "", "31/12/2024", "", "", ""],  # 8
            [self.good_without_clearance.service_number, "", "", "", "", ""],  # 9: good
            [self.bad_passport.service_number, "", "", "AB-12", "", ""],  # 10
        ]

    def form(self, file: Any, **changes: Any) -> dict[str, Any]:
        data = {"owner": self.world.battalion_a.pk, "course": self.course.pk, "file": file}
        data.update(changes)
        return data

    def api_form(self, file: Any, **changes: Any) -> dict[str, Any]:
        data = {"owner_id": self.world.battalion_a.pk, "course_id": self.course.pk, "file": file}
        data.update(changes)
        return data


EXPECTED_REFUSALS = {
    3: [UNKNOWN],
    4: [UNKNOWN],
    5: ["service_number: this service number is already on line 2."],
    6: ["This person already has a nomination for this course under way."],
    7: ["priority: “abc” is not a whole number from 1 to 1000."],
    8: ["medical_cleared_on: “31/12/2024” is not a date in the form YYYY-MM-DD."],
    10: ["passport_number: Use letters and digits only."],
}


@pytest.fixture
def upload(world: World) -> Upload:
    course = tt.course(world, 1, at=tt.academy_c(world))
    tt.programme_c(world)  # C's catalogue is shown to A's ministry
    nominated = tt.nominee(world)
    tt.nomination(world, 1, person=nominated, to=course)
    return Upload(
        world=world,
        course=course,
        good=tt.nominee(world),
        good_without_clearance=tt.nominee(world),
        other_nation=testing.person(world.academy_b),
        nominated=nominated,
        bad_priority=tt.nominee(world),
        bad_date=tt.nominee(world),
        bad_passport=tt.nominee(world),
    )


def csv_file(rows: list[list[Any]], *, delimiter: str = ",", bom: bool = False) -> Any:
    text = "\r\n".join(delimiter.join(str(cell) for cell in row) for row in rows) + "\r\n"
    data = (b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8")
    return SimpleUploadedFile("nominees.csv", data, content_type="text/csv")


def xlsx_file(rows: list[list[Any]]) -> Any:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile("nominees.xlsx", buffer.getvalue())


def nomination_entries() -> set[str]:
    return set(
        AuditEntry.objects.filter(object_type="training.nomination").values_list(
            "object_id", flat=True
        )
    )


def check_mixed_report(u: Upload, rows: list[dict[str, Any]], *, submitted: bool) -> set[int]:
    """The report of the mixed file; returns the ids of the stored nominations."""
    by_line = {row["line"]: row for row in rows}
    assert sorted(by_line) == list(range(2, 11))
    for line, messages in EXPECTED_REFUSALS.items():
        assert by_line[line]["ok"] is False, line
        assert by_line[line]["nomination_id"] is None, line
        assert by_line[line]["messages"] == messages, line
    good, without_clearance = by_line[2], by_line[9]
    assert good["ok"] and without_clearance["ok"]
    assert good["service_number"] == u.good.service_number
    stored = Nomination.objects.in_bulk([good["nomination_id"], without_clearance["nomination_id"]])
    first, second = stored[good["nomination_id"]], stored[without_clearance["nomination_id"]]
    assert (first.person, first.owner, first.course) == (u.good, u.world.battalion_a, u.course)
    assert (first.priority, first.medical_cleared_on) == (50, tt.CLEARED)
    assert (first.passport_number, first.remarks) == ("P1234567", "first")
    assert second.person == u.good_without_clearance and second.priority == 10
    if submitted:
        assert (first.status, second.status) == ("eligible", "ineligible")
        assert good["messages"] == []
        assert without_clearance["messages"] == [
            "Stored, ineligible: No medical clearance is recorded."
        ]
    else:
        assert (first.status, second.status) == ("draft", "draft")
        assert good["messages"] == without_clearance["messages"] == []
    assert (good["status"], without_clearance["status"]) == (first.status, second.status)
    return {first.pk, second.pk}


def check_nothing_else_stored(u: Upload, stored: set[int], entries_before: int) -> None:
    """Bad rows left neither a nomination nor an audit entry."""
    bad_people = [u.bad_priority, u.bad_date, u.bad_passport, u.other_nation]
    assert not Nomination.objects.filter(person__in=bad_people).exists()
    assert Nomination.objects.filter(course=u.course).count() == 1 + len(stored)
    new_entries = AuditEntry.objects.order_by("seq")[entries_before:]
    assert {entry.object_id for entry in new_entries} == {str(pk) for pk in stored}


def report_rows(response: Any) -> list[dict[str, Any]]:
    return [
        {
            "line": row["outcome"].line,
            "service_number": row["outcome"].service_number,
            "ok": row["outcome"].ok,
            "nomination_id": row["outcome"].nomination_id,
            "status": row["outcome"].status,
            "messages": row["outcome"].messages,
        }
        for row in response.context["rows"]
    ]


# --- the page -----------------------------------------------------------------


def test_a_csv_file_stores_the_good_rows_as_drafts_and_reports_the_bad(upload: Upload) -> None:
    entries_before = AuditEntry.objects.count()
    client = client_for(upload.world.manager_a)
    response = client.post(PAGE, upload.form(csv_file([HEADER, *upload.rows()])))
    assert response.status_code == 200
    report = response.context["report"]
    assert (report.stored, report.refused) == (2, 7)
    stored = check_mixed_report(upload, report_rows(response), submitted=False)
    check_nothing_else_stored(upload, stored, entries_before)
    page = response.content.decode()
    assert "2 stored" in page and "7 refused" in page
    assert "priority: “abc” is not a whole number from 1 to 1000." in page
    for pk in stored:
        assert f'href="/training/nominations/{pk}/"' in page


def test_an_xlsx_file_submitted_at_once_ends_eligible_or_ineligible(upload: Upload) -> None:
    entries_before = AuditEntry.objects.count()
    rows: list[list[Any]] = upload.rows()
    rows[0][1], rows[0][2] = 50, tt.CLEARED  # a number cell and a date cell
    rows[0][4] = dt.datetime.fromisoformat(EXPIRES)
    response = client_for(upload.world.manager_a).post(
        PAGE, upload.form(xlsx_file([HEADER, *rows]), submit="on")
    )
    report = response.context["report"]
    assert (report.stored, report.refused, report.ineligible) == (2, 7, 1)
    stored = check_mixed_report(upload, report_rows(response), submitted=True)
    check_nothing_else_stored(upload, stored, entries_before)
    assert Nomination.objects.get(person=upload.good).passport_expires_on.isoformat() == EXPIRES


def test_a_semicolon_file_with_a_bom_and_other_columns_is_read(upload: Upload) -> None:
    rows = [["Service Number", "Unit", "priority"], [upload.good.service_number, "A-BN", "7"]]
    response = client_for(upload.world.manager_a).post(
        PAGE, upload.form(csv_file(rows, delimiter=";", bom=True))
    )
    report = response.context["report"]
    assert report.stored == 1 and report.unknown_columns == ["Unit"]
    assert Nomination.objects.get(person=upload.good).priority == 7
    assert "Columns not recognised, ignored:" in response.content.decode()


def test_an_xlsx_number_cell_finds_a_numeric_service_number(upload: Upload) -> None:
    person = tt.nominee(upload.world, service_number="4711")
    response = client_for(upload.world.manager_a).post(
        PAGE, upload.form(xlsx_file([["service_number"], [4711]]))
    )
    assert response.context["report"].stored == 1
    assert Nomination.objects.filter(person=person, course=upload.course).exists()


def test_a_session_of_the_course_is_set_on_every_nomination(upload: Upload) -> None:
    session = tt.session(upload.world, 1, of=upload.course)
    response = client_for(upload.world.manager_a).post(
        PAGE,
        upload.form(
            csv_file([["service_number"], [upload.good.service_number]]), session=session.pk
        ),
    )
    assert response.context["report"].stored == 1
    assert Nomination.objects.get(person=upload.good).session == session


def test_a_session_of_another_course_is_refused(upload: Upload) -> None:
    other = tt.session(
        upload.world, 2, of=tt.course(upload.world, 2, at=tt.academy_c(upload.world))
    )
    response = client_for(upload.world.manager_a).post(
        PAGE,
        upload.form(csv_file([["service_number"], [upload.good.service_number]]), session=other.pk),
    )
    assert response.context["form"].errors["session"] == ["This session runs another course."]
    assert not Nomination.objects.filter(person=upload.good).exists()


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (
            b"number,priority\r\nSN-1,3\r\n",
            "nominees.csv",
            "The file has no service_number column: its first row must name the columns, "
            "service_number among them.",
        ),
        (
            b"%PDF-1.4\n\x00\x01\x02\xff\xfe binary",
            "nominees.csv",
            "This file is neither a CSV file (UTF-8) nor an XLSX workbook.",
        ),
        (
            b"PK\x03\x04 not really a workbook",
            "nominees.xlsx",
            "This file is neither a CSV file (UTF-8) nor an XLSX workbook.",
        ),
        (b"", "nominees.csv", "The file is empty."),
        (
            b"service_number\r\n\r\n",
            "nominees.csv",
            "The file has a header row but no rows of data.",
        ),
    ],
)
def test_a_file_refused_as_a_whole_stores_nothing(
    upload: Upload, content: bytes, name: str, message: str
) -> None:
    entries_before = AuditEntry.objects.count()
    response = client_for(upload.world.manager_a).post(
        PAGE, upload.form(SimpleUploadedFile(name, content))
    )
    assert response.status_code == 200
    assert "report" not in response.context
    errors = response.context["form"].errors["file"]
    assert errors == [message] or (content == b"" and errors)
    assert AuditEntry.objects.count() == entries_before
    assert Nomination.objects.filter(course=upload.course).count() == 1


def test_a_file_over_the_size_limit_is_refused(upload: Upload, settings: Any) -> None:
    settings.MAX_UPLOAD_BYTES = 64
    rows = [["service_number", "remarks"], [upload.good.service_number, "x" * 100]]
    response = client_for(upload.world.manager_a).post(PAGE, upload.form(csv_file(rows)))
    [error] = [e.replace("\xa0", " ") for e in response.context["form"].errors["file"]]
    assert error.startswith("The file is ") and error.endswith("; the limit is 64 bytes.")
    assert not Nomination.objects.filter(person=upload.good).exists()


def test_a_file_of_more_than_5000_rows_is_refused(upload: Upload) -> None:
    rows = [["service_number"], *([f"SN-{i}"] for i in range(bulk.MAX_ROWS + 1))]
    with pytest.raises(ValidationError) as refused:
        bulk.read_sheet(csv_file(rows))
    assert refused.value.messages == [
        "The file has more than 5000 rows; split it into several files."
    ]
    assert len(bulk.read_sheet(csv_file(rows[:-1])).rows) == bulk.MAX_ROWS


def test_an_owner_outside_the_users_reach_is_refused(upload: Upload) -> None:
    world = upload.world
    file = csv_file([["service_number"], [upload.good.service_number]])
    response = client_for(world.brigade_manager_a).post(
        PAGE, upload.form(file, owner=world.ministry_a.pk)
    )
    assert "owner" in response.context["form"].errors
    with pytest.raises(PermissionDenied):
        bulk.nominate_in_bulk(
            owner=world.ministry_a,
            course=upload.course,
            session=None,
            rows=[bulk.SheetRow(2, {"service_number": upload.good.service_number})],
            actor=world.brigade_manager_a,
        )
    assert not Nomination.objects.filter(person=upload.good).exists()


def test_a_row_failing_after_its_draft_is_written_leaves_nothing(
    upload: Upload, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tadrib.training import services

    submit = services.submit

    def refuse_second(nomination: Nomination, *, actor: Any) -> Nomination:
        if nomination.person_id == upload.good_without_clearance.pk:
            raise ValidationError({"person": "Refused for the test."})
        return submit(nomination, actor=actor)

    monkeypatch.setattr(services, "submit", refuse_second)
    entries_before = AuditEntry.objects.count()
    rows = [
        ["service_number", "medical_cleared_on"],
        [upload.good.service_number, CLEARED],
        [upload.good_without_clearance.service_number, CLEARED],
    ]
    response = client_for(upload.world.manager_a).post(
        PAGE, upload.form(csv_file(rows), submit="on")
    )
    report = response.context["report"]
    assert [(row.ok, row.messages) for row in report.rows] == [
        (True, []),
        (False, ["service_number: Refused for the test."]),
    ]
    assert not Nomination.objects.filter(person=upload.good_without_clearance).exists()
    stored = Nomination.objects.get(person=upload.good)
    new_entries = AuditEntry.objects.order_by("seq")[entries_before:]
    assert {entry.object_id for entry in new_entries} == {str(stored.pk)}


def test_the_page_shows_the_form_and_the_columns(upload: Upload) -> None:
    page = client_for(upload.world.manager_a).get(PAGE)
    assert page.status_code == 200
    html = page.content.decode()
    assert all(f'<code dir="ltr">{column}</code>' in html for column in HEADER)
    owners = set(page.context["form"].fields["owner"].queryset)
    assert upload.world.battalion_a in owners and upload.world.ministry_b not in owners
    template = client_for(upload.world.manager_a).get(PAGE, {"template": "csv"})
    assert template.content.decode("utf-8-sig").strip() == ",".join(HEADER)


def test_the_page_is_refused_to_whoever_may_not_nominate(world: World) -> None:
    assert client_for(world.viewer_a).get(PAGE).status_code == 403
    assert client_for(None).get(PAGE).status_code == 302


# --- the API ------------------------------------------------------------------


def test_the_api_returns_the_same_report(upload: Upload) -> None:
    entries_before = AuditEntry.objects.count()
    response = client_for(upload.world.manager_a).post(
        API, upload.api_form(csv_file([HEADER, *upload.rows()]), submit="true")
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["stored"], body["refused"], body["ineligible"]) == (2, 7, 1)
    stored = check_mixed_report(upload, body["rows"], submitted=True)
    check_nothing_else_stored(upload, stored, entries_before)


def test_the_api_needs_a_signed_in_caller(upload: Upload) -> None:
    file = csv_file([["service_number"], [upload.good.service_number]])
    assert client_for(None).post(API, upload.api_form(file)).status_code == 401
    assert not Nomination.objects.filter(person=upload.good).exists()


def test_the_api_refuses_a_caller_who_may_not_nominate(upload: Upload) -> None:
    file = csv_file([["service_number"], [upload.good.service_number]])
    assert client_for(upload.world.viewer_a).post(API, upload.api_form(file)).status_code == 403


def test_the_api_hides_what_the_caller_cannot_see(upload: Upload) -> None:
    world = upload.world
    hidden_course = tt.course(world, 3, at=world.academy_b)  # B has no programme with A
    client = client_for(world.manager_a)

    def post(**changes: Any) -> Any:
        file = csv_file([["service_number"], [upload.good.service_number]])
        return client.post(API, upload.api_form(file, **changes))

    assert post(course_id=hidden_course.pk).status_code == 404
    assert post(owner_id=world.ministry_b.pk).status_code == 404
    assert post(owner_id=2**40).status_code == 404
    assert post(session_id=2**40).status_code == 404
    # Nation B may nominate from its ministry, but C's catalogue is not shown to it.
    file = csv_file([["service_number"], ["TR-1"]])
    form = upload.api_form(file, owner_id=world.ministry_b.pk)
    assert client_for(world.manager_b).post(API, form).status_code == 404
    other = tt.session(world, 2, of=tt.course(world, 2, at=tt.academy_c(world)))
    response = post(session_id=other.pk)
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "session_id"]
    assert not Nomination.objects.filter(person=upload.good).exists()


def test_the_api_refuses_a_file_as_a_whole_with_422(upload: Upload) -> None:
    response = client_for(upload.world.manager_a).post(
        API, upload.api_form(SimpleUploadedFile("x.csv", b"name\r\nOmar\r\n"))
    )
    assert response.status_code == 422
    detail = response.json()["detail"]
    assert detail[0]["loc"] == ["body", "file"]
    assert "service_number" in detail[0]["msg"]
    assert Nomination.objects.filter(course=upload.course).count() == 1


def test_the_page_and_the_api_are_named(upload: Upload) -> None:
    from django.urls import reverse

    assert reverse("training:nomination_bulk") == PAGE
    schema = Client().get("/api/openapi.json").json()
    operation = schema["paths"]["/api/nominations/bulk"]["post"]
    assert operation["operationId"] == "training_bulk_nominate"


def test_the_page_and_the_report_render_right_to_left_in_arabic(upload: Upload) -> None:
    client = client_for(upload.world.manager_a)
    client.post("/accounts/preferences/", {"language": "ar"})
    page = client.get(PAGE).content.decode()
    assert '<html lang="ar" dir="rtl">' in page
    report = client.post(PAGE, upload.form(csv_file([HEADER, *upload.rows()])))
    assert '<html lang="ar" dir="rtl">' in report.content.decode()
    assert report.context["report"].stored == 2

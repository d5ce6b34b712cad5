"""Nominating many people to one course from a spreadsheet.

``read_sheet`` turns an uploaded CSV or XLSX file into rows, or refuses the
file as a whole (not a spreadsheet, empty, too large, no ``service_number``
column). ``nominate_in_bulk`` stores each good row through the same services
as the nomination form, each in its own savepoint, and reports every row:
stored (with its status), or refused with the reasons, naming the column."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from tadrib.core import access, spreadsheets
from tadrib.core.choices import Action
from tadrib.core.spreadsheets import Sheet, SheetRow
from tadrib.core.spreadsheets import blank as _blank
from tadrib.core.spreadsheets import cell_text as _text
from tadrib.organisations.models import Organisation
from tadrib.people.models import Person
from tadrib.training import eligibility, services
from tadrib.training.choices import ACTIVE, NominationStatus, SessionStatus
from tadrib.training.models import Course, Nomination, Session

if TYPE_CHECKING:
    from tadrib.accounts.models import User

COLUMNS = (
    "service_number",
    "priority",
    "medical_cleared_on",
    "passport_number",
    "passport_expires_on",
    "remarks",
)
DATE_COLUMNS = ("medical_cleared_on", "passport_expires_on")
TEXT_COLUMNS = ("passport_number", "remarks")
MAX_ROWS = 5000
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
WHOLE_NUMBER = re.compile(r"^\d+$")
# Model errors on the person concern the row's service number.
FIELD_COLUMNS = {"person": "service_number"}
IN_BATCH = 500  # ids per IN (...) query, well within every database's limit


# --- reading the file -------------------------------------------------------


def read_sheet(upload: Any) -> Sheet:
    """The rows of an uploaded CSV or XLSX file of nominations. Raises
    ``ValidationError`` for a file refused as a whole (see
    ``core.spreadsheets``), among others one without a service_number column."""
    return spreadsheets.read_sheet(
        upload, columns=COLUMNS, required=("service_number",), max_rows=MAX_ROWS
    )


# --- one row's values -------------------------------------------------------


def _priority(value: Any) -> int | None:
    """The priority, or ``None`` when it is not a whole number from 1 to 1000."""
    number: int | None = None
    if isinstance(value, bool):
        number = None
    elif isinstance(value, int):
        number = value
    elif isinstance(value, float) and value.is_integer():
        number = int(value)
    elif isinstance(value, str) and WHOLE_NUMBER.match(value.strip()):
        number = int(value.strip())
    return number if number is not None and 1 <= number <= 1000 else None


def _date(value: Any) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and ISO_DATE.match(value.strip()):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            return None
    return None


def clean_row(cells: dict[str, Any]) -> tuple[dict[str, Any], list[str]]:
    """A row's nomination values, and a message for each value refused
    (naming its column)."""
    values: dict[str, Any] = {"service_number": _text(cells.get("service_number"))}
    messages: list[str] = []
    if not values["service_number"]:
        messages.append(_("service_number: this row has no service number."))
    raw = cells.get("priority")
    if not _blank(raw):
        priority = _priority(raw)
        if priority is None:
            messages.append(
                _("priority: “%(value)s” is not a whole number from 1 to 1000.")
                % {"value": _text(raw)}
            )
        values["priority"] = priority
    for name in DATE_COLUMNS:
        raw = cells.get(name)
        if _blank(raw):
            values[name] = None
            continue
        values[name] = _date(raw)
        if values[name] is None:
            messages.append(
                _("%(column)s: “%(value)s” is not a date in the form YYYY-MM-DD.")
                % {"column": name, "value": _text(raw)}
            )
    for name in TEXT_COLUMNS:
        values[name] = _text(cells.get(name))
    return values, messages


# --- the report ---------------------------------------------------------------


@dataclass
class RowOutcome:
    line: int
    service_number: str
    ok: bool
    nomination_id: int | None = None
    status: str = ""
    messages: list[str] = field(default_factory=list)

    @property
    def status_label(self) -> str:
        return str(NominationStatus(self.status).label) if self.status else ""


@dataclass
class BulkReport:
    rows: list[RowOutcome] = field(default_factory=list)
    unknown_columns: list[str] = field(default_factory=list)

    @property
    def stored(self) -> int:
        return sum(1 for row in self.rows if row.ok)

    @property
    def refused(self) -> int:
        return sum(1 for row in self.rows if not row.ok)

    @property
    def ineligible(self) -> int:
        return sum(1 for row in self.rows if row.status == NominationStatus.INELIGIBLE)


# --- storing ------------------------------------------------------------------


def _error_messages(error: ValidationError) -> list[str]:
    if not hasattr(error, "error_dict"):
        return list(error.messages)
    return [
        message if name == NON_FIELD_ERRORS else f"{FIELD_COLUMNS.get(name, name)}: {message}"
        for name, messages in error.message_dict.items()
        for message in messages
    ]


def _batches(values: Sequence[Any]) -> Iterator[Sequence[Any]]:
    for start in range(0, len(values), IN_BATCH):
        yield values[start : start + IN_BATCH]


def check_target(
    *, owner: Organisation, course: Course, session: Session | None, actor: User | None
) -> None:
    """Refuse an upload whose nominating organisation, course or session the
    actor may not use, or that do not go together."""
    if actor is not None:
        paths = access.reach_paths(actor, Nomination, Action.ADD)
        if not access.path_in_reach(owner.path, paths):
            raise PermissionDenied(_("You may not nominate on behalf of this organisation."))
        if not Course.objects.for_user(actor).filter(pk=course.pk).exists():
            raise PermissionDenied(_("You may not nominate to this course."))
        if (
            session is not None
            and not Session.objects.for_user(actor).filter(pk=session.pk).exists()
        ):
            raise PermissionDenied(_("You may not nominate to this session."))
    errors: dict[str, str] = {}
    if course.institution.nation_id == owner.nation_id:
        errors["course"] = _("Nominations go to another nation's courses.")
    if session is not None and session.course_id != course.pk:
        errors["session"] = _("This session runs another course.")
    elif session is not None and session.status in (
        SessionStatus.CANCELLED,
        SessionStatus.COMPLETED,
    ):
        errors["session"] = _("This session is closed.")
    if errors:
        raise ValidationError(errors)


def nominating_organisations(user: Any) -> QuerySet[Organisation]:
    """The organisations on whose behalf the user may nominate (the whole
    subtree of each membership with the right to add nominations)."""
    paths = access.reach_paths(user, Nomination, Action.ADD)
    return Organisation.objects.filter(is_active=True).under(paths).order_by("path")


def _people(actor: User | None, nation_id: int, numbers: list[str]) -> dict[str, Person]:
    from tadrib.people.selectors import people_for

    visible = people_for(actor) if actor is not None else Person.objects.all()
    found: dict[str, Person] = {}
    for batch in _batches(numbers):
        for person in visible.filter(nation_id=nation_id, service_number__in=batch):
            found[person.service_number] = person
    return found


def _under_way(course: Course, person_ids: list[int]) -> set[int]:
    busy: set[int] = set()
    for batch in _batches(person_ids):
        busy |= set(
            Nomination.objects.filter(
                course=course, status__in=sorted(ACTIVE), person_id__in=batch
            ).values_list("person_id", flat=True)
        )
    return busy


def _store(
    nomination: Nomination, *, actor: User | None, submit: bool
) -> tuple[Nomination | None, list[str]]:
    """Store one row in its own savepoint: a refusal leaves nothing behind."""
    try:
        with transaction.atomic():
            nomination = services.save_nomination(nomination, actor=actor)
            if submit:
                nomination = services.submit(nomination, actor=actor)
    except ValidationError as error:
        return None, _error_messages(error)
    except PermissionDenied as error:
        return None, [str(error) or _("You may not do this.")]
    messages = []
    if nomination.preparation_id:
        messages.append(
            _("A nomination to the language-preparation course comes first (no. %(id)s).")
            % {"id": nomination.preparation_id}
        )
    if nomination.status == NominationStatus.INELIGIBLE:
        reasons = " ".join(
            eligibility.explain(entry) for entry in nomination.eligibility if not entry.get("ok")
        )
        messages.insert(0, _("Stored, ineligible: %(reasons)s") % {"reasons": reasons})
    return nomination, messages


@transaction.atomic
def nominate_in_bulk(
    *,
    owner: Organisation,
    course: Course,
    session: Session | None,
    rows: Iterable[SheetRow],
    actor: User | None,
    submit: bool = False,
) -> BulkReport:
    """Nominate the person of each row to ``course`` (and ``session``) on
    behalf of ``owner``; with ``submit``, submit each at once (eligibility is
    checked; an ineligible nomination is still stored). Good rows are stored
    and bad rows refused, each with its reasons."""
    check_target(owner=owner, course=course, session=session, actor=actor)
    cleaned = [(row, *clean_row(row.cells)) for row in rows]
    numbers = sorted({values["service_number"] for _row, values, _m in cleaned} - {""})
    people = _people(actor, owner.nation_id, numbers)
    busy = _under_way(course, sorted(person.pk for person in people.values()))
    first_line: dict[str, int] = {}
    report = BulkReport()
    for row, values, messages in cleaned:
        number = values.pop("service_number")
        person = None
        if number:
            first = first_line.setdefault(number, row.line)
            person = people.get(number)
            if first != row.line:
                messages.append(
                    _("service_number: this service number is already on line %(line)s.")
                    % {"line": first}
                )
            elif person is None:
                messages.append(
                    _(
                        "service_number: no person of this nation with this service number "
                        "is in your records."
                    )
                )
            elif person.pk in busy:
                messages.append(
                    _("This person already has a nomination for this course under way.")
                )
        if messages or person is None:
            report.rows.append(RowOutcome(row.line, number, False, messages=messages))
            continue
        if values.get("priority") is None:
            values.pop("priority", None)  # the model's default
        nomination, notes = _store(
            Nomination(owner=owner, person=person, course=course, session=session, **values),
            actor=actor,
            submit=submit,
        )
        if nomination is None:
            report.rows.append(RowOutcome(row.line, number, False, messages=notes))
        else:
            report.rows.append(
                RowOutcome(row.line, number, True, nomination.pk, nomination.status, notes)
            )
    return report


def nominate_from_file(
    upload: Any,
    *,
    owner: Organisation,
    course: Course,
    session: Session | None,
    actor: User | None,
    submit: bool = False,
) -> BulkReport:
    """Read an uploaded file and nominate its rows; a file refused as a whole
    raises ``ValidationError`` on ``file`` and stores nothing."""
    check_target(owner=owner, course=course, session=session, actor=actor)
    try:
        sheet = read_sheet(upload)
    except ValidationError as error:
        raise ValidationError({"file": error.error_list}) from None
    report = nominate_in_bulk(
        owner=owner, course=course, session=session, rows=sheet.rows, actor=actor, submit=submit
    )
    report.unknown_columns = sheet.unknown_columns
    return report

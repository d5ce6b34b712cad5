"""API endpoints of training's bulk nomination (added to the API by tadrib/api.py)."""

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import File, Form, Router, Schema, UploadedFile

from tadrib.core import access
from tadrib.core.api import RecordId, current_user, responses
from tadrib.training import bulk
from tadrib.training.models import Nomination
from tadrib.training.selectors import courses_for, sessions_for

router = Router(tags=["training"])


class BulkNominationIn(Schema):
    owner_id: RecordId
    course_id: RecordId
    session_id: RecordId | None = None
    submit: bool = False


class BulkRowOut(Schema):
    line: int
    service_number: str
    ok: bool
    nomination_id: int | None
    status: str
    messages: list[str]


class BulkReportOut(Schema):
    stored: int
    refused: int
    ineligible: int
    unknown_columns: list[str]
    rows: list[BulkRowOut]


def _report_out(report: bulk.BulkReport) -> dict[str, Any]:
    return {
        "stored": report.stored,
        "refused": report.refused,
        "ineligible": report.ineligible,
        "unknown_columns": report.unknown_columns,
        "rows": [
            {
                "line": row.line,
                "service_number": row.service_number,
                "ok": row.ok,
                "nomination_id": row.nomination_id,
                "status": row.status,
                "messages": row.messages,
            }
            for row in report.rows
        ],
    }


@router.post(
    "/nominations/bulk",
    response=responses(200, BulkReportOut, 400, 403, 404, 422),
    operation_id="training_bulk_nominate",
    summary="Nominate people to a course from a CSV or XLSX file",
    description=(
        "multipart/form-data: owner_id (the nominating organisation), course_id, optional "
        "session_id, submit (submit each nomination at once), and file: a CSV (UTF-8; comma "
        "or semicolon) or XLSX file whose first row names the columns service_number "
        "(required), priority, medical_cleared_on, passport_number, passport_expires_on, "
        "remarks. Good rows are stored, bad rows are reported with their reasons; a file "
        "refused as a whole is a 422 and stores nothing."
    ),
)
def bulk_nominate(
    request: HttpRequest,
    payload: Form[BulkNominationIn],
    file: File[UploadedFile],
) -> Any:
    user = current_user(request)
    if not access.can_add_anywhere(user, Nomination):
        raise PermissionDenied(_("You may not add nominations."))
    owner = bulk.nominating_organisations(user).filter(pk=payload.owner_id).first()
    course = courses_for(user).filter(pk=payload.course_id).first()
    session = None
    if payload.session_id is not None:
        session = sessions_for(user).filter(pk=payload.session_id).first()
        if session is None:
            raise Http404
    if owner is None or course is None:
        raise Http404
    try:
        report = bulk.nominate_from_file(
            file, owner=owner, course=course, session=session, actor=user, submit=payload.submit
        )
    except ValidationError as error:
        if hasattr(error, "error_dict"):
            ids = {"owner": "owner_id", "course": "course_id", "session": "session_id"}
            raise ValidationError(
                {ids.get(name, name): errors for name, errors in error.error_dict.items()}
            ) from None
        raise
    return _report_out(report)

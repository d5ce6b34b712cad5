"""Reads of training, scoped to the user, joins declared; and the counts the
agreements app shows per programme."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from tadrib.agreements.selectors import counts_by
from tadrib.core.choices import Action
from tadrib.training.choices import AWAY, SEAT_HOLDING, NominationStatus, SessionStatus
from tadrib.training.models import (
    Assessment,
    Attendance,
    Course,
    CoursePrerequisite,
    Grade,
    Incident,
    Nomination,
    Session,
    SessionQuota,
)

N = NominationStatus


def courses_for(user: Any, action: str = Action.VIEW) -> QuerySet[Course]:
    return Course.objects.for_user(user, action).select_related(
        "institution__nation", "qualification", "language_preparation"
    )


def course_prerequisites_for(user: Any, action: str = Action.VIEW) -> QuerySet[CoursePrerequisite]:
    return CoursePrerequisite.objects.for_user(user, action).select_related("course", "required")


def sessions_for(user: Any, action: str = Action.VIEW) -> QuerySet[Session]:
    return (
        Session.objects.for_user(user, action)
        .select_related("course__institution", "programme")
        .annotate(
            seats_held=Count("nominations", filter=Q(nominations__status__in=sorted(SEAT_HOLDING)))
        )
    )


def session_quotas_for(user: Any, action: str = Action.VIEW) -> QuerySet[SessionQuota]:
    return SessionQuota.objects.for_user(user, action).select_related("session__course", "nation")


def nominations_for(user: Any, action: str = Action.VIEW) -> QuerySet[Nomination]:
    return Nomination.objects.for_user(user, action).select_related(
        "owner",
        "person__rank",
        "person__nation",
        "course__institution__nation",
        "session",
    )


def assessments_for(user: Any, action: str = Action.VIEW) -> QuerySet[Assessment]:
    return Assessment.objects.for_user(user, action).select_related("session__course")


def grades_for(user: Any, action: str = Action.VIEW) -> QuerySet[Grade]:
    return Grade.objects.for_user(user, action).select_related(
        "nomination__person", "assessment__session__course"
    )


def attendance_for(user: Any, action: str = Action.VIEW) -> QuerySet[Attendance]:
    return Attendance.objects.for_user(user, action).select_related(
        "nomination__person", "nomination__course"
    )


def incidents_for(user: Any, action: str = Action.VIEW) -> QuerySet[Incident]:
    return Incident.objects.for_user(user, action).select_related(
        "nomination__person", "nomination__course__institution"
    )


def identity_overdue(nominations: QuerySet[Nomination]) -> list[Nomination]:
    """Nominees holding or offered a seat whose identity data is still
    incomplete after its due day (``TADRIB_IDENTITY_DUE_DAYS`` before the
    report date)."""
    today = timezone.localdate()
    found = nominations.filter(status__in=sorted(AWAY - {N.IN_TRAINING})).select_related(
        "person", "session"
    )
    return [
        n
        for n in found
        if n.session is not None and n.session.identity_due_on < today and not n.identity_complete
    ]


# --- what the agreements app shows per programme ----------------------------


def sessions_per_programme(user: Any, programme_ids: list[int]) -> dict[int, int]:
    """Per programme, the sessions (not cancelled) the user may see (one query)."""
    rows = (
        Session.objects.for_user(user, Action.VIEW)
        .filter(programme_id__in=programme_ids)
        .exclude(status=SessionStatus.CANCELLED)
        .order_by()
        .values("programme_id")
        .annotate(n=Count("pk"))
    )
    return {row["programme_id"]: row["n"] for row in rows}


def _people_per_programme(objectives: Sequence[Any], statuses: Sequence[str]) -> dict[int, int]:
    rows = (
        Nomination.objects.filter(
            session__programme_id__in={o.programme_id for o in objectives},
            status__in=sorted(statuses),
        )
        .order_by()
        .values_list("session__programme_id")
        .annotate(n=Count("person_id", distinct=True))
    )
    return counts_by(objectives, "programme_id", dict(rows))


def graduate_count(objectives: Sequence[Any]) -> dict[int, int]:
    """Indicator "training.graduates": distinct people who completed a course
    in a session of the programme."""
    return _people_per_programme(objectives, [N.COMPLETED, N.RETURNED, N.PLACED])


def in_training_count(objectives: Sequence[Any]) -> dict[int, int]:
    """Indicator "training.in_training": people in training now."""
    return _people_per_programme(objectives, [N.IN_TRAINING])


def placed_using_training_count(objectives: Sequence[Any]) -> dict[int, int]:
    """Indicator "training.placed_using_training": graduates serving in a post
    that uses their training."""
    rows = (
        Nomination.objects.filter(
            session__programme_id__in={o.programme_id for o in objectives},
            status=N.PLACED,
            post_uses_training=True,
        )
        .order_by()
        .values_list("session__programme_id")
        .annotate(n=Count("person_id", distinct=True))
    )
    return counts_by(objectives, "programme_id", dict(rows))

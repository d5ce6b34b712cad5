"""Eligibility of a nomination, checked at submission and explained rule by
rule: rank within the course's range, prerequisites held, language level met
(or a language-preparation course chained before), medical clearance
recorded, and not already away on training at the same dates.

Each result is stored on the nomination as a code with its parameters, and
explained in the reader's language when shown."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tadrib.people.choices import nato_seniority
from tadrib.people.models import PersonQualification
from tadrib.training.choices import ACTIVE, AWAY, NominationStatus

if TYPE_CHECKING:
    from tadrib.training.models import Nomination, Session

# A medical clearance older than this before the course starts is stale.
MEDICAL_VALID_DAYS = 365
SKILLS = ("listening", "speaking", "reading", "writing")
DONE = (NominationStatus.COMPLETED, NominationStatus.RETURNED, NominationStatus.PLACED)

RULE_LABELS = {
    "rank": gettext_lazy("Rank"),
    "prerequisites": gettext_lazy("Prerequisites"),
    "language": gettext_lazy("Language level"),
    "medical": gettext_lazy("Medical clearance"),
    "availability": gettext_lazy("Availability"),
}


@dataclass(frozen=True)
class Check:
    rule: str
    ok: bool
    code: str
    params: dict[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def explain(entry: dict[str, Any]) -> str:
    """A stored check as a sentence in the active language."""
    messages = {
        "rank_any": _("The course takes any rank."),
        "rank_within": _("Rank %(rank)s is within %(low)s – %(high)s."),
        "rank_missing": _("No rank is recorded; the course takes %(low)s – %(high)s."),
        "rank_below": _("Rank %(rank)s is below the lowest rank taken, %(low)s."),
        "rank_above": _("Rank %(rank)s is above the highest rank taken, %(high)s."),
        "prerequisites_none": _("The course has no prerequisites."),
        "prerequisites_held": _("All prerequisites are held: %(courses)s."),
        "prerequisites_missing": _("Prerequisites not held: %(courses)s."),
        "language_none": _("The course asks for no minimum language level."),
        "language_met": _("%(language)s level %(profile)s meets the required %(required)s."),
        "language_preparation": _(
            "%(language)s level %(profile)s is below %(required)s; the language-preparation "
            "course %(course)s comes first."
        ),
        "language_below_prep": _(
            "%(language)s level %(profile)s is below %(required)s; nominate for the "
            "language-preparation course %(course)s first."
        ),
        "language_below": _("%(language)s level %(profile)s is below the required %(required)s."),
        "medical_missing": _("No medical clearance is recorded."),
        "medical_valid": _("Medically cleared on %(date)s."),
        "medical_stale": _(
            "The medical clearance of %(date)s is more than a year before the course starts."
        ),
        "medical_future": _("The medical clearance date %(date)s is in the future."),
        "available": _("Not away on other training at these dates."),
        "available_no_dates": _("No session chosen yet: dates are checked when a seat is offered."),
        "busy": _("Already on %(course)s from %(start)s to %(end)s."),
    }
    message = messages.get(entry.get("code", ""), entry.get("code", ""))
    return message % entry.get("params", {}) if entry.get("params") else message


def _rank(nomination: Nomination) -> Check:
    course, person = nomination.course, nomination.person
    if not course.min_rank and not course.max_rank:
        return Check("rank", True, "rank_any")
    params = {"low": course.min_rank or "—", "high": course.max_rank or "—"}
    rank = person.rank if person.rank_id else None
    if rank is None:
        return Check("rank", False, "rank_missing", params)
    code = rank.nato_code
    params["rank"] = code
    seniority = nato_seniority(code)
    if course.min_rank and seniority < nato_seniority(course.min_rank):
        return Check("rank", False, "rank_below", params)
    if course.max_rank and seniority > nato_seniority(course.max_rank):
        return Check("rank", False, "rank_above", params)
    return Check("rank", True, "rank_within", params)


def _prerequisites(nomination: Nomination) -> Check:
    required = list(nomination.course.prerequisites.select_related("required"))
    if not required:
        return Check("prerequisites", True, "prerequisites_none")
    held_qualifications = set(
        PersonQualification.objects.filter(person_id=nomination.person_id).values_list(
            "qualification_id", flat=True
        )
    )
    completed_courses = set(
        nomination.person.nominations.filter(status__in=DONE).values_list("course_id", flat=True)
    )
    missing = [
        link.required.code
        for link in required
        if link.required_id not in completed_courses
        and (
            link.required.qualification_id is None
            or link.required.qualification_id not in held_qualifications
        )
    ]
    codes = ", ".join(link.required.code for link in required)
    if missing:
        return Check(
            "prerequisites", False, "prerequisites_missing", {"courses": ", ".join(missing)}
        )
    return Check("prerequisites", True, "prerequisites_held", {"courses": codes})


def language_met(nomination: Nomination) -> tuple[bool, str]:
    """Whether the person's profile in the course's language meets its
    minimum, and the profile found ("0000" when none is recorded)."""
    course = nomination.course
    profile = next(
        (
            p
            for p in nomination.person.language_proficiencies.all()
            if p.language == course.language
        ),
        None,
    )
    found = profile.profile if profile is not None else "0000"
    required = course.min_language_profile
    return all(int(a) >= int(b) for a, b in zip(found, required, strict=True)), found


def _language(nomination: Nomination) -> Check:
    course = nomination.course
    if not course.min_language_profile:
        return Check("language", True, "language_none")
    met, found = language_met(nomination)
    params = {
        "language": course.get_language_display(),
        "profile": found,
        "required": course.min_language_profile,
    }
    if met:
        return Check("language", True, "language_met", params)
    preparation = course.language_preparation
    if preparation is None:
        return Check("language", False, "language_below", params)
    params["course"] = preparation.code
    prep = nomination.preparation if nomination.preparation_id else None
    if prep is not None and (prep.status in ACTIVE or prep.status in DONE):
        return Check("language", True, "language_preparation", params)
    return Check("language", False, "language_below_prep", params)


def _medical(nomination: Nomination, today: dt.date) -> Check:
    cleared = nomination.medical_cleared_on
    if cleared is None:
        return Check("medical", False, "medical_missing")
    params = {"date": cleared.isoformat()}
    if cleared > today:
        return Check("medical", False, "medical_future", params)
    session = nomination.session if nomination.session_id else None
    starts = session.starts_on if session is not None else today
    if (starts - cleared).days > MEDICAL_VALID_DAYS:
        return Check("medical", False, "medical_stale", params)
    return Check("medical", True, "medical_valid", params)


def clash(person_id: int, session: Session, *, excluding: int | None = None) -> Nomination | None:
    """A nomination of the person (other than ``excluding``) that keeps them
    away during ``session``."""
    from tadrib.training.models import Nomination as Model

    return (
        Model.objects.filter(
            person_id=person_id,
            status__in=sorted(AWAY),
            session__starts_on__lte=session.ends_on,
            session__ends_on__gte=session.starts_on,
        )
        .exclude(pk=excluding)
        .select_related("course", "session")
        .order_by("session__starts_on")
        .first()
    )


def _availability(nomination: Nomination) -> Check:
    session = nomination.session if nomination.session_id else None
    if session is None:
        return Check("availability", True, "available_no_dates")
    other = clash(nomination.person_id, session, excluding=nomination.pk)
    if other is not None and other.session is not None:
        params = {
            "course": other.course.code,
            "start": other.session.starts_on.isoformat(),
            "end": other.session.ends_on.isoformat(),
        }
        return Check("availability", False, "busy", params)
    return Check("availability", True, "available")


def check(nomination: Nomination, today: dt.date | None = None) -> list[Check]:
    """Every rule, in order; the nomination is eligible when all pass."""
    today = today or timezone.localdate()
    return [
        _rank(nomination),
        _prerequisites(nomination),
        _language(nomination),
        _medical(nomination, today),
        _availability(nomination),
    ]

"""Writes of training. The catalogue and the records kept during a course go
through the shared audited save; a nomination's status moves only through the
verbs below, one per step (``submit``, ``vet``, ``approve``, ``offer_seat``,
``accept``, …), each checking which side may take it (the sending nation or the
host institution), recording actor, time and reason in the audit trail, and
refusing an illegal step with a message that names both statuses."""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Callable
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tadrib.core import access
from tadrib.core.choices import Action
from tadrib.core.services import delete_audited, refuse_illegal_transition, save_audited
from tadrib.organisations.models import Organisation
from tadrib.people.services import award_qualification
from tadrib.training import eligibility
from tadrib.training.choices import (
    NOMINATION_TRANSITIONS,
    REASON_REQUIRED,
    SEAT_HOLDING,
    STEP_SIDE,
    NominationStatus,
    SessionStatus,
    Side,
)
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

if TYPE_CHECKING:
    from tadrib.accounts.models import User

N = NominationStatus

# Screening hooks (the watch-list screening of a later issue registers here):
# each returns the potential matches that must be reviewed before vetting.
ScreeningHook = Callable[[Nomination], list[str]]
SCREENING_HOOKS: list[ScreeningHook] = []


def register_screening(hook: ScreeningHook) -> None:
    if hook not in SCREENING_HOOKS:
        SCREENING_HOOKS.append(hook)


# --- catalogue --------------------------------------------------------------


def save_course(course: Course, *, actor: User | None) -> Course:
    return save_audited(course, actor=actor)


def delete_course(course: Course, *, actor: User | None) -> None:
    delete_audited(course, actor=actor)


def save_course_prerequisite(
    prerequisite: CoursePrerequisite, *, actor: User | None
) -> CoursePrerequisite:
    return save_audited(prerequisite, actor=actor)


def delete_course_prerequisite(prerequisite: CoursePrerequisite, *, actor: User | None) -> None:
    delete_audited(prerequisite, actor=actor)


@transaction.atomic
def save_session(session: Session, *, actor: User | None) -> Session:
    """Save a session; its row is locked so that a lower capacity and a seat
    offer never pass each other."""
    if session.pk:
        list(Session.objects.select_for_update().filter(pk=session.pk).values_list("pk"))
        held = holders(session).count()
        if session.capacity is not None and session.capacity < held:
            raise ValidationError(
                {"capacity": _("%(held)s seats are already offered or taken.") % {"held": held}}
            )
    return save_audited(session, actor=actor)


def delete_session(session: Session, *, actor: User | None) -> None:
    delete_audited(session, actor=actor)


@transaction.atomic
def save_session_quota(quota: SessionQuota, *, actor: User | None) -> SessionQuota:
    """Save a quota under the session's lock (the sum of quotas is checked
    against capacity)."""
    if quota.session_id:
        list(Session.objects.select_for_update().filter(pk=quota.session_id).values_list("pk"))
    return save_audited(quota, actor=actor)


def delete_session_quota(quota: SessionQuota, *, actor: User | None) -> None:
    delete_audited(quota, actor=actor)


# --- seats ------------------------------------------------------------------


def holders(session: Session) -> models.QuerySet[Nomination]:
    return Nomination.objects.filter(session_id=session.pk, status__in=sorted(SEAT_HOLDING))


def seats_left(session: Session, nation_id: int, *, excluding: int | None = None) -> int:
    """Seats a nation may still be offered in a session: within its quota if
    it has one, else within the seats no nation has set aside."""
    taken = holders(session)
    if excluding is not None:
        taken = taken.exclude(pk=excluding)
    quotas = dict(session.quotas.values_list("nation_id", "seats"))
    by_nation = dict(
        taken.values_list("person__nation_id").annotate(n=models.Count("pk")).order_by()
    )
    left = session.capacity - sum(by_nation.values())
    if nation_id in quotas:
        return max(0, min(left, quotas[nation_id] - by_nation.get(nation_id, 0)))
    # Seats set aside for other nations and not yet taken by them stay theirs.
    unfilled_reserved = sum(
        max(0, seats - by_nation.get(nation, 0)) for nation, seats in quotas.items()
    )
    return max(0, left - unfilled_reserved)


def _lock_session(session: Session) -> Session:
    return Session.objects.select_for_update().get(pk=session.pk)


def _require_seat(session: Session, nomination: Nomination) -> None:
    """Refuse, on ``session``, a nominee for whom the (locked) session has no
    seat left: capacity, the nation's quota, or seats set aside for others."""
    nation_id = nomination.person.nation_id
    if seats_left(session, nation_id, excluding=nomination.pk) <= 0:
        raise ValidationError({"session": _no_seat_message(session, nation_id)})


def _no_seat_message(session: Session, nation_id: int) -> str:
    quota = session.quotas.filter(nation_id=nation_id).first()
    if quota is not None:
        return _("The %(seats)s seats set aside for this nation in %(session)s are taken.") % {
            "seats": quota.seats,
            "session": session,
        }
    return _("No seat is left in %(session)s (capacity %(capacity)s).") % {
        "session": session,
        "capacity": session.capacity,
    }


# --- nominations: the record ------------------------------------------------


EDITABLE = frozenset(
    {
        N.DRAFT,
        N.INELIGIBLE,
        N.SUBMITTED,
        N.ELIGIBLE,
        N.VETTED,
        N.APPROVED,
        N.WAITLISTED,
        N.OFFERED,
        N.ACCEPTED,
    }
)


CLOSED = (SessionStatus.CANCELLED, SessionStatus.COMPLETED)


def _not_into_a_closed_session(session_id: int | None) -> None:
    """A closed session takes nobody new (its trainees' records go on)."""
    if session_id and Session.objects.filter(pk=session_id, status__in=CLOSED).exists():
        raise ValidationError({"session": _("This session is closed.")})


def _editable(stored: Nomination, nomination: Nomination) -> None:
    if stored.status not in EDITABLE:
        raise ValidationError(
            _("A nomination that is “%(status)s” can no longer be changed.")
            % {"status": stored.get_status_display()}
        )
    if stored.session_id != nomination.session_id:
        if stored.status in SEAT_HOLDING:
            raise ValidationError(
                {"session": _("The session cannot change once a seat is offered; withdraw first.")}
            )
        _not_into_a_closed_session(nomination.session_id)
    moved = stored.person_id != nomination.person_id or stored.course_id != nomination.course_id
    if moved and stored.status not in (N.DRAFT, N.INELIGIBLE):
        raise ValidationError(
            {"person": _("Person and course are fixed once the nomination is submitted.")}
        )


@transaction.atomic
def save_nomination(
    nomination: Nomination, *, actor: User | None, chain_preparation: bool = True
) -> Nomination:
    """Save a nomination (its status untouched). A new nomination to a course
    whose language level the person does not meet, and which names a
    language-preparation course, is chained to a new nomination to that
    course, taken first."""
    adding = nomination._state.adding
    if adding:
        _not_into_a_closed_session(nomination.session_id)
    if actor is not None and nomination.person_id is not None:
        from tadrib.people.selectors import people_for

        if not people_for(actor).filter(pk=nomination.person_id).exists():
            raise ValidationError({"person": _("Choose a person you may see.")})
    saved = save_audited(nomination, actor=actor, check_change=_editable)
    if adding and chain_preparation and saved.preparation_id is None:
        _chain_preparation(saved, actor=actor)
    return saved


def _chain_preparation(nomination: Nomination, *, actor: User | None) -> None:
    course = nomination.course
    preparation = course.language_preparation
    if preparation is None or not course.min_language_profile:
        return
    met, _found = eligibility.language_met(nomination)
    if met:
        return
    prep = Nomination.objects.filter(
        person_id=nomination.person_id,
        course=preparation,
        status__in=sorted(set(NOMINATION_TRANSITIONS) - {N.CANCELLED, N.REJECTED, N.DECLINED}),
    ).first()
    if prep is None:
        prep = save_audited(
            Nomination(
                owner_id=nomination.owner_id,
                person_id=nomination.person_id,
                course=preparation,
                priority=nomination.priority,
                medical_cleared_on=nomination.medical_cleared_on,
                passport_number=nomination.passport_number,
                passport_expires_on=nomination.passport_expires_on,
                remarks=_("Language preparation for %(course)s.") % {"course": course.code},
            ),
            actor=actor,
        )
    if nomination.preparation_id != prep.pk:
        nomination.preparation = prep
        save_audited(nomination, actor=actor)


@transaction.atomic
def delete_nomination(nomination: Nomination, *, actor: User | None) -> None:
    if nomination.status not in (N.DRAFT, N.INELIGIBLE, N.CANCELLED):
        raise ValidationError(
            _("Only a draft, ineligible or cancelled nomination can be deleted; withdraw it.")
        )
    delete_audited(nomination, actor=actor)


# --- nominations: the steps -------------------------------------------------


def is_host(user: Any, nomination: Nomination) -> bool:
    """Whether ``user`` acts for the host institution of the nomination's
    course (may change that institution's catalogue)."""
    paths = access.reach_paths(user, Course, Action.CHANGE)
    return access.path_in_reach(nomination.course.institution.path, paths)


def check_side(actor: User | None, nomination: Nomination, side: str) -> None:
    """Refuse a step the actor's side may not take: the sending nation acts
    where it may change the nomination, the host where it may change the
    course's catalogue (its institution)."""
    if actor is None:
        return
    if side == Side.PARTNER:
        allowed = access.can(actor, Action.CHANGE, nomination)
        message = _("This step is taken by the sending nation's nominating office.")
    else:
        allowed = is_host(actor, nomination)
        message = _("This step is taken by the host institution.")
    if not allowed:
        raise PermissionDenied(message)


@transaction.atomic
def _step(
    nomination: Nomination,
    target: str,
    *,
    actor: User | None,
    reason: str = "",
    side: str | None = None,
    changes: dict[str, Any] | None = None,
    check: Callable[[Nomination], None] | None = None,
) -> Nomination:
    """Take one step: lock the row, refuse an illegal or unauthorised step,
    apply ``changes``, save and audit it as ``nomination.<target>`` with the
    reason."""
    locked = (
        Nomination.objects.select_for_update(of=("self",))
        .select_related("course__institution", "person", "session")
        .get(pk=nomination.pk)
    )
    refuse_illegal_transition(
        NominationStatus,
        NOMINATION_TRANSITIONS,
        locked.status,
        target,
        _("A nomination that is “%(current)s” cannot become “%(target)s”."),
    )
    check_side(actor, locked, side or STEP_SIDE[target])
    reason = reason.strip()
    if target in REASON_REQUIRED and not reason:
        raise ValidationError({"reason": _("Give the reason for this step.")})
    if check is not None:
        check(locked)
    for name, value in (changes or {}).items():
        setattr(locked, name, value)
    locked.status = target
    locked.status_changed_at = timezone.now()
    locked.status_reason = reason
    # The reason is recorded as the change of ``status_reason``.
    save_audited(locked, actor=actor, action=f"nomination.{target}", authorised=True)
    # The caller's object follows the stored row.
    for field in Nomination._meta.concrete_fields:
        setattr(nomination, field.attname, getattr(locked, field.attname))
    return nomination


def submit(nomination: Nomination, *, actor: User | None) -> Nomination:
    """Submit a draft and check its eligibility at once: it ends eligible, or
    ineligible with every failed rule explained."""
    with transaction.atomic():
        _step(nomination, N.SUBMITTED, actor=actor)
        return screen(nomination, actor=actor)


def screen(nomination: Nomination, *, actor: User | None) -> Nomination:
    """Submitted → eligible / ineligible, by the rules of ``eligibility``."""
    checks = eligibility.check(nomination)
    stored = [c.as_dict() for c in checks]
    failed = [c for c in stored if not c["ok"]]
    if not failed:
        return _step(nomination, N.ELIGIBLE, actor=actor, changes={"eligibility": stored})
    reason = " ".join(eligibility.explain(c) for c in failed)
    return _step(
        nomination, N.INELIGIBLE, actor=actor, reason=reason, changes={"eligibility": stored}
    )


def revise(nomination: Nomination, *, actor: User | None) -> Nomination:
    """Take an ineligible nomination back to draft, to correct and resubmit."""
    return _step(nomination, N.DRAFT, actor=actor)


def vet(nomination: Nomination, *, actor: User | None, reason: str) -> Nomination:
    """The vetting decision (host): cleared, with the reviewer and the reason.
    Refused while a screening hook reports potential matches to review."""

    def no_open_matches(locked: Nomination) -> None:
        matches = [match for hook in SCREENING_HOOKS for match in hook(locked)]
        if matches:
            raise ValidationError(
                _("Potential watch-list matches await review: %(matches)s.")
                % {"matches": "; ".join(matches)}
            )

    if not reason.strip():
        raise ValidationError({"reason": _("Record the reason for the vetting decision.")})
    return _step(
        nomination,
        N.VETTED,
        actor=actor,
        reason=reason,
        check=no_open_matches,
        changes={"vetted_by": actor, "vetted_at": timezone.now(), "vetting_reason": reason},
    )


def reject(nomination: Nomination, *, actor: User | None, reason: str) -> Nomination:
    """Refuse a nomination: at vetting (the host, from eligible) or at the
    sending nation's approval (from vetted)."""
    side = Side.HOST if nomination.status == N.ELIGIBLE else Side.PARTNER
    changes: dict[str, Any] = {}
    if side == Side.HOST:
        changes = {"vetted_by": actor, "vetted_at": timezone.now(), "vetting_reason": reason}
    return _step(nomination, N.REJECTED, actor=actor, reason=reason, side=side, changes=changes)


def approve(nomination: Nomination, *, actor: User | None, reason: str = "") -> Nomination:
    """The sending nation's approval, after vetting."""
    return _step(nomination, N.APPROVED, actor=actor, reason=reason)


@transaction.atomic
def offer_seat(
    nomination: Nomination,
    *,
    actor: User | None,
    session: Session | None = None,
    reason: str = "",
) -> Nomination:
    """Offer an approved (or waiting-listed) nominee a seat in a session of
    the course. The session row is locked while seats are counted, so two
    offers at the same moment never exceed its capacity or a nation's quota:
    the second waits for the first and then finds the seat gone."""
    session = session or nomination.session
    if session is None:
        raise ValidationError({"session": _("Choose the session whose seat is offered.")})
    if session.course_id != nomination.course_id:
        raise ValidationError({"session": _("This session runs another course.")})
    session = _lock_session(session)
    if session.status in CLOSED:
        raise ValidationError({"session": _("This session is closed.")})

    def seat_free(locked: Nomination) -> None:
        _require_seat(session, locked)
        other = eligibility.clash(locked.person_id, session, excluding=locked.pk)
        if other is not None:
            raise ValidationError(
                {
                    "session": _("%(person)s is already on %(course)s at these dates.")
                    % {"person": locked.person, "course": other.course.code}
                }
            )

    return _step(
        nomination,
        N.OFFERED,
        actor=actor,
        reason=reason,
        changes={"session": session},
        check=seat_free,
    )


def waitlist(nomination: Nomination, *, actor: User | None, reason: str = "") -> Nomination:
    """Put an approved nominee without a seat on the session's waiting list."""
    return _step(nomination, N.WAITLISTED, actor=actor, reason=reason)


@transaction.atomic
def offer_waiting_list(
    session: Session, *, actor: User | None, today: dt.date | None = None
) -> list[Nomination]:
    """From ``TADRIB_WAITLIST_WEEKS`` before the start, offer the seats left to
    the waiting list in priority order (highest first, then longest waiting).
    Nominees of a nation whose seats are gone stay on the list."""
    today = today or timezone.localdate()
    if today < session.waitlist_opens_on:
        raise ValidationError(
            _("The waiting list of %(session)s is offered from %(date)s.")
            % {"session": session, "date": session.waitlist_opens_on.isoformat()}
        )
    session = _lock_session(session)
    waiting = (
        Nomination.objects.filter(status=N.WAITLISTED, course_id=session.course_id)
        .filter(models.Q(session=session) | models.Q(session__isnull=True))
        .order_by("-priority", "status_changed_at", "pk")
    )
    offered = []
    for nomination in waiting:
        try:
            offered.append(
                offer_seat(
                    nomination,
                    actor=actor,
                    session=session,
                    reason=_("Offered from the waiting list."),
                )
            )
        except ValidationError:
            continue  # no seat for this nominee's nation, or away at these dates
    return offered


@transaction.atomic
def accept(nomination: Nomination, *, actor: User | None, reason: str = "") -> Nomination:
    """The host admits the nominee it offered a seat. The seat is counted
    again under the session's lock (capacity or quotas may have been lowered
    since the offer)."""
    if nomination.session_id is None:
        raise ValidationError({"session": _("This nomination has no session.")})
    session = _lock_session(nomination.session)  # type: ignore[arg-type]

    return _step(
        nomination,
        N.ACCEPTED,
        actor=actor,
        reason=reason,
        check=lambda locked: _require_seat(session, locked),
    )


def decline(nomination: Nomination, *, actor: User | None, reason: str) -> Nomination:
    """The host declines a nominee it offered a seat; the seat is freed."""
    return _step(nomination, N.DECLINED, actor=actor, reason=reason)


def _identity_complete(locked: Nomination) -> None:
    if not locked.identity_complete:
        raise ValidationError(
            {
                "passport_number": _(
                    "Identity data is incomplete: date of birth, names in Latin script, and a "
                    "passport valid beyond the end of the session are needed."
                )
            }
        )


def enrol(nomination: Nomination, *, actor: User | None, reason: str = "") -> Nomination:
    """Enrol an accepted trainee on arrival; identity data must be complete."""
    return _step(nomination, N.ENROLLED, actor=actor, reason=reason, check=_identity_complete)


def start_training(nomination: Nomination, *, actor: User | None, reason: str = "") -> Nomination:
    return _step(nomination, N.IN_TRAINING, actor=actor, reason=reason)


@transaction.atomic
def start_session(session: Session, *, actor: User | None) -> list[Nomination]:
    """The course begins: every enrolled trainee is in training and the
    session is running."""
    started = [
        start_training(nomination, actor=actor)
        for nomination in session.nominations.filter(status=N.ENROLLED).order_by("pk")
    ]
    if session.status != SessionStatus.RUNNING:
        session.status = SessionStatus.RUNNING
        save_audited(session, actor=actor, action="session.running", authorised=True)
    return started


def withdraw(nomination: Nomination, *, actor: User | None, reason: str) -> Nomination:
    """The sending nation takes its nominee back (a seat held is freed)."""
    return _step(nomination, N.WITHDRAWN, actor=actor, reason=reason)


def dismiss(nomination: Nomination, *, actor: User | None, reason: str) -> Nomination:
    """The host dismisses a trainee from the course."""
    return _step(nomination, N.DISMISSED, actor=actor, reason=reason)


def cancel(nomination: Nomination, *, actor: User | None, reason: str) -> Nomination:
    return _step(nomination, N.CANCELLED, actor=actor, reason=reason)


def return_home(nomination: Nomination, *, actor: User | None, reason: str = "") -> Nomination:
    """The trainee is back with the sending nation."""
    return _step(nomination, N.RETURNED, actor=actor, reason=reason)


def place(
    nomination: Nomination,
    *,
    actor: User | None,
    unit: Organisation,
    post: str,
    placed_on: dt.date,
    uses_training: bool,
    reason: str = "",
) -> Nomination:
    """Record the graduate's post after return, and whether it uses the
    training."""
    errors: dict[str, str] = {}
    if unit.nation_id != nomination.person.nation_id:
        errors["placed_unit"] = _("The post is in an organisation of the person's own nation.")
    if not post.strip():
        errors["placed_post"] = _("Name the post.")
    if errors:
        raise ValidationError(errors)
    return _step(
        nomination,
        N.PLACED,
        actor=actor,
        reason=reason,
        changes={
            "placed_unit": unit,
            "placed_post": post.strip(),
            "placed_on": placed_on,
            "post_uses_training": uses_training,
        },
    )


# --- documents: the letter of invitation and the certificate ----------------

LETTER_READY = frozenset({N.APPROVED, N.WAITLISTED, N.OFFERED, N.ACCEPTED, N.ENROLLED})


@transaction.atomic
def issue_letter(nomination: Nomination, *, actor: User | None) -> Nomination:
    """Number the letter of invitation / travel order (host). Only once
    vetting and the sending nation's approval are complete, with the identity
    data the letter names. Numbers run per institution and year
    (``TR-KHO/2026/0007``), under the institution's row lock."""
    locked = Nomination.objects.select_for_update().get(pk=nomination.pk)
    check_side(actor, locked, Side.HOST)
    if locked.letter_number:
        return locked
    if locked.status not in LETTER_READY or locked.vetted_at is None:
        raise ValidationError(
            _("A letter of invitation is issued once vetting and approval are complete.")
        )
    if locked.session_id is None:
        raise ValidationError({"session": _("Choose the session first.")})
    _identity_complete(locked)
    institution = Organisation.objects.select_for_update().get(pk=locked.course.institution_id)
    today = timezone.localdate()
    prefix = f"{institution.code}/{today.year}/"
    last = (
        Nomination.objects.filter(letter_number__startswith=prefix)
        .order_by("-letter_number")
        .values_list("letter_number", flat=True)
        .first()
    )
    number = int(last.rsplit("/", 1)[1]) + 1 if last else 1
    locked.letter_number = f"{prefix}{number:04d}"
    locked.letter_issued_on = today
    save_audited(locked, actor=actor, action="nomination.letter_issued", authorised=True)
    nomination.letter_number, nomination.letter_issued_on = locked.letter_number, today
    return nomination


CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I


def new_certificate_code() -> str:
    """12 characters, grouped for reading aloud: ``K7QX-M2PA-9HTD``."""
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(12))
    return f"{raw[:4]}-{raw[4:8]}-{raw[8:]}"


def _two(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def final_grades(session: Session) -> dict[int, Decimal]:
    """Each trainee's weighted grade in percent (weights scaled to 100)."""
    assessments = list(session.assessments.all())
    if not assessments:
        raise ValidationError(_("Record the session's assessments and grades first."))
    total_weight = sum((a.weight for a in assessments), Decimal(0))
    trainees = list(session.nominations.filter(status=N.IN_TRAINING).select_related("person"))
    scores = {
        (g.nomination_id, g.assessment_id): g.score
        for g in Grade.objects.filter(assessment__session=session)
    }
    missing = [
        f"{t.person} · {a.title}"
        for t in trainees
        for a in assessments
        if (t.pk, a.pk) not in scores
    ]
    if missing:
        raise ValidationError(
            _("Grades are missing: %(missing)s.") % {"missing": "; ".join(missing[:10])}
        )
    return {
        t.pk: _two(
            sum(
                (scores[(t.pk, a.pk)] / a.max_score * a.weight for a in assessments),
                Decimal(0),
            )
            / total_weight
            * 100
        )
        for t in trainees
    }


@transaction.atomic
def complete_session(session: Session, *, actor: User | None) -> list[Nomination]:
    """Close a course: every trainee still in training completes (final grade
    at or above the pass mark) or fails; class standing is their place by
    final grade; each graduate gets a certificate with a verification code
    and the course's qualification on their personnel record."""
    session = _lock_session(session)
    if actor is not None and not access.can(actor, Action.CHANGE, session):
        raise PermissionDenied(_("This step is taken by the host institution."))
    grades = final_grades(session)
    course = session.course
    order = sorted(grades, key=lambda pk: (-grades[pk], pk))
    # Equal grades share a place: 1 + how many did better.
    standing = {pk: 1 + sum(1 for g in grades.values() if g > grades[pk]) for pk in order}
    today = min(timezone.localdate(), session.ends_on) if session.ends_on else timezone.localdate()
    done = []
    for nomination in Nomination.objects.filter(pk__in=order).order_by("pk"):
        grade = grades[nomination.pk]
        passed = grade >= course.pass_mark
        changes: dict[str, Any] = {
            "final_grade": grade,
            "class_standing": standing[nomination.pk],
            "completed_on": today,
        }
        if passed:
            changes["certificate_code"] = new_certificate_code()
            changes["certificate_issued_on"] = today
        done.append(
            _step(
                nomination,
                N.COMPLETED if passed else N.FAILED,
                actor=actor,
                changes=changes,
                reason=_("Final grade %(grade)s%% (pass mark %(mark)s%%).")
                % {"grade": grade, "mark": course.pass_mark},
            )
        )
        qualification = course.qualification if course.qualification_id else None
        if passed and qualification is not None:
            award_qualification(
                nomination.person_id,
                qualification,
                on=today,
                awarded_by=f"{course.code} · {course.institution.code}",
                actor=actor,
            )
    session.status = SessionStatus.COMPLETED
    save_audited(session, actor=actor, action="session.completed", authorised=True)
    return done


# --- records kept during the course -----------------------------------------


def save_assessment(assessment: Assessment, *, actor: User | None) -> Assessment:
    return save_audited(assessment, actor=actor)


def delete_assessment(assessment: Assessment, *, actor: User | None) -> None:
    delete_audited(assessment, actor=actor)


def save_grade(grade: Grade, *, actor: User | None) -> Grade:
    return save_audited(grade, actor=actor)


def delete_grade(grade: Grade, *, actor: User | None) -> None:
    delete_audited(grade, actor=actor)


def save_attendance(attendance: Attendance, *, actor: User | None) -> Attendance:
    return save_audited(attendance, actor=actor)


def delete_attendance(attendance: Attendance, *, actor: User | None) -> None:
    delete_audited(attendance, actor=actor)


def save_incident(incident: Incident, *, actor: User | None) -> Incident:
    """Record an incident; a new one is reported to the sending nation at once
    (the nominating office reads it from this moment)."""
    if incident._state.adding and incident.reported_on is None:
        incident.reported_on = timezone.localdate()
    return save_audited(incident, actor=actor)


def delete_incident(incident: Incident, *, actor: User | None) -> None:
    delete_audited(incident, actor=actor)

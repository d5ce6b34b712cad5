"""Statuses and choices of training, with the one table of nomination steps."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class TrainingArea(models.TextChoices):
    COUNTER_TERRORISM = "counter_terrorism", _("Counter-terrorism")
    DEMINING = "demining", _("Demining")
    CYBER_DEFENCE = "cyber_defence", _("Cyber defence")
    LOGISTICS = "logistics", _("Logistics")
    PEACEKEEPING = "peacekeeping", _("Peacekeeping")
    LEADERSHIP = "leadership", _("Leadership")
    ACADEMIC = "academic", _("Academic")
    LANGUAGE = "language", _("Language")
    TECHNICAL = "technical", _("Technical / equipment")
    MEDICAL = "medical", _("Medical")


class CourseLevel(models.TextChoices):
    BASIC = "basic", _("Basic")
    INTERMEDIATE = "intermediate", _("Intermediate")
    ADVANCED = "advanced", _("Advanced")
    STAFF = "staff", pgettext_lazy("rotation member role", "Staff")
    SENIOR = "senior", _("Senior leader")


class SessionStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    OPEN = "open", _("Open for nominations")
    RUNNING = "running", _("Running")
    COMPLETED = "completed", pgettext_lazy("session status", "Completed")
    CANCELLED = "cancelled", pgettext_lazy("session status", "Cancelled")


class NominationStatus(models.TextChoices):
    """The values are a fixed point of the API (other tools rely on them)."""

    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    ELIGIBLE = "eligible", _("Eligible")
    VETTED = "vetted", _("Vetted")
    APPROVED = "approved", _("Approved")
    OFFERED = "offered", _("Seat offered")
    ACCEPTED = "accepted", _("Accepted by the host")
    ENROLLED = "enrolled", _("Enrolled")
    IN_TRAINING = "in_training", _("In training")
    COMPLETED = "completed", pgettext_lazy("nomination status", "Completed")
    FAILED = "failed", _("Failed")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    DISMISSED = "dismissed", _("Dismissed")
    RETURNED = "returned", _("Returned home")
    PLACED = "placed", _("Placed in a post")
    INELIGIBLE = "ineligible", _("Ineligible")
    REJECTED = "rejected", _("Rejected")
    DECLINED = "declined", _("Declined by the host")
    CANCELLED = "cancelled", pgettext_lazy("nomination status", "Cancelled")
    WAITLISTED = "waitlisted", _("Waiting list")


N = NominationStatus

# The one table of allowed steps (from -> to).
NOMINATION_TRANSITIONS: dict[str, frozenset[str]] = {
    N.DRAFT: frozenset({N.SUBMITTED, N.CANCELLED}),
    N.SUBMITTED: frozenset({N.ELIGIBLE, N.INELIGIBLE, N.CANCELLED}),
    N.INELIGIBLE: frozenset({N.DRAFT, N.CANCELLED}),
    N.ELIGIBLE: frozenset({N.VETTED, N.REJECTED, N.CANCELLED}),
    N.VETTED: frozenset({N.APPROVED, N.REJECTED, N.CANCELLED}),
    N.APPROVED: frozenset({N.OFFERED, N.WAITLISTED, N.WITHDRAWN, N.CANCELLED}),
    N.WAITLISTED: frozenset({N.OFFERED, N.WITHDRAWN, N.CANCELLED}),
    N.OFFERED: frozenset({N.ACCEPTED, N.DECLINED, N.WITHDRAWN}),
    N.ACCEPTED: frozenset({N.ENROLLED, N.WITHDRAWN}),
    N.ENROLLED: frozenset({N.IN_TRAINING, N.WITHDRAWN, N.DISMISSED}),
    N.IN_TRAINING: frozenset({N.COMPLETED, N.FAILED, N.WITHDRAWN, N.DISMISSED}),
    N.COMPLETED: frozenset({N.RETURNED}),
    N.FAILED: frozenset({N.RETURNED}),
    N.WITHDRAWN: frozenset({N.RETURNED}),
    N.DISMISSED: frozenset({N.RETURNED}),
    N.RETURNED: frozenset({N.PLACED}),
    N.PLACED: frozenset(),
    N.REJECTED: frozenset(),
    N.DECLINED: frozenset(),
    N.CANCELLED: frozenset(),
}


class Side(models.TextChoices):
    """Who takes a step: the sending (partner) nation or the host institution."""

    PARTNER = "partner", _("Sending nation")
    HOST = "host", _("Host institution")


# Who takes each step into a status.
STEP_SIDE: dict[str, str] = {
    N.SUBMITTED: Side.PARTNER,
    N.ELIGIBLE: Side.PARTNER,  # the eligibility check run at submission
    N.INELIGIBLE: Side.PARTNER,
    N.DRAFT: Side.PARTNER,  # an ineligible nomination taken back to be revised
    N.VETTED: Side.HOST,
    N.REJECTED: Side.HOST,  # at vetting (host) or approval (partner): see services
    N.APPROVED: Side.PARTNER,
    N.OFFERED: Side.HOST,
    N.WAITLISTED: Side.HOST,
    N.ACCEPTED: Side.HOST,
    N.DECLINED: Side.HOST,
    N.ENROLLED: Side.HOST,
    N.IN_TRAINING: Side.HOST,
    N.COMPLETED: Side.HOST,
    N.FAILED: Side.HOST,
    N.DISMISSED: Side.HOST,
    N.WITHDRAWN: Side.PARTNER,
    N.CANCELLED: Side.PARTNER,
    N.RETURNED: Side.PARTNER,
    N.PLACED: Side.PARTNER,
}

# Steps that must give a reason.
REASON_REQUIRED = frozenset(
    {N.INELIGIBLE, N.REJECTED, N.DECLINED, N.WITHDRAWN, N.DISMISSED, N.CANCELLED}
)

# Nominations holding a seat of their session (counted against capacity and quota).
SEAT_HOLDING = frozenset(
    {
        N.OFFERED,
        N.ACCEPTED,
        N.ENROLLED,
        N.IN_TRAINING,
        N.COMPLETED,
        N.FAILED,
        N.DISMISSED,
        N.RETURNED,
        N.PLACED,
    }
)
# Nominations whose person is away (or about to be) for the session's dates.
AWAY = frozenset({N.OFFERED, N.ACCEPTED, N.ENROLLED, N.IN_TRAINING})
# Nominations still on their way (not ended in a way out).
ACTIVE = frozenset(
    {
        N.DRAFT,
        N.SUBMITTED,
        N.ELIGIBLE,
        N.VETTED,
        N.APPROVED,
        N.WAITLISTED,
        N.OFFERED,
        N.ACCEPTED,
        N.ENROLLED,
        N.IN_TRAINING,
    }
)
# From eligibility on, the host institution sees the nomination (it vets it).
HOST_VISIBLE = frozenset(set(NominationStatus) - {N.DRAFT, N.SUBMITTED, N.INELIGIBLE})
# The order of the funnel chart: the main path.
FUNNEL = (
    N.DRAFT,
    N.SUBMITTED,
    N.ELIGIBLE,
    N.VETTED,
    N.APPROVED,
    N.OFFERED,
    N.ACCEPTED,
    N.ENROLLED,
    N.IN_TRAINING,
    N.COMPLETED,
    N.RETURNED,
    N.PLACED,
)


class AttendanceStatus(models.TextChoices):
    PRESENT = "present", _("Present")
    LATE = "late", _("Late")
    EXCUSED = "excused", _("Absent, excused")
    ABSENT = "absent", _("Absent without leave")


class IncidentKind(models.TextChoices):
    UNAUTHORISED_ABSENCE = "unauthorised_absence", _("Unauthorised absence")
    DISCIPLINE = "discipline", _("Discipline")
    INJURY = "injury", _("Injury")
    ILLNESS = "illness", _("Illness")
    OTHER = "other", _("Other")


class IncidentSeverity(models.TextChoices):
    MINOR = "minor", _("Minor")
    SERIOUS = "serious", _("Serious")
    CRITICAL = "critical", _("Critical")


# --- seat allocation (intakes and their runs; see docs/allocation.md) ------


class IntakeStatus(models.TextChoices):
    OPEN = "open", pgettext_lazy("intake status", "Open")
    CLOSED = "closed", pgettext_lazy("intake status", "Closed")


class RunStatus(models.TextChoices):
    QUEUED = "queued", _("Waiting for a worker")
    RUNNING = "running", pgettext_lazy("allocation run status", "Running")
    DONE = "done", _("Ready for review")
    FAILED = "failed", pgettext_lazy("allocation run status", "Failed")
    CONFIRMED = "confirmed", _("Confirmed: seats offered")
    SUPERSEDED = "superseded", _("Superseded by a later run")


RS = RunStatus

# The one table of a run's allowed changes of status (from -> to).
RUN_TRANSITIONS: dict[str, frozenset[str]] = {
    RS.QUEUED: frozenset({RS.RUNNING, RS.FAILED}),
    RS.RUNNING: frozenset({RS.DONE, RS.FAILED}),
    RS.DONE: frozenset({RS.CONFIRMED, RS.SUPERSEDED}),
    RS.FAILED: frozenset(),
    RS.CONFIRMED: frozenset(),
    RS.SUPERSEDED: frozenset(),
}
# A run still being computed (at most one per intake).
RUN_UNDER_WAY = frozenset({RS.QUEUED, RS.RUNNING})
# Runs with a result (the previous run of a diff is one of them).
RUN_WITH_RESULT = frozenset({RS.DONE, RS.CONFIRMED, RS.SUPERSEDED})


class RunStage(models.TextChoices):
    """What a run is doing now, with the progress (percent) reached when it starts."""

    QUEUED = "queued", _("waiting for a worker")
    READING = "reading", _("reading the input")
    BUILDING = "building", _("building the network")
    SOLVING = "solving", _("solving")
    EXPLAINING = "explaining", _("explaining who got no seat")
    STORING = "storing", _("storing the result")
    STORED = "stored", _("stored")
    FAILED = "failed", _("failed")


STAGE_PROGRESS: dict[str, int] = {
    RunStage.QUEUED: 0,
    RunStage.READING: 5,
    RunStage.BUILDING: 15,
    RunStage.SOLVING: 35,
    RunStage.EXPLAINING: 70,
    RunStage.STORING: 90,
    RunStage.STORED: 100,
    RunStage.FAILED: 100,
}


# --- cadets at foreign academies (see docs/cadets.md) ------------------------


class EnrolmentStatus(models.TextChoices):
    PREPARATION = "preparation", _("Language-preparation year")
    STUDYING = "studying", _("Studying")
    REPEATING = "repeating", _("Repeating the year")
    GRADUATED = "graduated", _("Graduated")
    DISMISSED = "dismissed", _("Dismissed")
    WITHDRAWN = "withdrawn", _("Withdrawn")


ES = EnrolmentStatus
# A cadet still at the academy (at most one such enrolment per person).
ENROLMENT_ACTIVE = frozenset({ES.PREPARATION, ES.STUDYING, ES.REPEATING})
ENROLMENT_ENDED = frozenset({ES.GRADUATED, ES.DISMISSED, ES.WITHDRAWN})


class ProgressionOutcome(models.TextChoices):
    """The end-of-year decision on a cadet (see ``academic_rules.decide``)."""

    PROMOTED = "promoted", _("Moves up a year")
    REPEATS = "repeats", _("Repeats the year")
    GRADUATES = "graduates", pgettext_lazy("end-of-year outcome", "Graduates")
    DISMISSED = "dismissed", _("Dismissed: too few credits and no repeat left")


class Standing(models.TextChoices):
    """How a cadet is doing, for the cohort view."""

    GOOD = "good", _("Good standing")
    AT_RISK = "at_risk", _("At risk")
    FAILING = "failing", _("Failing a term")
    ENDED = "ended", _("No longer studying")


class AgreementStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("learning agreement status", "Draft")
    AWAITING = "awaiting", _("Awaiting approval")
    APPROVED = "approved", _("Approved by both sides")
    CLOSED = "closed", _("Closed by the transcript")


# The one table of a cadet's allowed changes of status (from -> to); a
# promotion keeps "studying".
ENROLMENT_TRANSITIONS: dict[str, frozenset[str]] = {
    EnrolmentStatus.PREPARATION: frozenset(
        {
            EnrolmentStatus.STUDYING,
            EnrolmentStatus.REPEATING,
            EnrolmentStatus.DISMISSED,
            EnrolmentStatus.WITHDRAWN,
        }
    ),
    EnrolmentStatus.STUDYING: frozenset(
        {
            EnrolmentStatus.STUDYING,
            EnrolmentStatus.REPEATING,
            EnrolmentStatus.GRADUATED,
            EnrolmentStatus.DISMISSED,
            EnrolmentStatus.WITHDRAWN,
        }
    ),
    EnrolmentStatus.REPEATING: frozenset(
        {
            EnrolmentStatus.STUDYING,
            EnrolmentStatus.REPEATING,
            EnrolmentStatus.GRADUATED,
            EnrolmentStatus.DISMISSED,
            EnrolmentStatus.WITHDRAWN,
        }
    ),
    EnrolmentStatus.GRADUATED: frozenset(),
    EnrolmentStatus.DISMISSED: frozenset(),
    EnrolmentStatus.WITHDRAWN: frozenset(),
}
# A learning agreement's: a change of its tables takes it back to awaiting.
AGREEMENT_TRANSITIONS: dict[str, frozenset[str]] = {
    AgreementStatus.DRAFT: frozenset({AgreementStatus.AWAITING}),
    AgreementStatus.AWAITING: frozenset({AgreementStatus.AWAITING, AgreementStatus.APPROVED}),
    AgreementStatus.APPROVED: frozenset({AgreementStatus.AWAITING, AgreementStatus.CLOSED}),
    AgreementStatus.CLOSED: frozenset(),
}


# --- units in training rotations (see docs/rotations.md) -------------------


class RotationStatus(models.TextChoices):
    PLANNED = "planned", pgettext_lazy("rotation status", "Planned")
    IN_TRAINING = "in_training", _("In training")
    COMPLETED = "completed", pgettext_lazy("rotation status", "Completed")
    CANCELLED = "cancelled", pgettext_lazy("rotation status", "Cancelled")


ROTATION_TRANSITIONS: dict[str, frozenset[str]] = {
    RotationStatus.PLANNED: frozenset({RotationStatus.IN_TRAINING, RotationStatus.CANCELLED}),
    RotationStatus.IN_TRAINING: frozenset({RotationStatus.COMPLETED, RotationStatus.CANCELLED}),
    RotationStatus.COMPLETED: frozenset(),
    RotationStatus.CANCELLED: frozenset(),
}


class VettingOutcome(models.TextChoices):
    OPEN = "open", _("Open")
    CLEARED = "cleared", pgettext_lazy("vetting outcome", "Cleared")
    REFUSED = "refused", pgettext_lazy("vetting outcome", "Refused")


class MemberRole(models.TextChoices):
    COMMANDER = "commander", _("Commander")
    STAFF = "staff", pgettext_lazy("rotation member role", "Staff")
    MEMBER = "member", _("Member")


class EquipmentState(models.TextChoices):
    ISSUED = "issued", pgettext_lazy("equipment state", "Issued")
    RETURNED = "returned", pgettext_lazy("equipment state", "Returned")
    DAMAGED = "damaged", _("Returned damaged")
    LOST = "lost", pgettext_lazy("equipment state", "Lost")


class LossKind(models.TextChoices):
    LOSS = "loss", _("Loss")
    DAMAGE = "damage", _("Damage")


class LossStatus(models.TextChoices):
    OPEN = "open", pgettext_lazy("loss status", "Open")
    RECOVERED = "recovered", _("Recovered")
    REPAIRED = "repaired", _("Repaired")
    WRITTEN_OFF = "written_off", _("Written off")

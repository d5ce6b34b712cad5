"""Learning agreements: tables A and B, both sides' approvals (again after any change), the transcript."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tadrib.core.services import delete_audited, refuse_illegal_transition, save_audited
from tadrib.training import academic_rules as rules
from tadrib.training import academic_selectors as facts
from tadrib.training.choices import (
    AGREEMENT_TRANSITIONS,
    AgreementStatus,
)
from tadrib.training.models import (
    AgreementComponent,
    LearningAgreement,
    RecognitionLine,
)
from tadrib.training.services import new_certificate_code

if TYPE_CHECKING:
    from tadrib.accounts.models import User

from tadrib.training.academic_services.base import AS, agreement_sides, is_host_side

# --- learning agreements ---------------------------------------------------------------


def _lock_agreement(pk: int) -> LearningAgreement:
    return (
        LearningAgreement.objects.select_for_update(of=("self",))
        .select_related(
            "enrolment__person",
            "enrolment__cohort__programme__institution",
            "enrolment__cohort__sending_organisation",
            "home_institution",
        )
        .get(pk=pk)
    )


def _refuse_closed(agreement: LearningAgreement) -> None:
    if agreement.status == AS.CLOSED:
        raise ValidationError(
            _("The transcript has closed this learning agreement; it can no longer change.")
        )


def _set_status(agreement: LearningAgreement, status: str) -> None:
    refuse_illegal_transition(
        AgreementStatus,
        AGREEMENT_TRANSITIONS,
        agreement.status,
        status,
        _("A learning agreement that is “%(current)s” cannot become “%(target)s”."),
    )
    agreement.status = status


def _needs_new_approvals(agreement: LearningAgreement) -> bool:
    approved = bool(agreement.host_approved_at or agreement.home_approved_at)
    return agreement.status == AS.APPROVED or (agreement.status == AS.AWAITING and approved)


def _reopen(agreement: LearningAgreement, *, actor: User | None) -> None:
    """A change of components after signature needs both approvals again: a
    new version, awaiting both sides."""
    if not _needs_new_approvals(agreement):
        return
    _set_status(agreement, AS.AWAITING)
    agreement.version += 1
    agreement.host_approved_at = agreement.home_approved_at = None
    agreement.host_approved_by = agreement.home_approved_by = ""
    save_audited(agreement, actor=actor, action="learningagreement.changed", authorised=True)


@transaction.atomic
def save_agreement(agreement: LearningAgreement, *, actor: User | None) -> LearningAgreement:
    if not agreement._state.adding:
        stored = _lock_agreement(agreement.pk)
        _refuse_closed(stored)
        if stored.enrolment_id != agreement.enrolment_id:
            raise ValidationError({"enrolment": _("The cadet of an agreement is fixed.")})
        if stored.home_institution_id != agreement.home_institution_id and (
            _needs_new_approvals(stored)
        ):
            raise ValidationError(
                {"home_institution": _("The home academy is fixed once a side has approved.")}
            )
    return save_audited(agreement, actor=actor)


@transaction.atomic
def delete_agreement(agreement: LearningAgreement, *, actor: User | None) -> None:
    _refuse_closed(_lock_agreement(agreement.pk))
    delete_audited(agreement, actor=actor)


LINE_FIELDS: dict[type, tuple[str, ...]] = {
    AgreementComponent: ("agreement_id", "component_id", "note"),
    RecognitionLine: ("agreement_id", "host_line_id", "home_code", "home_title", "credits"),
}


def _changed(line: AgreementComponent | RecognitionLine) -> bool:
    if line._state.adding:
        return True
    fields = LINE_FIELDS[type(line)]
    stored = type(line)._default_manager.filter(pk=line.pk).values(*fields).first()
    return stored is None or any(stored[name] != getattr(line, name) for name in fields)


@transaction.atomic
def _save_line(line: Any, *, actor: User | None) -> Any:
    """Save a line of table A or B (the owner's side, by the scoped save); an
    agreement signed by either side goes back to both for approval."""
    if not line.agreement_id:
        return save_audited(line, actor=actor)  # validation names what is missing
    agreement = _lock_agreement(line.agreement_id)
    _refuse_closed(agreement)
    if not line._state.adding:
        stored_agreement = type(line)._default_manager.get(pk=line.pk).agreement_id
        if stored_agreement != line.agreement_id:
            raise ValidationError({"agreement": _("A line stays in its agreement.")})
    changed = _changed(line)
    saved = save_audited(line, actor=actor)
    if changed:
        _reopen(agreement, actor=actor)
    return saved


@transaction.atomic
def _delete_line(line: Any, *, actor: User | None) -> None:
    agreement = _lock_agreement(line.agreement_id)
    _refuse_closed(agreement)
    delete_audited(line, actor=actor)
    _reopen(agreement, actor=actor)


def save_agreement_component(line: AgreementComponent, *, actor: User | None) -> AgreementComponent:
    saved: AgreementComponent = _save_line(line, actor=actor)
    return saved


def delete_agreement_component(line: AgreementComponent, *, actor: User | None) -> None:
    _delete_line(line, actor=actor)


def save_recognition_line(line: RecognitionLine, *, actor: User | None) -> RecognitionLine:
    saved: RecognitionLine = _save_line(line, actor=actor)
    return saved


def delete_recognition_line(line: RecognitionLine, *, actor: User | None) -> None:
    _delete_line(line, actor=actor)


def _copy_agreement(locked: LearningAgreement, agreement: LearningAgreement) -> LearningAgreement:
    for field in LearningAgreement._meta.concrete_fields:
        setattr(agreement, field.attname, getattr(locked, field.attname))
    return agreement


@transaction.atomic
def submit(agreement: LearningAgreement, *, actor: User | None) -> LearningAgreement:
    """Send a draft to both sides for approval (either side may)."""
    locked = _lock_agreement(agreement.pk)
    if not agreement_sides(actor, locked):
        raise PermissionDenied(_("Only the host academy or the home side may do this."))
    _refuse_closed(locked)
    if locked.status != AS.DRAFT:
        raise ValidationError(_("Only a draft is submitted for approval."))
    errors = {}
    if not locked.components.exists():
        errors["components"] = _("Table A lists no component taken at the host.")
    if not locked.recognitions.exists():
        errors["recognitions"] = _("Table B lists nothing recognised at home.")
    if errors:
        raise ValidationError(errors)
    _set_status(locked, AS.AWAITING)
    save_audited(locked, actor=actor, action="learningagreement.submitted", authorised=True)
    return _copy_agreement(locked, agreement)


@transaction.atomic
def approve(
    agreement: LearningAgreement, *, actor: User | None, side: str | None = None
) -> LearningAgreement:
    """Record the approval of the actor's side (``side`` chooses for one who
    acts for both); with both, the agreement is approved."""
    locked = _lock_agreement(agreement.pk)
    sides = agreement_sides(actor, locked)
    if side is not None:
        sides = [s for s in sides if s == side]
    if not sides:
        raise PermissionDenied(_("Only the host academy or the home side approves this."))
    _refuse_closed(locked)
    if locked.status == AS.DRAFT:
        raise ValidationError(_("Submit the learning agreement before it is approved."))
    pending = [s for s in sides if getattr(locked, f"{s}_approved_at") is None]
    if not pending:
        raise ValidationError(_("Your side has already approved this version."))
    chosen = pending[0]
    setattr(locked, f"{chosen}_approved_at", timezone.now())
    setattr(locked, f"{chosen}_approved_by", actor.get_username() if actor else "system")
    if locked.host_approved_at and locked.home_approved_at:
        _set_status(locked, AS.APPROVED)
    save_audited(
        locked, actor=actor, action=f"learningagreement.{chosen}_approved", authorised=True
    )
    return _copy_agreement(locked, agreement)


@transaction.atomic
def issue_transcript(
    agreement: LearningAgreement, *, actor: User | None, on: dt.date | None = None
) -> LearningAgreement:
    """The host's transcript of records closes an approved agreement."""
    locked = _lock_agreement(agreement.pk)
    if not is_host_side(actor, locked):
        raise PermissionDenied(_("The transcript of records is issued by the host academy."))
    if locked.status != AS.APPROVED:
        raise ValidationError(_("A transcript is issued for an agreement approved by both sides."))
    _set_status(locked, AS.CLOSED)
    locked.transcript_code = new_certificate_code()
    locked.transcript_issued_on = on or timezone.localdate()
    save_audited(locked, actor=actor, action="learningagreement.transcript_issued", authorised=True)
    return _copy_agreement(locked, agreement)


def recognised_credits(agreement: LearningAgreement) -> Decimal:
    """Table B credits whose table A component the cadet has passed."""
    lines = agreement.recognitions.values_list("host_line__component_id", "credits")
    pass_mark = agreement.enrolment.cohort.programme.pass_mark
    return rules.recognised_credits(
        lines, facts.passed_components(agreement.enrolment_id, pass_mark)
    )

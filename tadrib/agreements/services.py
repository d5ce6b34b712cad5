"""Writes of agreements and programmes. Status changes go through
``change_agreement_status``; everything else through the shared audited save."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tadrib.agreements.choices import AGREEMENT_TRANSITIONS, AgreementStatus
from tadrib.agreements.models import (
    Agreement,
    AgreementDocument,
    AgreementParty,
    Clause,
    ClauseTarget,
    Programme,
    ProgrammeMilestone,
    ProgrammeObjective,
)
from tadrib.core.choices import Action
from tadrib.core.services import (
    check_access,
    delete_audited,
    delete_document,
    delete_files_on_commit,
    refuse_illegal_transition,
    save_audited,
    save_document,
)

if TYPE_CHECKING:
    from tadrib.accounts.models import User


def save_agreement(agreement: Agreement, *, actor: User | None) -> Agreement:
    return save_audited(agreement, actor=actor)


@transaction.atomic
def delete_agreement(agreement: Agreement, *, actor: User | None) -> None:
    """Delete an agreement with what hangs off it; its documents' files go
    once the deletion is committed."""
    files = list(agreement.documents.values_list("file", flat=True))
    delete_audited(agreement, actor=actor)
    delete_files_on_commit(AgreementDocument, files)


def change_agreement_status(
    agreement: Agreement,
    status: str,
    *,
    actor: User | None,
    reason: str = "",
    signed_on: dt.date | None = None,
    entry_into_force: dt.date | None = None,
    expires_on: dt.date | None = None,
) -> Agreement:
    """Move an agreement along draft → signed → in force → suspended / expired /
    terminated, refusing any step the transition table does not allow.

    Dates given here are recorded with the step (the signature date on
    signing, entry into force and, to bring an expired agreement back, a new
    expiry date)."""
    check_access(actor, Action.CHANGE, agreement)
    current, target = AgreementStatus(agreement.status), AgreementStatus(status)
    refuse_illegal_transition(
        AgreementStatus,
        AGREEMENT_TRANSITIONS,
        current,
        target,
        _("An agreement that is “%(current)s” cannot become “%(target)s”."),
    )
    today = timezone.localdate()
    if signed_on is not None:
        agreement.signed_on = signed_on
    if entry_into_force is not None:
        agreement.entry_into_force = entry_into_force
    if expires_on is not None:
        agreement.expires_on = expires_on
    if target == AgreementStatus.IN_FORCE:
        if agreement.entry_into_force is None:
            agreement.entry_into_force = today
        if agreement.expires_on is not None and agreement.expires_on <= today:
            raise ValidationError(
                {
                    "expires_on": _(
                        "The agreement expired on %(date)s; give a new expiry date after today "
                        "to set it in force again."
                    )
                    % {"date": agreement.expires_on.isoformat()}
                }
            )
    if target == AgreementStatus.EXPIRED and (
        agreement.expires_on is None or agreement.expires_on > today
    ):
        agreement.expires_on = today
    if target in (AgreementStatus.SUSPENDED, AgreementStatus.TERMINATED) and not reason.strip():
        raise ValidationError({"reason": _("Give the reason for this change.")})
    agreement.status = target
    return save_audited(
        agreement,
        actor=actor,
        action=f"agreement.{target.value}",
        extra_changes={"reason": [None, reason]} if reason else None,
    )


def save_agreement_party(party: AgreementParty, *, actor: User | None) -> AgreementParty:
    return save_audited(party, actor=actor)


def delete_agreement_party(party: AgreementParty, *, actor: User | None) -> None:
    delete_audited(party, actor=actor)


def save_agreement_document(
    document: AgreementDocument, *, actor: User | None
) -> AgreementDocument:
    return save_document(document, actor=actor)


def delete_agreement_document(document: AgreementDocument, *, actor: User | None) -> None:
    delete_document(document, actor=actor)


def save_clause(clause: Clause, *, actor: User | None) -> Clause:
    return save_audited(clause, actor=actor)


def delete_clause(clause: Clause, *, actor: User | None) -> None:
    delete_audited(clause, actor=actor)


def save_clause_target(target: ClauseTarget, *, actor: User | None) -> ClauseTarget:
    return save_audited(target, actor=actor)


def delete_clause_target(target: ClauseTarget, *, actor: User | None) -> None:
    delete_audited(target, actor=actor)


def save_programme(programme: Programme, *, actor: User | None) -> Programme:
    return save_audited(programme, actor=actor)


def delete_programme(programme: Programme, *, actor: User | None) -> None:
    delete_audited(programme, actor=actor)


def save_programme_objective(
    objective: ProgrammeObjective, *, actor: User | None
) -> ProgrammeObjective:
    return save_audited(objective, actor=actor)


def delete_programme_objective(objective: ProgrammeObjective, *, actor: User | None) -> None:
    delete_audited(objective, actor=actor)


def save_programme_milestone(
    milestone: ProgrammeMilestone, *, actor: User | None
) -> ProgrammeMilestone:
    return save_audited(milestone, actor=actor)


def delete_programme_milestone(milestone: ProgrammeMilestone, *, actor: User | None) -> None:
    delete_audited(milestone, actor=actor)

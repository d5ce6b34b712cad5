"""Who acts for which side of a cadet and of a learning agreement; shared names."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from tadrib.core import access
from tadrib.core.choices import Action
from tadrib.training.choices import (
    AgreementStatus,
    EnrolmentStatus,
    ProgressionOutcome,
)
from tadrib.training.models import (
    CadetEnrolment,
    Cohort,
    LearningAgreement,
    Nomination,
    RecognitionLine,
)

if TYPE_CHECKING:
    pass


ES = EnrolmentStatus
AS = AgreementStatus
PO = ProgressionOutcome

STATUS_AFTER: dict[str, str] = {
    PO.PROMOTED: ES.STUDYING,
    PO.REPEATS: ES.REPEATING,
    PO.GRADUATES: ES.GRADUATED,
    PO.DISMISSED: ES.DISMISSED,
}
HOST, HOME = "host", "home"


# --- sides ------------------------------------------------------------------------


def acts_for_academy(actor: Any, cohort: Cohort, action: str = Action.CHANGE) -> bool:
    """The academy's side: its reach with a role that keeps course records."""
    return access.acts_for(actor, cohort.programme.institution, CadetEnrolment, action)


def acts_for_sending(actor: Any, cohort: Cohort, action: str = Action.CHANGE) -> bool:
    """The sending office's side: its reach with a role that nominates."""
    return access.acts_for(actor, cohort.sending_organisation, Nomination, action)


def is_host_side(actor: Any, agreement: LearningAgreement) -> bool:
    academy = agreement.enrolment.cohort.programme.institution
    return access.acts_for(actor, academy, LearningAgreement, Action.CHANGE)


def is_home_side(actor: Any, agreement: LearningAgreement) -> bool:
    sending = agreement.enrolment.cohort.sending_organisation
    return any(
        access.acts_for(actor, organisation, RecognitionLine, Action.CHANGE)
        for organisation in (agreement.home_institution, sending)
    )


def agreement_sides(actor: Any, agreement: LearningAgreement) -> list[str]:
    """The sides of the agreement the actor acts for (the system: both)."""
    return [
        side
        for side, acts in ((HOST, is_host_side), (HOME, is_home_side))
        if acts(actor, agreement)
    ]

"""The steps a user can take on a nomination, by name, for the nomination
page's form and the API: each names the service verb that takes it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tadrib.training import services
from tadrib.training.choices import NOMINATION_TRANSITIONS, STEP_SIDE, NominationStatus, Side

if TYPE_CHECKING:
    from tadrib.accounts.models import User
    from tadrib.organisations.models import Organisation
    from tadrib.training.models import Nomination, Session

N = NominationStatus


@dataclass(frozen=True)
class StepInput:
    reason: str = ""
    session: Session | None = None
    unit: Organisation | None = None
    post: str = ""
    placed_on: dt.date | None = None
    uses_training: bool | None = None


@dataclass(frozen=True)
class Step:
    key: str
    label: str | Promise
    target: str
    take: Callable[[Nomination, User | None, StepInput], Nomination]


def _reasoned(verb: Callable[..., Nomination]) -> Callable[[Any, Any, StepInput], Nomination]:
    return lambda n, actor, given: verb(n, actor=actor, reason=given.reason)


def _offer(n: Nomination, actor: User | None, given: StepInput) -> Nomination:
    return services.offer_seat(n, actor=actor, session=given.session, reason=given.reason)


def _place(n: Nomination, actor: User | None, given: StepInput) -> Nomination:
    errors = {}
    if given.unit is None:
        errors["placed_unit"] = _("This field is required.")
    if given.placed_on is None:
        errors["placed_on"] = _("This field is required.")
    if given.uses_training is None:
        errors["post_uses_training"] = _("This field is required.")
    if errors:
        raise ValidationError(errors)
    return services.place(
        n,
        actor=actor,
        unit=given.unit,  # type: ignore[arg-type]
        post=given.post,
        placed_on=given.placed_on,  # type: ignore[arg-type]
        uses_training=bool(given.uses_training),
        reason=given.reason,
    )


STEPS: dict[str, Step] = {
    step.key: step
    for step in (
        Step(
            "submit",
            gettext_lazy("Submit"),
            N.SUBMITTED,
            lambda n, a, g: services.submit(n, actor=a),
        ),
        Step(
            "screen",
            gettext_lazy("Check eligibility"),
            N.ELIGIBLE,
            lambda n, a, g: services.screen(n, actor=a),
        ),
        Step(
            "revise",
            gettext_lazy("Revise (back to draft)"),
            N.DRAFT,
            lambda n, a, g: services.revise(n, actor=a),
        ),
        Step("vet", gettext_lazy("Vetting: cleared"), N.VETTED, _reasoned(services.vet)),
        Step("reject", gettext_lazy("Reject"), N.REJECTED, _reasoned(services.reject)),
        Step("approve", gettext_lazy("Approve"), N.APPROVED, _reasoned(services.approve)),
        Step("offer", gettext_lazy("Offer a seat"), N.OFFERED, _offer),
        Step(
            "waitlist",
            gettext_lazy("Put on the waiting list"),
            N.WAITLISTED,
            _reasoned(services.waitlist),
        ),
        Step("accept", gettext_lazy("Accept"), N.ACCEPTED, _reasoned(services.accept)),
        Step("decline", gettext_lazy("Decline"), N.DECLINED, _reasoned(services.decline)),
        Step("enrol", gettext_lazy("Enrol"), N.ENROLLED, _reasoned(services.enrol)),
        Step(
            "start",
            gettext_lazy("Start training"),
            N.IN_TRAINING,
            _reasoned(services.start_training),
        ),
        Step("withdraw", gettext_lazy("Withdraw"), N.WITHDRAWN, _reasoned(services.withdraw)),
        Step("dismiss", gettext_lazy("Dismiss"), N.DISMISSED, _reasoned(services.dismiss)),
        Step("cancel", gettext_lazy("Cancel"), N.CANCELLED, _reasoned(services.cancel)),
        Step("return", gettext_lazy("Returned home"), N.RETURNED, _reasoned(services.return_home)),
        Step("place", gettext_lazy("Record the post"), N.PLACED, _place),
    )
}


def side_of(step: Step, nomination: Nomination) -> str:
    if step.target == N.REJECTED:
        return Side.HOST if nomination.status == N.ELIGIBLE else Side.PARTNER
    return STEP_SIDE[step.target]


def available(user: User | None, nomination: Nomination) -> list[Step]:
    """The steps the transition table allows from the current status and the
    user's side may take."""
    allowed = NOMINATION_TRANSITIONS.get(nomination.status, frozenset())
    found = []
    for step in STEPS.values():
        if step.target not in allowed:
            continue
        try:
            services.check_side(user, nomination, side_of(step, nomination))
        except PermissionDenied:
            continue
        found.append(step)
    return found


def take(key: str, nomination: Nomination, *, actor: User | None, given: StepInput) -> Nomination:
    step = STEPS.get(key)
    if step is None:
        raise ValidationError({"step": _("Unknown step.")})
    return step.take(nomination, actor, given)

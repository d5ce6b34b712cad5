"""Pages of unit rotations beyond the generic ones: the rotation with its
roster, equipment and evaluations and the steps of each side; a soldier on the
roster; an evaluation with its checklist; a checklist with its criteria. Each
step is a POST calling one service: a step the user's side may not take is a
403, a refused step a message (or the form again) with nothing stored."""

from __future__ import annotations

from typing import Any, ClassVar

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tadrib.core import views as generic
from tadrib.core.choices import Action
from tadrib.core.views import add_link
from tadrib.training import rotation_selectors as selectors
from tadrib.training import rotation_services as services
from tadrib.training.choices import EquipmentState, RotationStatus, VettingOutcome
from tadrib.training.forms_rotations import (
    AddMembersForm,
    AssessForm,
    IssueForm,
    MemberVettingForm,
    ReasonForm,
    RemoveMemberForm,
    ReturnForm,
    UnitVettingForm,
    VettingForm,
)
from tadrib.training.models import (
    ChecklistCriterion,
    EvaluationChecklist,
    RotationEvaluation,
    RotationMember,
    UnitRotation,
)

RS = RotationStatus
# Rows of a long list shown on a record page (the full list is a filtered list page).
SHOWN = 200


def report_errors(request: HttpRequest, error: ValidationError) -> None:
    for text in error.messages:
        messages.error(request, text)


def add_errors(form: Any, error: ValidationError) -> None:
    """A refusal on the form: on the field it names when the form has it."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for name, errors in error.error_dict.items():
        form.add_error(name if name in form.fields else None, errors)


def pass_rule() -> str:
    return _(
        "Passed when every critical criterion is met and at least %(share)s%% of all criteria "
        "are met."
    ) % {"share": int(services.PASS_SHARE * 100)}


# --- the rotation --------------------------------------------------------------


class UnitRotationDetailView(generic.ObjectDetailView):
    template_name = "training/unitrotation_detail.html"

    def extra_context(self, obj: UnitRotation) -> dict[str, Any]:
        user = self.request.user
        host = services.is_host_side(user, obj)
        unit = services.is_unit_side(user, obj, Action.ADD)
        is_open = obj.status in services.OPEN
        planned = obj.status == RS.PLANNED
        roster = (
            selectors.rotation_members_for(user)
            .filter(rotation=obj)
            .order_by("removed_on", "role", "person__family_name_latin", "pk")
        )
        counts = selectors.equipment_counts(obj)
        issued = dict((state, n) for state, _label, n in counts)
        evaluations = selectors.rotation_evaluations_for(user).filter(rotation=obj)
        return {
            "host_side": host,
            "unit_side": unit,
            "roster": roster[:SHOWN],
            "roster_counts": selectors.roster_counts(obj),
            "roster_url": f"{reverse('training:rotationmember_list')}?rotation={obj.pk}",
            "equipment": selectors.rotation_equipment_for(user)
            .filter(rotation=obj)
            .order_by("item_type__code", "serial_number")[:SHOWN],
            "equipment_counts": counts,
            "equipment_total": sum(issued.values()),
            "equipment_url": f"{reverse('training:rotationequipment_list')}?rotation={obj.pk}",
            "equipment_chart": {
                "labels": [label for _state, label, _n in counts],
                "values": [n for _state, _label, n in counts],
            },
            "losses": selectors.equipment_losses_for(user).filter(rotation=obj),
            "evaluations": evaluations,
            "evaluation_chart": {
                "labels": [
                    f"{e.checklist.code} · {e.evaluated_on.isoformat()}" for e in evaluations
                ],
                "values": [e.met_count for e in evaluations],  # type: ignore[attr-defined]
            },
            "pass_rule": pass_rule(),
            # The steps of each side.
            "can_vet_unit": host and planned,
            "unit_vetting_form": UnitVettingForm() if host and planned else None,
            "can_vet": host and is_open and obj.members.filter(removed_on__isnull=True).exists(),
            "can_start": host and planned,
            "can_issue": host and is_open,
            "can_return": host and issued.get(EquipmentState.ISSUED, 0) > 0,
            "can_complete": host and obj.status == RS.IN_TRAINING,
            "cancel_form": ReasonForm() if host and is_open else None,
            "can_add_members": unit and is_open,
            "add_member_url": add_link(user, RotationMember(rotation=obj), "rotation")
            if unit and is_open
            else None,
            "add_evaluation_url": add_link(user, RotationEvaluation(rotation=obj), "rotation")
            if host and is_open
            else None,
        }


class RotationStepView(generic.ScopedView):
    """A step on a rotation: read with the user's view scope (the other side
    sees it too); the service checks which side may take it."""

    model = UnitRotation
    selector = staticmethod(selectors.rotations_for)
    # Who takes the step: "host" or "unit" (checked before a form is shown).
    side: ClassVar[str] = "host"
    form_class: ClassVar[type | None] = None
    title: ClassVar[Any] = ""
    intro: ClassVar[Any] = ""
    submit: ClassVar[Any] = gettext_lazy("Save")

    def check_side(self, rotation: UnitRotation) -> None:
        user = self.request.user
        if self.side == "host":
            services.require_host_side(user, rotation)  # type: ignore[arg-type]
        else:
            services.require_unit_side(user, rotation, Action.ADD)  # type: ignore[arg-type]

    def make_form(self, rotation: UnitRotation, data: Any = None, files: Any = None) -> Any:
        assert self.form_class is not None
        return self.form_class(data, files)

    def act(self, rotation: UnitRotation, form: Any) -> str:
        """Take the step; the success message."""
        raise NotImplementedError

    def render_form(self, rotation: UnitRotation, form: Any) -> HttpResponse:
        context = {
            "object": rotation,
            "form": form,
            "title": self.title,
            "intro": self.intro,
            "submit": self.submit,
            "action": self.request.path,
        }
        return render(self.request, "training/rotation_step_form.html", context)

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        rotation = self.get_object(pk)
        if self.form_class is None:
            return HttpResponseRedirect(rotation.get_absolute_url())
        self.check_side(rotation)
        return self.render_form(rotation, self.make_form(rotation))

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        rotation = self.get_object(pk)
        self.check_side(rotation)
        form = self.make_form(rotation, request.POST, request.FILES) if self.form_class else None
        if form is not None and not form.is_valid():
            return self.answer_invalid(rotation, form)
        try:
            message = self.act(rotation, form)
        except ValidationError as error:
            if form is not None and self.form_page:
                add_errors(form, error)
                return self.render_form(rotation, form)
            report_errors(request, error)
        else:
            messages.success(request, message)
        return HttpResponseRedirect(rotation.get_absolute_url())

    # A step whose form has its own page (shown again with its errors);
    # otherwise the form sits on the rotation's page and errors are messages.
    form_page: ClassVar[bool] = True

    def answer_invalid(self, rotation: UnitRotation, form: Any) -> HttpResponse:
        if self.form_page:
            return self.render_form(rotation, form)
        for errors in form.errors.values():
            for text in errors:
                messages.error(self.request, str(text))
        return HttpResponseRedirect(rotation.get_absolute_url())


class StartView(RotationStepView):
    def act(self, rotation: UnitRotation, form: Any) -> str:
        services.start_rotation(rotation, actor=self.request.user)  # type: ignore[arg-type]
        return _("The rotation has started: the unit is in training.")


class CompleteView(RotationStepView):
    def act(self, rotation: UnitRotation, form: Any) -> str:
        awarded = services.complete_rotation(rotation, actor=self.request.user)  # type: ignore[arg-type]
        return _(
            "The rotation is completed; %(count)s soldiers were awarded its qualification."
        ) % {"count": len(awarded)}


class CancelView(RotationStepView):
    form_class = ReasonForm
    form_page = False

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        return HttpResponseRedirect(self.get_object(pk).get_absolute_url())

    def act(self, rotation: UnitRotation, form: Any) -> str:
        services.cancel_rotation(
            rotation,
            actor=self.request.user,  # type: ignore[arg-type]
            reason=form.cleaned_data["reason"],
        )
        return _("The rotation is cancelled.")


class UnitVettingView(RotationStepView):
    form_class = UnitVettingForm
    form_page = False

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        return HttpResponseRedirect(self.get_object(pk).get_absolute_url())

    def act(self, rotation: UnitRotation, form: Any) -> str:
        data = form.cleaned_data
        services.record_unit_vetting(
            rotation,
            data["outcome"],
            reference=data["reference"],
            on=data["on"],
            actor=self.request.user,  # type: ignore[arg-type]
        )
        return _("The unit's vetting is recorded: %(outcome)s.") % {
            "outcome": VettingOutcome(data["outcome"]).label
        }


class VettingView(RotationStepView):
    title = gettext_lazy("Vetting of the roster")
    intro = gettext_lazy(
        "The soldiers on the roster whose vetting is open. Choose cleared or refused for those "
        "decided; the others stay open."
    )
    submit = gettext_lazy("Record the vetting")
    form_class = VettingForm

    def make_form(self, rotation: UnitRotation, data: Any = None, files: Any = None) -> Any:
        members = (
            rotation.members.filter(removed_on__isnull=True, vetting=VettingOutcome.OPEN)
            .select_related("person")
            .order_by("person__family_name_latin", "pk")
        )
        return VettingForm(data, members=members)

    def act(self, rotation: UnitRotation, form: Any) -> str:
        done = services.record_vetting(
            rotation,
            form.outcomes(),
            reference=form.cleaned_data["reference"],
            on=form.cleaned_data["on"],
            actor=self.request.user,  # type: ignore[arg-type]
        )
        return _("The vetting of %(count)s soldiers is recorded.") % {"count": len(done)}


class AddMembersView(RotationStepView):
    side = "unit"
    title = gettext_lazy("Add soldiers to the roster")
    intro = gettext_lazy(
        "Choose soldiers of the unit, or paste their service numbers one a line. The list is "
        "taken whole or not at all; each line that names nobody of the unit, a soldier named "
        "twice or one already on the roster is named."
    )
    submit = gettext_lazy("Add to the roster")
    form_class = AddMembersForm

    def make_form(self, rotation: UnitRotation, data: Any = None, files: Any = None) -> Any:
        return AddMembersForm(data, user=self.request.user, rotation=rotation)

    def act(self, rotation: UnitRotation, form: Any) -> str:
        added = services.add_members(
            rotation,
            actor=self.request.user,  # type: ignore[arg-type]
            people=list(form.cleaned_data["people"] or []),
            service_numbers=form.cleaned_data["service_numbers"],
            role=form.cleaned_data["role"],
        )
        return _("%(count)s soldiers were added to the roster.") % {"count": len(added)}


class IssueView(RotationStepView):
    title = gettext_lazy("Issue equipment")
    intro = gettext_lazy(
        "The host's items issued to the unit for its training, by item type and serial. The list "
        "is taken whole or not at all: an unknown item type, a bad serial, a line repeated or an "
        "item issued to another rotation and not yet returned refuses it, and each bad line is "
        "named."
    )
    submit = gettext_lazy("Issue")
    form_class = IssueForm

    def make_form(self, rotation: UnitRotation, data: Any = None, files: Any = None) -> Any:
        return IssueForm(data, files, rotation=rotation)

    def act(self, rotation: UnitRotation, form: Any) -> str:
        data = form.cleaned_data
        actor = self.request.user
        if data["file"] is not None:
            rows: Any = services.parse_issue_file(data["file"])
            field_name = "file"
        else:
            rows, field_name = data["text"], "text"
        issued = services.issue_equipment(
            rotation,
            rows,
            actor=actor,  # type: ignore[arg-type]
            on=data["issued_on"],
            field_name=field_name,
        )
        return _("%(count)s items were issued.") % {"count": len(issued)}


class ReturnView(RotationStepView):
    title = gettext_lazy("Take equipment back")
    intro = gettext_lazy(
        "Mark each item returned, or returned damaged with what is wrong (a damage record is "
        "made). Closing the count makes every item not counted lost, with a loss record."
    )
    submit = gettext_lazy("Record")
    form_class = ReturnForm

    def make_form(self, rotation: UnitRotation, data: Any = None, files: Any = None) -> Any:
        lines = (
            rotation.equipment.filter(state=EquipmentState.ISSUED)
            .select_related("item_type")
            .order_by("item_type__code", "serial_number")
        )
        return ReturnForm(data, lines=lines)

    def act(self, rotation: UnitRotation, form: Any) -> str:
        report = services.return_equipment(
            rotation,
            actor=self.request.user,  # type: ignore[arg-type]
            returned=form.returned(),
            damaged=form.damaged(),
            on=form.cleaned_data["returned_on"],
            close_count=form.cleaned_data["close_count"],
        )
        return _("Returned: %(returned)s; damaged: %(damaged)s; lost: %(lost)s.") % {
            "returned": len(report.returned),
            "damaged": len(report.damaged),
            "lost": len(report.lost),
        }


# --- a soldier on the roster ------------------------------------------------------


class RotationMemberDetailView(generic.ObjectDetailView):
    template_name = "training/rotationmember_detail.html"

    def extra_context(self, obj: RotationMember) -> dict[str, Any]:
        user = self.request.user
        rotation = obj.rotation
        is_open = rotation.status in services.OPEN and obj.removed_on is None
        host = services.is_host_side(user, rotation)
        either = host or services.is_unit_side(user, rotation)
        return {
            "vetting_form": MemberVettingForm() if host and is_open else None,
            "remove_form": RemoveMemberForm() if either and is_open else None,
        }


class MemberStepView(generic.ScopedView):
    model = RotationMember
    selector = staticmethod(selectors.rotation_members_for)

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        return HttpResponseRedirect(self.get_object(pk).get_absolute_url())

    def take(self, member: RotationMember, data: dict[str, Any]) -> str:
        raise NotImplementedError

    form_class: ClassVar[type]

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        member = self.get_object(pk)
        form = self.form_class(request.POST)
        if not form.is_valid():
            for errors in form.errors.values():
                for text in errors:
                    messages.error(request, str(text))
            return HttpResponseRedirect(member.get_absolute_url())
        try:
            messages.success(request, self.take(member, form.cleaned_data))
        except ValidationError as error:
            report_errors(request, error)
        return HttpResponseRedirect(member.get_absolute_url())


class MemberRemoveView(MemberStepView):
    form_class = RemoveMemberForm

    def take(self, member: RotationMember, data: dict[str, Any]) -> str:
        services.remove_member(
            member,
            reason=data["reason"],
            on=data["removed_on"],
            actor=self.request.user,  # type: ignore[arg-type]
        )
        return _("%(person)s was removed from the roster.") % {"person": member.person}


class MemberVettingView(MemberStepView):
    form_class = MemberVettingForm

    def take(self, member: RotationMember, data: dict[str, Any]) -> str:
        services.record_member_vetting(
            member,
            data["outcome"],
            reference=data["reference"],
            on=data["on"],
            actor=self.request.user,  # type: ignore[arg-type]
        )
        return _("The vetting of %(person)s is recorded.") % {"person": member.person}


# --- evaluations -----------------------------------------------------------------


def criteria_results(evaluation: RotationEvaluation) -> list[dict[str, Any]]:
    assessed = {a.criterion_id: a for a in evaluation.assessments.all()}
    return [
        {"criterion": c, "assessment": assessed.get(c.pk)}
        for c in evaluation.checklist.criteria.order_by("code")
    ]


class RotationEvaluationDetailView(generic.ObjectDetailView):
    template_name = "training/rotationevaluation_detail.html"

    def extra_context(self, obj: RotationEvaluation) -> dict[str, Any]:
        user = self.request.user
        host = services.is_host_side(user, obj.rotation)
        editable = host and not obj.final
        criteria = list(obj.checklist.criteria.order_by("code"))
        assessed = {a.criterion_id: a for a in obj.assessments.all()}
        return {
            "results": criteria_results(obj),
            "tally": services.tally(obj),
            "pass_rule": pass_rule(),
            "assess_form": AssessForm(criteria=criteria, assessments=assessed)
            if editable
            else None,
            "can_finalise": editable,
        }


class EvaluationStepView(generic.ScopedView):
    model = RotationEvaluation
    selector = staticmethod(selectors.rotation_evaluations_for)

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        return HttpResponseRedirect(self.get_object(pk).get_absolute_url())


class AssessView(EvaluationStepView):
    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        evaluation = self.get_object(pk)
        services.require_host_side(request.user, evaluation.rotation)  # type: ignore[arg-type]
        form = AssessForm(request.POST, criteria=list(evaluation.checklist.criteria.all()))
        if not form.is_valid():
            for errors in form.errors.values():
                for text in errors:
                    messages.error(request, str(text))
            return HttpResponseRedirect(evaluation.get_absolute_url())
        try:
            kept = services.assess_criteria(
                evaluation,
                form.results(),
                actor=request.user,  # type: ignore[arg-type]
            )
        except ValidationError as error:
            report_errors(request, error)
        else:
            messages.success(request, _("%(count)s criteria are assessed.") % {"count": len(kept)})
        return HttpResponseRedirect(evaluation.get_absolute_url())


class FinaliseView(EvaluationStepView):
    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        evaluation = self.get_object(pk)
        try:
            services.finalise_evaluation(evaluation, actor=request.user)  # type: ignore[arg-type]
        except ValidationError as error:
            report_errors(request, error)
        else:
            if evaluation.passed:
                messages.success(request, _("The evaluation is final: the unit passed."))
            else:
                messages.warning(request, _("The evaluation is final: the unit did not pass."))
        return HttpResponseRedirect(evaluation.get_absolute_url())


# --- checklists -------------------------------------------------------------------


class EvaluationChecklistDetailView(generic.ObjectDetailView):
    template_name = "training/checklist_detail.html"

    def extra_context(self, obj: EvaluationChecklist) -> dict[str, Any]:
        return {
            "criteria": obj.criteria.order_by("code"),
            "add_criterion_url": add_link(
                self.request.user, ChecklistCriterion(checklist=obj), "checklist"
            ),
            "pass_rule": pass_rule(),
        }

"""Forms of unit rotations: the records (generic add and edit pages) and the
steps (roster, vetting, equipment issued and taken back, assessment)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tadrib.agreements.models import Programme
from tadrib.core.forms import ScopedModelForm
from tadrib.core.spreadsheets import ACCEPT
from tadrib.organisations.models import Organisation
from tadrib.people.models import Person
from tadrib.training import rotation_selectors as selectors
from tadrib.training.choices import MemberRole, VettingOutcome
from tadrib.training.models import (
    ChecklistCriterion,
    CriterionAssessment,
    EquipmentLoss,
    EvaluationChecklist,
    RotationEquipment,
    RotationEvaluation,
    RotationMember,
    UnitRotation,
)
from tadrib.training.rotation_services import MAX_ROWS

OPEN = selectors.OPEN


def style(fields: Iterable[forms.Field]) -> None:
    """Bootstrap classes, and the browser's date picker."""
    for field in fields:
        widget = field.widget
        if isinstance(widget, forms.CheckboxInput | forms.CheckboxSelectMultiple):
            widget.attrs.setdefault("class", "form-check-input")
        elif isinstance(widget, forms.Select | forms.SelectMultiple):
            widget.attrs.setdefault("class", "form-select")
        else:
            widget.attrs.setdefault("class", "form-control")
        if isinstance(widget, forms.DateInput):
            widget.input_type = "date"
            widget.format = "%Y-%m-%d"


# --- the records ----------------------------------------------------------------


class UnitRotationForm(ScopedModelForm):
    """The host plans a rotation: any programme it sees, one of its
    facilities, and a unit of the programme's partner."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        fields: Any = self.fields
        fields["programme"].queryset = Programme.objects.for_user(self.user)
        fields["facility"].queryset = fields["facility"].queryset.exclude(kind="unit")
        units = selectors.partner_units_for(self.user)
        if self.instance.unit_id:
            units = units | Organisation.objects.filter(pk=self.instance.unit_id)
        fields["unit"].queryset = units.distinct()

    class Meta:
        model = UnitRotation
        fields = [
            "programme",
            "code",
            "facility",
            "unit",
            "starts_on",
            "ends_on",
            "training_areas",
            "objectives",
            "qualification",
        ]
        widgets = {
            "training_areas": forms.Textarea(attrs={"rows": 3}),
            "objectives": forms.Textarea(attrs={"rows": 3}),
        }


class RotationMemberForm(ScopedModelForm):
    """The unit puts one of its soldiers on a roster."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        fields: Any = self.fields
        action = "add" if self.instance._state.adding else "change"
        rotations = selectors.rotations_of_the_unit(self.user, action)
        fields["rotation"].queryset = rotations
        fields["person"].queryset = selectors.soldiers_for(self.user, rotations)

    class Meta:
        model = RotationMember
        fields = ["rotation", "person", "role"]


class RotationEquipmentForm(ScopedModelForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        fields: Any = self.fields
        fields["rotation"].queryset = fields["rotation"].queryset.filter(status__in=OPEN)
        fields["item_type"].queryset = fields["item_type"].queryset.filter(serial_tracked=True)

    class Meta:
        model = RotationEquipment
        fields = ["rotation", "item_type", "serial_number", "issued_on"]


class EquipmentLossForm(ScopedModelForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        fields: Any = self.fields
        fields["equipment"].queryset = fields["equipment"].queryset.select_related("item_type")

    class Meta:
        model = EquipmentLoss
        fields = [
            "rotation",
            "equipment",
            "kind",
            "found_on",
            "description",
            "status",
            "resolution",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "resolution": forms.Textarea(attrs={"rows": 2}),
        }


class EvaluationChecklistForm(ScopedModelForm):
    class Meta:
        model = EvaluationChecklist
        fields = ["code", "name_en", "name_ar", "name_tr", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}


class ChecklistCriterionForm(ScopedModelForm):
    class Meta:
        model = ChecklistCriterion
        fields = ["checklist", "code", "name_en", "name_ar", "name_tr", "critical"]


class RotationEvaluationForm(ScopedModelForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        fields: Any = self.fields
        fields["rotation"].queryset = fields["rotation"].queryset.filter(status__in=OPEN)

    class Meta:
        model = RotationEvaluation
        fields = ["rotation", "checklist", "evaluator", "evaluated_on", "remarks"]
        widgets = {"remarks": forms.Textarea(attrs={"rows": 3})}


class CriterionAssessmentForm(ScopedModelForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        fields: Any = self.fields
        fields["evaluation"].queryset = (
            fields["evaluation"]
            .queryset.filter(final=False)
            .select_related("rotation", "checklist")
        )
        fields["criterion"].queryset = fields["criterion"].queryset.select_related(None)

    class Meta:
        model = CriterionAssessment
        fields = ["evaluation", "criterion", "met", "remark"]


# --- the steps --------------------------------------------------------------------


def _date(label: Any, *, required: bool = True) -> forms.DateField:
    return forms.DateField(label=label, required=required)


class StepForm(forms.Form):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        style(self.fields.values())


class ReasonForm(StepForm):
    reason = forms.CharField(
        label=gettext_lazy("reason"), max_length=20_000, widget=forms.Textarea(attrs={"rows": 2})
    )


class RemoveMemberForm(ReasonForm):
    removed_on = _date(gettext_lazy("removed on"), required=False)


DECISION_CHOICES = [
    ("", "—"),
    (VettingOutcome.CLEARED, VettingOutcome.CLEARED.label),
    (VettingOutcome.REFUSED, VettingOutcome.REFUSED.label),
]


class UnitVettingForm(StepForm):
    outcome = forms.ChoiceField(label=gettext_lazy("outcome"), choices=DECISION_CHOICES[1:])
    reference = forms.CharField(label=gettext_lazy("reference of the decision"), max_length=100)
    on = _date(gettext_lazy("decided on"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"on": timezone.localdate()})
        super().__init__(*args, **kwargs)


class MemberVettingForm(UnitVettingForm):
    """One soldier's vetting (the step on the member's page)."""


def outcome_field_name(member: RotationMember) -> str:
    return f"outcome_{member.pk}"


class VettingForm(StepForm):
    """The roster's soldiers whose vetting is open, each cleared, refused or
    left open; one reference and date for the decision."""

    reference = forms.CharField(label=gettext_lazy("reference of the decision"), max_length=100)
    on = _date(gettext_lazy("decided on"))

    def __init__(self, *args: Any, members: Iterable[RotationMember], **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"on": timezone.localdate()})
        self.members = list(members)
        super().__init__(*args, **kwargs)
        for member in self.members:
            field = forms.ChoiceField(
                label=str(member.person), choices=DECISION_CHOICES, required=False
            )
            field.widget.attrs["class"] = "form-select form-select-sm"
            self.fields[outcome_field_name(member)] = field

    def member_fields(self) -> list[tuple[RotationMember, Any]]:
        return [(m, self[outcome_field_name(m)]) for m in self.members]

    def outcomes(self) -> dict[int, str]:
        return {
            m.pk: self.cleaned_data[outcome_field_name(m)]
            for m in self.members
            if self.cleaned_data.get(outcome_field_name(m))
        }

    def clean(self) -> dict[str, Any]:
        cleaned: dict[str, Any] = super().clean() or {}
        if not self.errors and not self.outcomes():
            raise forms.ValidationError(_("Choose the outcome for at least one soldier."))
        return cleaned


class AddMembersForm(StepForm):
    """Soldiers of the unit chosen from the list, or their service numbers
    pasted one a line."""

    people = forms.ModelMultipleChoiceField(
        label=gettext_lazy("soldiers"),
        queryset=Person.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 12}),
    )
    service_numbers = forms.CharField(
        label=gettext_lazy("or their service numbers"),
        required=False,
        max_length=MAX_ROWS * 42,
        widget=forms.Textarea(attrs={"rows": 6, "dir": "ltr", "spellcheck": "false"}),
        help_text=gettext_lazy("One a line."),
    )
    role = forms.ChoiceField(
        label=gettext_lazy("role"), choices=MemberRole.choices, initial=MemberRole.MEMBER
    )

    def __init__(self, *args: Any, user: Any, rotation: UnitRotation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        soldiers = selectors.soldiers_for(
            user, UnitRotation.objects.filter(pk=rotation.pk).select_related("unit")
        ).exclude(rotations__rotation=rotation)
        field: Any = self.fields["people"]
        field.queryset = soldiers

    def clean(self) -> dict[str, Any]:
        cleaned: dict[str, Any] = super().clean() or {}
        people, numbers = cleaned.get("people"), cleaned.get("service_numbers", "")
        if not self.errors and not people and not numbers.strip():
            self.add_error("people", _("Choose soldiers or paste their service numbers."))
        return cleaned


class IssueForm(StepForm):
    """Items issued: ``ITEM_TYPE,SERIAL`` pasted one a line, or a file."""

    text = forms.CharField(
        label=gettext_lazy("items"),
        required=False,
        max_length=MAX_ROWS * 110,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 8, "dir": "ltr", "spellcheck": "false"}),
        help_text=gettext_lazy("One a line: ITEM_TYPE,SERIAL (or with ; or a tab between them)."),
    )
    file = forms.FileField(
        label=gettext_lazy("or a file"),
        required=False,
        help_text=gettext_lazy(
            "CSV (UTF-8, comma or semicolon) or XLSX (the first sheet) with the columns "
            "item_type and serial."
        ),
    )
    issued_on = _date(gettext_lazy("issued on"))

    def __init__(self, *args: Any, rotation: UnitRotation, **kwargs: Any) -> None:
        today = min(max(timezone.localdate(), rotation.starts_on), rotation.ends_on)
        kwargs.setdefault("initial", {"issued_on": today})
        super().__init__(*args, **kwargs)
        self.fields["file"].widget.attrs["accept"] = ACCEPT

    def clean(self) -> dict[str, Any]:
        cleaned: dict[str, Any] = super().clean() or {}
        text, upload = cleaned.get("text", ""), cleaned.get("file")
        if upload is not None and text.strip():
            self.add_error("text", _("Paste the items or upload a file, not both."))
        elif upload is None and not text.strip() and not self.errors:
            self.add_error("text", _("Paste the items or upload a file."))
        return cleaned


RETURN_CHOICES = [
    ("", gettext_lazy("not counted yet")),
    ("returned", gettext_lazy("returned")),
    ("damaged", gettext_lazy("returned damaged")),
]


class ReturnForm(StepForm):
    """Each item still issued: returned, returned damaged (with a note) or not
    counted yet; closing the count makes every item not counted lost."""

    returned_on = _date(gettext_lazy("taken back on"))
    close_count = forms.BooleanField(
        label=gettext_lazy("Close the count: every item not counted is lost"), required=False
    )

    def __init__(self, *args: Any, lines: Iterable[RotationEquipment], **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"returned_on": timezone.localdate()})
        self.lines = list(lines)
        super().__init__(*args, **kwargs)
        for line in self.lines:
            state = forms.ChoiceField(label=str(line), choices=RETURN_CHOICES, required=False)
            state.widget.attrs["class"] = "form-select form-select-sm"
            note = forms.CharField(label=_("damage"), max_length=2000, required=False)
            note.widget.attrs["class"] = "form-control form-control-sm"
            self.fields[f"state_{line.pk}"] = state
            self.fields[f"note_{line.pk}"] = note

    def line_fields(self) -> list[tuple[RotationEquipment, Any, Any]]:
        return [(line, self[f"state_{line.pk}"], self[f"note_{line.pk}"]) for line in self.lines]

    def returned(self) -> list[str]:
        return [
            f"{line.item_type.code},{line.serial_number}"
            for line in self.lines
            if self.cleaned_data.get(f"state_{line.pk}") == "returned"
        ]

    def damaged(self) -> dict[str, str]:
        return {
            f"{line.item_type.code},{line.serial_number}": self.cleaned_data.get(
                f"note_{line.pk}", ""
            )
            for line in self.lines
            if self.cleaned_data.get(f"state_{line.pk}") == "damaged"
        }


ASSESS_CHOICES = [
    ("", gettext_lazy("not assessed")),
    ("met", gettext_lazy("met")),
    ("not_met", gettext_lazy("not met")),
]


class AssessForm(StepForm):
    """Every criterion of the evaluation's checklist: met, not met or not
    assessed yet, with a remark."""

    def __init__(
        self,
        *args: Any,
        criteria: Iterable[ChecklistCriterion],
        assessments: dict[int, CriterionAssessment] | None = None,
        **kwargs: Any,
    ) -> None:
        self.criteria = list(criteria)
        assessments = assessments or {}
        initial: dict[str, Any] = {}
        for criterion in self.criteria:
            found = assessments.get(criterion.pk)
            if found is not None:
                initial[f"result_{criterion.pk}"] = "met" if found.met else "not_met"
                initial[f"remark_{criterion.pk}"] = found.remark
        kwargs.setdefault("initial", initial)
        super().__init__(*args, **kwargs)
        for criterion in self.criteria:
            result = forms.ChoiceField(label=str(criterion), choices=ASSESS_CHOICES, required=False)
            result.widget.attrs["class"] = "form-select form-select-sm"
            remark = forms.CharField(label=_("remark"), max_length=2000, required=False)
            remark.widget.attrs["class"] = "form-control form-control-sm"
            self.fields[f"result_{criterion.pk}"] = result
            self.fields[f"remark_{criterion.pk}"] = remark

    def criterion_fields(self) -> list[tuple[ChecklistCriterion, Any, Any]]:
        return [(c, self[f"result_{c.pk}"], self[f"remark_{c.pk}"]) for c in self.criteria]

    def results(self) -> dict[int, tuple[bool, str] | None]:
        found: dict[int, tuple[bool, str] | None] = {}
        for criterion in self.criteria:
            result = self.cleaned_data.get(f"result_{criterion.pk}")
            remark = self.cleaned_data.get(f"remark_{criterion.pk}", "")
            found[criterion.pk] = (result == "met", remark) if result else None
        return found

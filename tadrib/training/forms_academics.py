"""Forms of cadets at foreign academies: one per model, and the forms of the
steps (enrol cadets, decide, withdraw). A record's parent and subject (the
cadet of a result, the agreement of a line) are fixed once it exists: on an
edit page they are shown but not changed."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tadrib.core.access import reach_paths
from tadrib.core.choices import Action
from tadrib.core.forms import ScopedModelForm
from tadrib.organisations.models import Organisation
from tadrib.people.models import Person
from tadrib.people.selectors import people_for
from tadrib.training.choices import ENROLMENT_ACTIVE
from tadrib.training.models import (
    AcademicProgramme,
    AgreementComponent,
    CadetEnrolment,
    CadetIncident,
    Cohort,
    LearningAgreement,
    ProgrammeComponent,
    ProgressionDecision,
    RecognitionLine,
    TermResult,
)


class FixedOnEditForm(ScopedModelForm):
    """``fixed`` fields cannot change once the record exists."""

    fixed: tuple[str, ...] = ()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.instance._state.adding:
            for name in self.fixed:
                self.fields[name].disabled = True


class AcademicProgrammeForm(ScopedModelForm):
    class Meta:
        model = AcademicProgramme
        fields = [
            "institution",
            "code",
            "name_en",
            "name_ar",
            "name_tr",
            "years",
            "terms_per_year",
            "preparation_year",
            "language",
            "grade_max",
            "pass_mark",
            "credits_to_progress",
            "max_repeats",
            "credits_to_graduate",
            "qualification",
            "description",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}


class ProgrammeComponentForm(ScopedModelForm):
    class Meta:
        model = ProgrammeComponent
        fields = [
            "programme",
            "code",
            "name_en",
            "name_ar",
            "name_tr",
            "year",
            "term",
            "ects",
            "compulsory",
        ]


class CohortForm(ScopedModelForm):
    class Meta:
        model = Cohort
        fields = ["programme", "code", "sending_organisation", "starts_on", "planned_size"]


class CadetEnrolmentForm(FixedOnEditForm):
    """The cadet: a person the user may see (the sending office sees its
    own); on an edit page, the cadet enrolled."""

    fixed = ("cohort", "person")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        fields: Any = self.fields
        people = people_for(self.user).select_related(None).prefetch_related(None)
        if self.instance.person_id:
            people = people | Person.objects.filter(pk=self.instance.person_id)
        fields["person"].queryset = people
        # The cohorts the user reads (the sending office's too).
        fields["cohort"].queryset = Cohort.objects.for_user(self.user)

    class Meta:
        model = CadetEnrolment
        fields = ["cohort", "person", "enrolled_on", "notes"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}


def _active_enrolments(user: Any, action: str = Action.ADD) -> Any:
    return CadetEnrolment.objects.for_user(user, action).select_related("person", "cohort")


class TermResultForm(FixedOnEditForm):
    fixed = ("enrolment", "component")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        fields: Any = self.fields
        if self.instance._state.adding:
            fields["enrolment"].queryset = _active_enrolments(self.user).filter(
                status__in=sorted(ENROLMENT_ACTIVE)
            )
        else:
            fields["enrolment"].queryset = _active_enrolments(self.user, Action.CHANGE)
        fields["component"].queryset = fields["component"].queryset.select_related(None)

    class Meta:
        model = TermResult
        fields = ["enrolment", "component", "grade", "recorded_on", "note"]


class ProgressionDecisionForm(ScopedModelForm):
    """Decide a cadet's year: the rules give the outcome."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        fields: Any = self.fields
        fields["enrolment"].queryset = _active_enrolments(self.user, Action.CHANGE).filter(
            status__in=sorted(ENROLMENT_ACTIVE)
        )
        fields["decided_on"].initial = timezone.localdate()

    class Meta:
        model = ProgressionDecision
        fields = ["enrolment", "decided_on"]


class CadetIncidentForm(FixedOnEditForm):
    fixed = ("enrolment",)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["enrolment"]
        field.queryset = _active_enrolments(
            self.user, Action.ADD if self.instance._state.adding else Action.CHANGE
        )

    class Meta:
        model = CadetIncident
        fields = [
            "enrolment",
            "kind",
            "severity",
            "occurred_on",
            "hours_absent",
            "description",
            "closed_on",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}


class LearningAgreementForm(FixedOnEditForm):
    fixed = ("enrolment",)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["enrolment"]
        field.queryset = field.queryset.select_related("person", "cohort")

    class Meta:
        model = LearningAgreement
        fields = ["enrolment", "academic_year", "home_institution", "notes"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}


class AgreementComponentForm(FixedOnEditForm):
    fixed = ("agreement",)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        fields: Any = self.fields
        fields["agreement"].queryset = fields["agreement"].queryset.select_related(
            "enrolment__person"
        )

    class Meta:
        model = AgreementComponent
        fields = ["agreement", "component", "note"]


class RecognitionLineForm(FixedOnEditForm):
    """Table B is kept at home: the agreements the user reads whose home
    academy is in the user's reach, and their table A lines."""

    fixed = ("agreement", "host_line")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        fields: Any = self.fields
        action = Action.ADD if self.instance._state.adding else Action.CHANGE
        homes = Organisation.objects.under(reach_paths(self.user, RecognitionLine, action))
        fields["agreement"].queryset = (
            LearningAgreement.objects.for_user(self.user)
            .filter(home_institution__in=homes)
            .select_related("enrolment__person")
        )
        fields["host_line"].queryset = AgreementComponent.objects.for_user(
            self.user
        ).select_related("component")

    class Meta:
        model = RecognitionLine
        fields = ["agreement", "host_line", "home_code", "home_title", "credits"]


# --- the steps -------------------------------------------------------------------------


class StepFormMixin:
    """Bootstrap classes and date inputs on a plain form."""

    def style(self) -> None:
        for field in self.fields.values():  # type: ignore[attr-defined]
            widget = field.widget
            if isinstance(widget, forms.CheckboxSelectMultiple | forms.CheckboxInput):
                continue
            if isinstance(widget, forms.Select | forms.SelectMultiple):
                widget.attrs.setdefault("class", "form-select")
            else:
                widget.attrs.setdefault("class", "form-control")
            if isinstance(widget, forms.DateInput):
                widget.input_type = "date"


class EnrolCadetsForm(StepFormMixin, forms.Form):
    """The sending office enrols cadets: people of the sending nation it may see."""

    people = forms.ModelMultipleChoiceField(
        label=_("cadets"),
        queryset=Person.objects.none(),
        widget=forms.SelectMultiple(attrs={"size": 12}),
    )
    enrolled_on = forms.DateField(label=_("enrolled on"))

    def __init__(self, *args: Any, cohort: Cohort, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["people"]
        busy = CadetEnrolment.objects.filter(status__in=sorted(ENROLMENT_ACTIVE)).values(
            "person_id"
        )
        field.queryset = (
            people_for(user)
            .select_related(None)
            .prefetch_related(None)
            .filter(nation_id=cohort.sending_organisation.nation_id)
            .exclude(pk__in=busy)
        )
        self.fields["enrolled_on"].initial = cohort.starts_on
        self.style()


class DecideForm(StepFormMixin, forms.Form):
    decided_on = forms.DateField(label=_("decided on"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["decided_on"].initial = timezone.localdate()
        self.style()


class WithdrawForm(StepFormMixin, forms.Form):
    reason = forms.CharField(
        label=_("reason"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )
    ended_on = forms.DateField(label=_("ended on"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["ended_on"].initial = timezone.localdate()
        self.style()

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from tadrib.core.forms import ScopedModelForm
from tadrib.organisations.models import Organisation
from tadrib.people.selectors import people_for
from tadrib.training.choices import NominationStatus
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
from tadrib.training.steps import Step

N = NominationStatus
# Trainees a host records grades, attendance and incidents for.
AT_THE_HOST = (N.ACCEPTED, N.ENROLLED, N.IN_TRAINING, N.COMPLETED, N.FAILED, N.DISMISSED)


def host_trainees(user: Any) -> Any:
    """Nominations to courses of institutions in the user's reach (as host)."""
    from tadrib.core.access import reach_paths
    from tadrib.core.choices import Action

    paths = reach_paths(user, Course, Action.CHANGE)
    return (
        Nomination.objects.for_user(user)
        .filter(status__in=AT_THE_HOST, session__isnull=False)
        .filter(course__in=Course.objects.under(paths))
        .select_related("person", "course")
    )


class CourseForm(ScopedModelForm):
    class Meta:
        model = Course
        fields = [
            "institution",
            "code",
            "name_en",
            "name_ar",
            "name_tr",
            "area",
            "level",
            "language",
            "min_language_profile",
            "language_preparation",
            "duration_days",
            "min_rank",
            "max_rank",
            "qualification",
            "ects_credits",
            "framework_refs",
            "pass_mark",
            "description",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}


class CoursePrerequisiteForm(ScopedModelForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Any course of the catalogue the user reads may be required.
        field: Any = self.fields["required"]
        field.queryset = Course.objects.for_user(self.user)

    class Meta:
        model = CoursePrerequisite
        fields = ["course", "required", "note"]


class SessionForm(ScopedModelForm):
    class Meta:
        model = Session
        fields = [
            "course",
            "programme",
            "code",
            "starts_on",
            "ends_on",
            "report_on",
            "site",
            "capacity",
            "status",
        ]


class SessionQuotaForm(ScopedModelForm):
    class Meta:
        model = SessionQuota
        fields = ["session", "nation", "seats"]


class NominationForm(ScopedModelForm):
    """Who is put forward for what; the status moves only by steps."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        fields: Any = self.fields
        # The person: anyone of the user's nation the user may see (a
        # training directorate nominates soldiers of every unit).
        fields["person"].queryset = people_for(self.user).select_related(None)
        # The catalogue: courses and sessions the user reads (other nations').
        fields["course"].queryset = Course.objects.for_user(self.user)
        fields["session"].queryset = Session.objects.for_user(self.user).select_related("course")

    class Meta:
        model = Nomination
        fields = [
            "owner",
            "person",
            "course",
            "session",
            "priority",
            "medical_cleared_on",
            "passport_number",
            "passport_expires_on",
            "remarks",
        ]
        widgets = {"remarks": forms.Textarea(attrs={"rows": 3})}


class StepForm(forms.Form):
    """One step of a nomination; only the fields a step needs are used."""

    step = forms.ChoiceField(label=_("step"))
    reason = forms.CharField(
        label=_("reason"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    session = forms.ModelChoiceField(
        label=_("session"), queryset=Session.objects.none(), required=False
    )
    placed_unit = forms.ModelChoiceField(
        label=_("post: organisation"), queryset=Organisation.objects.none(), required=False
    )
    placed_post = forms.CharField(label=_("post"), max_length=200, required=False)
    placed_on = forms.DateField(label=_("placed on"), required=False)
    post_uses_training = forms.TypedChoiceField(
        label=_("post uses the training"),
        choices=[("", "—"), ("yes", _("Yes")), ("no", _("No"))],
        coerce=lambda value: value == "yes",
        empty_value=None,
        required=False,
    )

    def __init__(
        self, *args: Any, steps: list[Step], nomination: Nomination, user: Any, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        fields: Any = self.fields
        fields["step"].choices = [(step.key, step.label) for step in steps]
        fields["session"].queryset = Session.objects.for_user(user).filter(
            course_id=nomination.course_id
        )
        fields["session"].initial = nomination.session_id
        fields["placed_unit"].queryset = Organisation.objects.for_user(user).filter(
            nation_id=nomination.person.nation_id
        )
        for field in fields.values():
            widget = field.widget
            if isinstance(widget, forms.Select):
                widget.attrs.setdefault("class", "form-select")
            else:
                widget.attrs.setdefault("class", "form-control")
            if isinstance(widget, forms.DateInput):
                widget.input_type = "date"


class AssessmentForm(ScopedModelForm):
    class Meta:
        model = Assessment
        fields = ["session", "title", "weight", "max_score", "held_on"]


class HostRecordForm(ScopedModelForm):
    """A record on one trainee: the trainee is chosen among the host's own."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["nomination"]
        field.queryset = host_trainees(self.user)


class GradeForm(HostRecordForm):
    class Meta:
        model = Grade
        fields = ["nomination", "assessment", "score", "comment"]


class AttendanceForm(HostRecordForm):
    class Meta:
        model = Attendance
        fields = ["nomination", "on", "status", "note"]


class IncidentForm(HostRecordForm):
    class Meta:
        model = Incident
        fields = [
            "nomination",
            "kind",
            "severity",
            "occurred_at",
            "absence_hours",
            "description",
            "action_taken",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "action_taken": forms.Textarea(attrs={"rows": 2}),
            "occurred_at": forms.DateTimeInput(
                attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"
            ),
        }

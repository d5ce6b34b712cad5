"""Forms of seat allocation: intakes, their institutions, a nomination's
acceptable sessions, and the start of a run."""

from __future__ import annotations

from typing import Any

from django import forms

from tadrib.core.forms import ScopedModelForm
from tadrib.training.choices import IntakeStatus
from tadrib.training.models import (
    AllocationRun,
    Intake,
    IntakeInstitution,
    NominationChoice,
    Session,
)


class IntakeForm(ScopedModelForm):
    class Meta:
        model = Intake
        fields = ["owner", "code", "name", "starts_from", "starts_until", "status", "note"]
        widgets = {"note": forms.Textarea(attrs={"rows": 3})}


class IntakeInstitutionForm(ScopedModelForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["institution"]
        field.queryset = field.queryset.exclude(kind="unit")

    class Meta:
        model = IntakeInstitution
        fields = ["intake", "institution", "note"]


class NominationChoiceForm(ScopedModelForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The catalogue the user reads (the host nation's sessions).
        field: Any = self.fields["session"]
        field.queryset = Session.objects.for_user(self.user).select_related("course")

    class Meta:
        model = NominationChoice
        fields = ["nomination", "session", "weight"]


class AllocationRunForm(ScopedModelForm):
    """Start a run: the intake (an open one) and a note on why."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["intake"]
        field.queryset = field.queryset.filter(status=IntakeStatus.OPEN)

    class Meta:
        model = AllocationRun
        fields = ["intake", "note"]

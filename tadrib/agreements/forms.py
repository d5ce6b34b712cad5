from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

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
from tadrib.agreements.selectors import indicator_sources
from tadrib.core.forms import ScopedModelForm


class AgreementForm(ScopedModelForm):
    class Meta:
        model = Agreement
        fields = [
            "owner",
            "reference",
            "kind",
            "name_en",
            "name_ar",
            "name_tr",
            "summary",
            "signed_on",
            "signed_at",
            "entry_into_force",
            "expires_on",
            "extends",
        ]


class AgreementStatusForm(forms.Form):
    """One step of the agreement's status, with the dates that go with it."""

    status = forms.ChoiceField(label=_("new status"))
    reason = forms.CharField(label=_("reason"), required=False, widget=forms.Textarea({"rows": 2}))
    signed_on = forms.DateField(label=_("signed on"), required=False)
    entry_into_force = forms.DateField(label=_("entry into force"), required=False)
    expires_on = forms.DateField(label=_("expires on"), required=False)

    def __init__(self, *args: Any, agreement: Agreement, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        allowed = AGREEMENT_TRANSITIONS[agreement.status]
        self.fields["status"].choices = [  # type: ignore[attr-defined]
            (value, label) for value, label in AgreementStatus.choices if value in allowed
        ]
        for field in self.fields.values():
            widget = field.widget
            widget.attrs.setdefault(
                "class", "form-select" if isinstance(widget, forms.Select) else "form-control"
            )
            if isinstance(widget, forms.DateInput):
                widget.input_type = "date"


class AgreementPartyForm(ScopedModelForm):
    class Meta:
        model = AgreementParty
        fields = ["agreement", "organisation", "role", "signatory"]


class AgreementDocumentForm(ScopedModelForm):
    class Meta:
        model = AgreementDocument
        fields = ["agreement", "title", "kind", "file"]


class ClauseForm(ScopedModelForm):
    class Meta:
        model = Clause
        fields = ["agreement", "number", "areas", "text"]


class ClauseTargetForm(ScopedModelForm):
    class Meta:
        model = ClauseTarget
        fields = ["clause", "indicator", "quantity", "period"]


class ProgrammeForm(ScopedModelForm):
    class Meta:
        model = Programme
        fields = [
            "code",
            "name_en",
            "name_ar",
            "name_tr",
            "owner",
            "clause",
            "host_organisation",
            "partner_organisation",
            "starts_on",
            "ends_on",
            "status",
            "description",
        ]


class ObjectiveForm(ScopedModelForm):
    """An objective whose current value is typed in or computed from records
    (the computations other apps registered)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        sources = indicator_sources(self._meta.model)
        self.fields["source"] = forms.ChoiceField(
            label=self.fields["source"].label,
            help_text=self.fields["source"].help_text,
            required=False,
            choices=[("", _("typed in"))] + [(k, s.label) for k, s in sources.items()],
            widget=forms.Select({"class": "form-select"}),
        )


class ProgrammeObjectiveForm(ObjectiveForm):
    class Meta:
        model = ProgrammeObjective
        fields = [
            "programme",
            "clause_target",
            "title",
            "indicator",
            "baseline",
            "target",
            "current",
            "source",
        ]


class ProgrammeMilestoneForm(ScopedModelForm):
    class Meta:
        model = ProgrammeMilestone
        fields = ["programme", "title", "due_on", "completed_on", "evidence"]

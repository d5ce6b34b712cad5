from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from tadrib.advisory.models import (
    Deployment,
    DeploymentMember,
    DeploymentMilestone,
    DeploymentObjective,
    DeploymentReport,
    ReportAttachment,
)
from tadrib.agreements.selectors import indicator_sources
from tadrib.core.forms import ScopedModelForm


class DeploymentForm(ScopedModelForm):
    class Meta:
        model = Deployment
        fields = [
            "programme",
            "code",
            "name_en",
            "name_ar",
            "name_tr",
            "owner",
            "supported_organisation",
            "mission",
            "areas",
            "starts_on",
            "ends_on",
            "status",
        ]
        widgets = {"mission": forms.Textarea(attrs={"rows": 4})}


class DeploymentMemberForm(ScopedModelForm):
    class Meta:
        model = DeploymentMember
        fields = ["deployment", "person", "role", "starts_on", "ends_on"]


class DeploymentObjectiveForm(ScopedModelForm):
    # The computations registered for deployment objectives, or none.
    source = forms.ChoiceField(label=_("computed from"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        sources = indicator_sources(DeploymentObjective)
        field: Any = self.fields["source"]
        field.choices = [
            ("", _("Typed in (the current value below)")),
            *((key, source.label) for key, source in sources.items()),
        ]
        field.widget.attrs.setdefault("class", "form-select")

    class Meta:
        model = DeploymentObjective
        fields = ["deployment", "title", "indicator", "baseline", "target", "current", "source"]


class DeploymentMilestoneForm(ScopedModelForm):
    class Meta:
        model = DeploymentMilestone
        fields = ["deployment", "title", "due_on", "completed_on", "evidence"]
        widgets = {"evidence": forms.Textarea(attrs={"rows": 3})}


class DeploymentReportForm(ScopedModelForm):
    class Meta:
        model = DeploymentReport
        fields = ["deployment", "title", "period_start", "period_end", "submitted_on", "narrative"]
        widgets = {"narrative": forms.Textarea(attrs={"rows": 8})}


class ReportAttachmentForm(ScopedModelForm):
    class Meta:
        model = ReportAttachment
        fields = ["report", "title", "file"]
        widgets = {"file": forms.ClearableFileInput(attrs={"accept": "application/pdf,.pdf"})}

from __future__ import annotations

from typing import Any

import django_tables2 as tables
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

from tadrib.advisory.models import (
    Deployment,
    DeploymentMember,
    DeploymentMilestone,
    DeploymentObjective,
    DeploymentReport,
    ReportAttachment,
)


def _detail(record: Any) -> str:
    return str(record.get_absolute_url())


class DeploymentTable(tables.Table):
    code = tables.Column(linkify=True)
    name = tables.Column(accessor="name", verbose_name=_("name"), order_by=("name_en",))
    programme = tables.Column(accessor="programme__code", verbose_name=_("programme"))
    owner = tables.Column(accessor="owner__code", verbose_name=_("sent by"))
    supported_organisation = tables.Column(
        accessor="supported_organisation", verbose_name=_("supported organisation")
    )
    areas = tables.Column(verbose_name=_("areas"), orderable=False)

    class Meta:
        model = Deployment
        fields = (
            "code",
            "name",
            "programme",
            "owner",
            "supported_organisation",
            "areas",
            "starts_on",
            "ends_on",
            "status",
        )

    def render_areas(self, record: Deployment) -> str:
        return str(record.get_areas_display())  # type: ignore[attr-defined]

    def value_areas(self, record: Deployment) -> str:
        return str(record.get_areas_display())  # type: ignore[attr-defined]


class DeploymentMemberTable(tables.Table):
    person = tables.Column(linkify=_detail, order_by=("person__family_name_latin",))
    deployment = tables.Column(accessor="deployment__code", verbose_name=_("deployment"))

    class Meta:
        model = DeploymentMember
        fields = ("person", "deployment", "role", "starts_on", "ends_on")


class DeploymentObjectiveTable(tables.Table):
    title = tables.Column(linkify=True)
    deployment = tables.Column(accessor="deployment__code", verbose_name=_("deployment"))

    class Meta:
        model = DeploymentObjective
        fields = ("title", "deployment", "indicator", "baseline", "target", "current", "source")


class DeploymentMilestoneTable(tables.Table):
    title = tables.Column(linkify=True)
    deployment = tables.Column(accessor="deployment__code", verbose_name=_("deployment"))

    class Meta:
        model = DeploymentMilestone
        fields = ("title", "deployment", "due_on", "completed_on")
        row_attrs = {"class": lambda record: "table-danger" if record.is_overdue else ""}


class DeploymentReportTable(tables.Table):
    title = tables.Column(linkify=True)
    deployment = tables.Column(accessor="deployment__code", verbose_name=_("deployment"))
    attachments = tables.Column(empty_values=(), orderable=False, verbose_name=_("attachments"))

    class Meta:
        model = DeploymentReport
        fields = ("title", "deployment", "period_start", "period_end", "submitted_on")
        sequence = (*fields, "attachments")

    def render_attachments(self, record: DeploymentReport) -> int:
        # Uses the prefetched attachments: no query per row.
        return len(record.attachments.all())


class ReportAttachmentTable(tables.Table):
    title = tables.Column(linkify=True)
    report = tables.Column(accessor="report__title", verbose_name=_("report"))
    deployment = tables.Column(accessor="report__deployment__code", verbose_name=_("deployment"))
    size = tables.Column(verbose_name=_("size"))
    download = tables.Column(empty_values=(), orderable=False, verbose_name=_("file"))

    class Meta:
        model = ReportAttachment
        fields = ("title", "report", "deployment", "size", "sha256")
        sequence = (*fields, "download")

    export_exclude = ("download",)

    def render_size(self, value: int) -> str:
        return str(filesizeformat(value))

    def render_download(self, record: ReportAttachment) -> SafeString:
        url = reverse("advisory:reportattachment_file", args=[record.pk])
        return format_html('<a href="{}">{}</a>', url, _("Download"))

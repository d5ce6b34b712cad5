from __future__ import annotations

from typing import Any

from django.db.models import Prefetch
from django.http import FileResponse, HttpRequest
from django.urls import reverse

from tadrib.advisory import selectors
from tadrib.advisory.models import (
    Deployment,
    DeploymentMember,
    DeploymentMilestone,
    DeploymentObjective,
    DeploymentReport,
    ReportAttachment,
)
from tadrib.agreements.selectors import progress_all
from tadrib.core import access
from tadrib.core import views as generic
from tadrib.core.choices import Action
from tadrib.core.files import download


def _add_url(model: type, parent: str, pk: int) -> str:
    return reverse(generic.url_name(model, "_add")) + f"?{parent}={pk}"


class DeploymentDetailView(generic.ObjectDetailView):
    """A deployment with its team, objectives and their progress, milestones
    (overdue ones marked) and reports with their attachments."""

    template_name = "advisory/deployment_detail.html"

    def extra_context(self, obj: Deployment) -> dict[str, Any]:
        user = self.request.user
        children = {
            "member": DeploymentMember(deployment=obj),
            "objective": DeploymentObjective(deployment=obj),
            "milestone": DeploymentMilestone(deployment=obj),
            "report": DeploymentReport(deployment=obj),
        }
        context: dict[str, Any] = {
            "members": obj.members.select_related("person__rank").order_by("starts_on", "pk"),
            "progress": progress_all(list(obj.objectives.all())),
            "milestones": list(obj.milestones.all()),
            "reports": obj.reports.prefetch_related(
                Prefetch("attachments", queryset=ReportAttachment.objects.order_by("title", "pk"))
            ),
        }
        for key, child in children.items():
            context[f"can_add_{key}"] = access.can(user, Action.ADD, child)
            context[f"add_{key}_url"] = _add_url(type(child), "deployment", obj.pk)
        return context


class DeploymentReportDetailView(generic.ObjectDetailView):
    """A report with its narrative and attachments."""

    template_name = "advisory/deploymentreport_detail.html"

    def extra_context(self, obj: DeploymentReport) -> dict[str, Any]:
        return {
            "attachments": obj.attachments.all(),
            "can_add_attachment": access.can(
                self.request.user, Action.ADD, ReportAttachment(report=obj)
            ),
            "add_attachment_url": _add_url(ReportAttachment, "report", obj.pk),
        }


class ReportAttachmentDetailView(generic.ObjectDetailView):
    template_name = "advisory/reportattachment_detail.html"


class ReportAttachmentFileView(generic.ScopedView):
    """The attachment's PDF, for readers of its report only (404 otherwise)."""

    model = ReportAttachment
    selector = staticmethod(selectors.report_attachments_for)  # type: ignore[assignment]

    def get(self, request: HttpRequest, pk: int) -> FileResponse:
        return download(self.get_object(pk))

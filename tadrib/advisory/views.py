from __future__ import annotations

from typing import Any

from django.db.models import Prefetch

from tadrib.advisory.models import (
    Deployment,
    DeploymentMember,
    DeploymentMilestone,
    DeploymentObjective,
    DeploymentReport,
    ReportAttachment,
)
from tadrib.agreements.selectors import progress_all
from tadrib.core import views as generic
from tadrib.core.views import add_link


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
            context[f"add_{key}_url"] = add_link(user, child, "deployment")
        return context


class DeploymentReportDetailView(generic.ObjectDetailView):
    """A report with its narrative and attachments."""

    template_name = "advisory/deploymentreport_detail.html"

    def extra_context(self, obj: DeploymentReport) -> dict[str, Any]:
        return {
            "attachments": obj.attachments.all(),
            "add_attachment_url": add_link(
                self.request.user, ReportAttachment(report=obj), "report"
            ),
        }


class ReportAttachmentDetailView(generic.ObjectDetailView):
    template_name = "advisory/reportattachment_detail.html"

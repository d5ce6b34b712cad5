from django.urls import path

from tadrib.advisory import filtersets, forms, selectors, services, tables, views
from tadrib.advisory.models import (
    Deployment,
    DeploymentMember,
    DeploymentMilestone,
    DeploymentObjective,
    DeploymentReport,
    ReportAttachment,
)
from tadrib.core.views import DocumentFileView, object_views

app_name = "advisory"

urlpatterns = [
    *object_views(
        "members",
        model=DeploymentMember,
        selector=selectors.deployment_members_for,
        filterset=filtersets.DeploymentMemberFilterSet,
        table=tables.DeploymentMemberTable,
        form=forms.DeploymentMemberForm,
        save=services.save_deployment_member,
        delete=services.delete_deployment_member,
    ),
    *object_views(
        "objectives",
        model=DeploymentObjective,
        selector=selectors.deployment_objectives_for,
        filterset=filtersets.DeploymentObjectiveFilterSet,
        table=tables.DeploymentObjectiveTable,
        form=forms.DeploymentObjectiveForm,
        save=services.save_deployment_objective,
        delete=services.delete_deployment_objective,
    ),
    *object_views(
        "milestones",
        model=DeploymentMilestone,
        selector=selectors.deployment_milestones_for,
        filterset=filtersets.DeploymentMilestoneFilterSet,
        table=tables.DeploymentMilestoneTable,
        form=forms.DeploymentMilestoneForm,
        save=services.save_deployment_milestone,
        delete=services.delete_deployment_milestone,
    ),
    *object_views(
        "reports",
        model=DeploymentReport,
        selector=selectors.deployment_reports_for,
        filterset=filtersets.DeploymentReportFilterSet,
        table=tables.DeploymentReportTable,
        form=forms.DeploymentReportForm,
        save=services.save_deployment_report,
        delete=services.delete_deployment_report,
        fields=["deployment", "title", "period_start", "period_end", "submitted_on"],
        detail_view=views.DeploymentReportDetailView,
    ),
    path(
        "attachments/<int:pk>/file/",
        DocumentFileView.as_view(model=ReportAttachment, selector=selectors.report_attachments_for),
        name="reportattachment_file",
    ),
    *object_views(
        "attachments",
        model=ReportAttachment,
        selector=selectors.report_attachments_for,
        filterset=filtersets.ReportAttachmentFilterSet,
        table=tables.ReportAttachmentTable,
        form=forms.ReportAttachmentForm,
        save=services.save_report_attachment,
        delete=services.delete_report_attachment,
        fields=["report", "title", "size", "sha256", "created_at"],
        detail_view=views.ReportAttachmentDetailView,
    ),
    *object_views(
        "",
        model=Deployment,
        selector=selectors.deployments_for,
        filterset=filtersets.DeploymentFilterSet,
        table=tables.DeploymentTable,
        form=forms.DeploymentForm,
        save=services.save_deployment,
        delete=services.delete_deployment,
        # The mission is shown whole, under the fields.
        fields=[
            "programme",
            "code",
            "name_en",
            "name_ar",
            "name_tr",
            "owner",
            "supported_organisation",
            "areas",
            "starts_on",
            "ends_on",
            "status",
        ],
        detail_view=views.DeploymentDetailView,
    ),
]

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tadrib.advisory.choices import DeploymentArea, DeploymentStatus, MemberRole
from tadrib.advisory.models import (
    Deployment,
    DeploymentMember,
    DeploymentMilestone,
    DeploymentObjective,
    DeploymentReport,
    ReportAttachment,
)
from tadrib.core.filtersets import SearchFilterSet
from tadrib.organisations.models import Organisation


def supported_organisations(request: Any) -> QuerySet[Organisation]:
    """The organisations supported by a deployment the user may see."""
    if request is None:
        return Organisation.objects.none()
    visible = Deployment.objects.for_user(request.user).values("supported_organisation_id")
    return Organisation.objects.filter(pk__in=visible)


class DeploymentFilterSet(SearchFilterSet):
    search_fields = ("code", "name_en", "name_ar", "name_tr", "mission")
    programme = django_filters.NumberFilter(field_name="programme_id", label=_("programme (id)"))
    status = django_filters.ChoiceFilter(choices=DeploymentStatus.choices, label=_("status"))
    area = django_filters.ChoiceFilter(
        choices=DeploymentArea.choices, method="in_area", label=_("area")
    )
    supported_organisation = django_filters.ModelChoiceFilter(
        queryset=supported_organisations, label=_("supported organisation")
    )
    starts_after = django_filters.DateFilter(
        field_name="starts_on", lookup_expr="gte", label=_("starts on or after")
    )
    ends_before = django_filters.DateFilter(
        field_name="ends_on", lookup_expr="lte", label=_("ends on or before")
    )

    class Meta:
        model = Deployment
        fields = [
            "q",
            "programme",
            "status",
            "area",
            "supported_organisation",
            "starts_after",
            "ends_before",
        ]

    def in_area(self, queryset: QuerySet, name: str, value: Any) -> QuerySet:
        return queryset.filter(areas__contains=value)


class DeploymentMemberFilterSet(SearchFilterSet):
    search_fields = (
        "person__service_number",
        "person__family_name",
        "person__family_name_latin",
        "person__given_names_latin",
        "deployment__code",
    )
    deployment = django_filters.NumberFilter(field_name="deployment_id", label=_("deployment (id)"))
    person = django_filters.NumberFilter(field_name="person_id", label=_("person (id)"))
    role = django_filters.ChoiceFilter(choices=MemberRole.choices, label=_("role"))

    class Meta:
        model = DeploymentMember
        fields = ["q", "deployment", "person", "role"]


class DeploymentObjectiveFilterSet(SearchFilterSet):
    search_fields = ("title", "indicator", "deployment__code")
    deployment = django_filters.NumberFilter(field_name="deployment_id", label=_("deployment (id)"))

    class Meta:
        model = DeploymentObjective
        fields = ["q", "deployment"]


class DeploymentMilestoneFilterSet(SearchFilterSet):
    search_fields = ("title", "evidence", "deployment__code")
    deployment = django_filters.NumberFilter(field_name="deployment_id", label=_("deployment (id)"))
    overdue = django_filters.BooleanFilter(method="is_overdue", label=_("overdue"))

    class Meta:
        model = DeploymentMilestone
        fields = ["q", "deployment", "overdue"]

    def is_overdue(self, queryset: QuerySet, name: str, value: Any) -> QuerySet:
        late = {"completed_on__isnull": True, "due_on__lt": timezone.localdate()}
        return queryset.filter(**late) if value else queryset.exclude(**late)


class DeploymentReportFilterSet(SearchFilterSet):
    search_fields = ("title", "narrative", "deployment__code")
    deployment = django_filters.NumberFilter(field_name="deployment_id", label=_("deployment (id)"))

    class Meta:
        model = DeploymentReport
        fields = ["q", "deployment"]


class ReportAttachmentFilterSet(SearchFilterSet):
    search_fields = ("title", "report__title")
    report = django_filters.NumberFilter(field_name="report_id", label=_("report (id)"))
    deployment = django_filters.NumberFilter(
        field_name="report__deployment_id", label=_("deployment (id)")
    )

    class Meta:
        model = ReportAttachment
        fields = ["q", "report", "deployment"]

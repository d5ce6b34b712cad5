from __future__ import annotations

import datetime as dt
from typing import Any

import django_filters
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tadrib.agreements.choices import (
    AgreementKind,
    AgreementStatus,
    CooperationArea,
    DocumentKind,
    PartyRole,
    ProgrammeStatus,
)
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
from tadrib.core.filtersets import SearchFilterSet
from tadrib.organisations.models import Nation


class AgreementFilterSet(SearchFilterSet):
    search_fields = ("reference", "name_en", "name_ar", "name_tr", "signed_at")
    kind = django_filters.ChoiceFilter(choices=AgreementKind.choices, label=_("kind"))
    status = django_filters.ChoiceFilter(choices=AgreementStatus.choices, label=_("status"))
    party = django_filters.ModelChoiceFilter(
        queryset=Nation.objects.all(), method="with_party", label=_("party")
    )
    area = django_filters.ChoiceFilter(
        choices=CooperationArea.choices, method="covering", label=_("cooperation area")
    )
    signed_after = django_filters.DateFilter(
        field_name="signed_on", lookup_expr="gte", label=_("signed on or after")
    )
    signed_before = django_filters.DateFilter(
        field_name="signed_on", lookup_expr="lte", label=_("signed on or before")
    )
    in_force_on = django_filters.DateFilter(method="in_force", label=_("in force on"))

    class Meta:
        model = Agreement
        fields = [
            "q",
            "kind",
            "status",
            "party",
            "area",
            "signed_after",
            "signed_before",
            "in_force_on",
        ]

    def with_party(self, queryset: QuerySet, name: str, value: Nation) -> QuerySet:
        return queryset.filter(
            pk__in=AgreementParty.objects.filter(organisation__nation=value).values("agreement_id")
        )

    def covering(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(
            pk__in=Clause.objects.filter(areas__contains=value).values("agreement_id")
        )

    def in_force(self, queryset: QuerySet, name: str, value: dt.date) -> QuerySet:
        return queryset.filter(
            Q(entry_into_force__lte=value),
            Q(expires_on__isnull=True) | Q(expires_on__gt=value),
            status__in=[AgreementStatus.IN_FORCE, AgreementStatus.EXPIRED],
        )


class AgreementPartyFilterSet(SearchFilterSet):
    search_fields = ("signatory", "organisation__code", "organisation__name_en")
    agreement = django_filters.NumberFilter(field_name="agreement_id", label=_("agreement (id)"))
    role = django_filters.ChoiceFilter(choices=PartyRole.choices, label=_("role"))
    nation = django_filters.ModelChoiceFilter(
        field_name="organisation__nation", queryset=Nation.objects.all(), label=_("nation")
    )

    class Meta:
        model = AgreementParty
        fields = ["q", "agreement", "role", "nation"]


class AgreementDocumentFilterSet(SearchFilterSet):
    search_fields = ("title",)
    agreement = django_filters.NumberFilter(field_name="agreement_id", label=_("agreement (id)"))
    kind = django_filters.ChoiceFilter(choices=DocumentKind.choices, label=_("kind"))

    class Meta:
        model = AgreementDocument
        fields = ["q", "agreement", "kind"]


class ClauseFilterSet(SearchFilterSet):
    search_fields = ("number", "text", "agreement__reference")
    agreement = django_filters.NumberFilter(field_name="agreement_id", label=_("agreement (id)"))
    area = django_filters.ChoiceFilter(
        field_name="areas",
        lookup_expr="contains",
        choices=CooperationArea.choices,
        label=_("cooperation area"),
    )
    status = django_filters.ChoiceFilter(
        field_name="agreement__status", choices=AgreementStatus.choices, label=_("status")
    )

    class Meta:
        model = Clause
        fields = ["q", "agreement", "area", "status"]


class ClauseTargetFilterSet(SearchFilterSet):
    search_fields = ("indicator",)
    clause = django_filters.NumberFilter(field_name="clause_id", label=_("clause (id)"))
    area = django_filters.ChoiceFilter(
        field_name="clause__areas",
        lookup_expr="contains",
        choices=CooperationArea.choices,
        label=_("cooperation area"),
    )

    class Meta:
        model = ClauseTarget
        fields = ["q", "clause", "area"]


class ProgrammeFilterSet(SearchFilterSet):
    search_fields = ("code", "name_en", "name_ar", "name_tr")
    status = django_filters.ChoiceFilter(choices=ProgrammeStatus.choices, label=_("status"))
    area = django_filters.ChoiceFilter(
        field_name="clause__areas",
        lookup_expr="contains",
        choices=CooperationArea.choices,
        label=_("cooperation area"),
    )
    agreement = django_filters.NumberFilter(
        field_name="clause__agreement_id", label=_("agreement (id)")
    )
    clause = django_filters.NumberFilter(field_name="clause_id", label=_("clause (id)"))
    party = django_filters.ModelChoiceFilter(
        queryset=Nation.objects.all(), method="with_party", label=_("party")
    )
    starts_after = django_filters.DateFilter(
        field_name="starts_on", lookup_expr="gte", label=_("starts on or after")
    )
    ends_before = django_filters.DateFilter(
        field_name="ends_on", lookup_expr="lte", label=_("ends on or before")
    )

    class Meta:
        model = Programme
        fields = [
            "q",
            "status",
            "area",
            "agreement",
            "clause",
            "party",
            "starts_after",
            "ends_before",
        ]

    def with_party(self, queryset: QuerySet, name: str, value: Nation) -> QuerySet:
        return queryset.filter(
            Q(host_organisation__nation=value) | Q(partner_organisation__nation=value)
        )


class ProgrammeObjectiveFilterSet(SearchFilterSet):
    search_fields = ("title", "indicator")
    programme = django_filters.NumberFilter(field_name="programme_id", label=_("programme (id)"))

    class Meta:
        model = ProgrammeObjective
        fields = ["q", "programme"]


class ProgrammeMilestoneFilterSet(SearchFilterSet):
    search_fields = ("title", "evidence")
    programme = django_filters.NumberFilter(field_name="programme_id", label=_("programme (id)"))
    overdue = django_filters.BooleanFilter(method="only_overdue", label=_("overdue"))
    due_after = django_filters.DateFilter(
        field_name="due_on", lookup_expr="gte", label=_("due on or after")
    )
    due_before = django_filters.DateFilter(
        field_name="due_on", lookup_expr="lte", label=_("due on or before")
    )

    class Meta:
        model = ProgrammeMilestone
        fields = ["q", "programme", "overdue", "due_after", "due_before"]

    def only_overdue(self, queryset: QuerySet, name: str, value: Any) -> QuerySet:
        if value is None:
            return queryset
        overdue = Q(completed_on__isnull=True, due_on__lt=timezone.localdate())
        return queryset.filter(overdue if value else ~overdue)

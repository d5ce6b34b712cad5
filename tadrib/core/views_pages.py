"""Pages of the core app: the home dashboard and the audit log."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.mixins import LoginRequiredMixin
from django.db import connection
from django.db.models import Count
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.views import View
from django_tables2 import RequestConfig

from tadrib.core.exports import csv_response
from tadrib.core.filtersets import AuditEntryFilterSet
from tadrib.core.selectors import audit_entries_for
from tadrib.core.tables import AuditEntryTable


class HomeView(LoginRequiredMixin, View):
    """What the user can reach, at a glance, with people by nation and category."""

    def get(self, request: HttpRequest) -> HttpResponse:
        from tadrib.accounts.selectors import own_memberships
        from tadrib.organisations.selectors import organisations_for
        from tadrib.people.choices import PersonCategory
        from tadrib.people.selectors import people_for

        people = people_for(request.user).order_by()
        by_category = dict(
            people.values_list("category").annotate(n=Count("pk")).values_list("category", "n")
        )
        by_nation = list(
            people.values_list("nation_id", "nation__iso_code")
            .annotate(n=Count("pk"))
            .order_by("nation__iso_code")
        )
        chart = {
            "labels": [str(label) for value, label in PersonCategory.choices],
            "values": [by_category.get(value, 0) for value, _label in PersonCategory.choices],
        }
        context = {
            "memberships": own_memberships(request.user),
            "people_total": sum(by_category.values()),
            "organisations_total": organisations_for(request.user).count(),
            "by_nation": by_nation,
            "by_category": [
                (label, by_category.get(value, 0)) for value, label in PersonCategory.choices
            ],
            "chart": chart,
            "recent": audit_entries_for(request.user).order_by("-seq")[:10],
        }
        return render(request, "core/home.html", context)


class AuditLogView(LoginRequiredMixin, View):
    def get(self, request: HttpRequest) -> HttpResponseBase:
        queryset = audit_entries_for(request.user)
        filterset = AuditEntryFilterSet(request.GET or None, queryset=queryset, request=request)
        rows = filterset.qs if filterset.is_bound and filterset.is_valid() else queryset
        table = AuditEntryTable(rows.order_by("-seq"), request=request)
        if request.GET.get("export") == "csv":
            return csv_response(table, "audit-trail")
        RequestConfig(request, paginate={"per_page": 50}).configure(table)
        context: dict[str, Any] = {"table": table, "filter": filterset}
        template = (
            "core/_object_table.html" if getattr(request, "htmx", False) else "core/audit_log.html"
        )
        return render(request, template, context)


def health(request: HttpRequest) -> JsonResponse:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})

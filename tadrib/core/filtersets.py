from __future__ import annotations

from typing import Any

import django_filters
from django import forms
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from tadrib.core.models import AuditEntry


class SearchFilterSet(django_filters.FilterSet):
    """Base of every model's filter set, shared by its UI list and API list:
    ``q`` searches the declared ``search_fields``."""

    search_fields: tuple[str, ...] = ()

    q = django_filters.CharFilter(method="search", label=_("Search"))

    def search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        condition = Q()
        for term in value.split():
            term_condition = Q()
            for field in self.search_fields:
                term_condition |= Q(**{f"{field}__icontains": term})
            condition &= term_condition
        return queryset.filter(condition)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.form.fields.values():
            css = (
                "form-select form-select-sm"
                if isinstance(field.widget, forms.Select)
                else "form-control form-control-sm"
            )
            field.widget.attrs.setdefault("class", css)
            if isinstance(field.widget, forms.DateInput):
                field.widget.input_type = "date"


class AuditEntryFilterSet(SearchFilterSet):
    search_fields = ("actor_username", "action", "object_repr", "request_id")
    object_type = django_filters.CharFilter(label=_("record type"))
    object_id = django_filters.CharFilter(label=_("record id"))
    action = django_filters.CharFilter(lookup_expr="startswith", label=_("action"))

    class Meta:
        model = AuditEntry
        fields = ["q", "action", "object_type", "object_id"]

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from tadrib.core.filtersets import SearchFilterSet
from tadrib.organisations.choices import Echelon, NationRole, OrganisationKind
from tadrib.organisations.models import Nation, Organisation


def scoped_organisations(request: Any) -> QuerySet[Organisation]:
    if request is None:
        return Organisation.objects.none()
    return Organisation.objects.for_user(request.user)


class WithinFilter(django_filters.NumberFilter):
    """Records in an organisation and everything under it (by the organisation's id)."""

    def __init__(self, *args: Any, path_lookup: str = "path", **kwargs: Any) -> None:
        kwargs.setdefault("label", _("Within organisation (id)"))
        super().__init__(*args, **kwargs)
        self.path_lookup = path_lookup

    def filter(self, qs: QuerySet, value: Any) -> QuerySet:
        if value in (None, ""):
            return qs
        path = Organisation.objects.filter(pk=value).values_list("path", flat=True).first()
        if path is None:
            return qs.none()
        return qs.filter(**{f"{self.path_lookup}__startswith": path})


class NationFilterSet(SearchFilterSet):
    search_fields = ("iso_code", "name_en", "name_ar", "name_tr")
    role = django_filters.ChoiceFilter(choices=NationRole.choices, label=_("role"))

    class Meta:
        model = Nation
        fields = ["q", "role"]


class OrganisationFilterSet(SearchFilterSet):
    search_fields = ("code", "name_en", "name_ar", "name_tr")
    nation = django_filters.ModelChoiceFilter(queryset=Nation.objects.all(), label=_("nation"))
    kind = django_filters.ChoiceFilter(choices=OrganisationKind.choices, label=_("kind"))
    echelon = django_filters.ChoiceFilter(choices=Echelon.choices, label=_("echelon"))
    within = WithinFilter()
    is_active = django_filters.BooleanFilter(label=_("active"))

    class Meta:
        model = Organisation
        fields = ["q", "nation", "kind", "echelon", "within", "is_active"]

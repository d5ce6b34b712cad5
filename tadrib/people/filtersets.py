from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from tadrib.core.filtersets import SearchFilterSet
from tadrib.organisations.filtersets import WithinFilter, scoped_organisations
from tadrib.organisations.models import Nation
from tadrib.people.choices import Language, NatoRankCode, PersonCategory, PersonStatus, VettingState
from tadrib.people.models import (
    LanguageProficiency,
    Person,
    PersonQualification,
    Qualification,
    Rank,
    Specialty,
)


class PersonFilterSet(SearchFilterSet):
    search_fields = (
        "service_number",
        "given_names",
        "family_name",
        "given_names_latin",
        "family_name_latin",
    )
    nation = django_filters.ModelChoiceFilter(queryset=Nation.objects.all(), label=_("nation"))
    category = django_filters.ChoiceFilter(choices=PersonCategory.choices, label=_("category"))
    status = django_filters.ChoiceFilter(choices=PersonStatus.choices, label=_("status"))
    vetting_state = django_filters.ChoiceFilter(choices=VettingState.choices, label=_("vetting"))
    nato_code = django_filters.ChoiceFilter(
        field_name="rank__nato_code", choices=NatoRankCode.choices, label=_("NATO code")
    )
    specialty = django_filters.ModelChoiceFilter(
        queryset=Specialty.objects.all(), label=_("specialty")
    )
    unit = django_filters.ModelChoiceFilter(queryset=scoped_organisations, label=_("unit"))
    within = WithinFilter(path_lookup="unit__path")
    language = django_filters.ChoiceFilter(
        choices=Language.choices, method="speaks", label=_("language")
    )

    class Meta:
        model = Person
        fields = [
            "q",
            "nation",
            "category",
            "status",
            "vetting_state",
            "nato_code",
            "specialty",
            "unit",
            "within",
            "language",
        ]

    def speaks(self, queryset: QuerySet, name: str, value: Any) -> QuerySet:
        return queryset.filter(language_proficiencies__language=value).distinct()


class LanguageProficiencyFilterSet(SearchFilterSet):
    search_fields = ("person__service_number", "person__family_name_latin")
    language = django_filters.ChoiceFilter(choices=Language.choices, label=_("language"))
    person = django_filters.NumberFilter(field_name="person_id", label=_("person (id)"))

    class Meta:
        model = LanguageProficiency
        fields = ["q", "language", "person"]


class RankFilterSet(SearchFilterSet):
    search_fields = ("code", "name_en", "name_ar", "name_tr")
    nation = django_filters.ModelChoiceFilter(queryset=Nation.objects.all(), label=_("nation"))
    nato_code = django_filters.ChoiceFilter(choices=NatoRankCode.choices, label=_("NATO code"))

    class Meta:
        model = Rank
        fields = ["q", "nation", "nato_code"]


class SpecialtyFilterSet(SearchFilterSet):
    search_fields = ("code", "name_en", "name_ar", "name_tr")

    class Meta:
        model = Specialty
        fields = ["q"]


class QualificationFilterSet(SearchFilterSet):
    search_fields = ("code", "name_en", "name_ar", "name_tr")

    class Meta:
        model = Qualification
        fields = ["q"]


class PersonQualificationFilterSet(SearchFilterSet):
    search_fields = ("person__service_number", "person__family_name_latin", "qualification__code")
    person = django_filters.NumberFilter(field_name="person_id", label=_("person (id)"))
    qualification = django_filters.ModelChoiceFilter(
        queryset=Qualification.objects.all(), label=_("qualification")
    )

    class Meta:
        model = PersonQualification
        fields = ["q", "person", "qualification"]

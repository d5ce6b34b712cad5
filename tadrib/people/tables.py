from __future__ import annotations

import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from tadrib.people.models import (
    LanguageProficiency,
    Person,
    PersonQualification,
    Qualification,
    Rank,
    Specialty,
)


class PersonTable(tables.Table):
    service_number = tables.Column(linkify=True)
    name = tables.Column(
        accessor="full_name", verbose_name=_("name"), order_by=("family_name", "given_names")
    )
    name_latin = tables.Column(
        accessor="full_name_latin",
        verbose_name=_("name (Latin)"),
        order_by=("family_name_latin", "given_names_latin"),
    )
    nation = tables.Column(accessor="nation__iso_code", verbose_name=_("nation"))
    rank = tables.Column(accessor="rank", verbose_name=_("rank"))
    unit = tables.Column(accessor="unit__code", verbose_name=_("unit"))
    languages = tables.Column(empty_values=(), orderable=False, verbose_name=_("languages"))

    class Meta:
        model = Person
        fields = (
            "service_number",
            "name",
            "name_latin",
            "nation",
            "category",
            "rank",
            "specialty",
            "unit",
            "status",
        )
        sequence = (*fields, "languages")

    def render_languages(self, record: Person) -> str:
        # Uses the prefetched proficiencies: no query per row.
        return ", ".join(
            f"{p.language.upper()} {p.profile}" for p in record.language_proficiencies.all()
        )


class LanguageProficiencyTable(tables.Table):
    person = tables.Column(linkify=True)
    language = tables.Column(linkify=lambda record: record.get_absolute_url())
    profile = tables.Column(verbose_name=_("profile"), empty_values=(), orderable=False)

    class Meta:
        model = LanguageProficiency
        fields = (
            "person",
            "language",
            "profile",
            "listening",
            "speaking",
            "reading",
            "writing",
            "tested_on",
        )


class RankTable(tables.Table):
    code = tables.Column(linkify=True)
    nation = tables.Column(accessor="nation__iso_code", verbose_name=_("nation"))
    name = tables.Column(accessor="name", verbose_name=_("name"), order_by=("name_en",))

    class Meta:
        model = Rank
        fields = ("nation", "code", "name", "nato_code", "order")


class SpecialtyTable(tables.Table):
    code = tables.Column(linkify=True)
    name = tables.Column(accessor="name", verbose_name=_("name"), order_by=("name_en",))

    class Meta:
        model = Specialty
        fields = ("code", "name", "name_en", "name_ar", "name_tr")


class QualificationTable(tables.Table):
    code = tables.Column(linkify=True)
    name = tables.Column(accessor="name", verbose_name=_("name"), order_by=("name_en",))

    class Meta:
        model = Qualification
        fields = ("code", "name", "valid_for_months")


class PersonQualificationTable(tables.Table):
    person = tables.Column(linkify=True)
    qualification = tables.Column(
        accessor="qualification__code",
        verbose_name=_("qualification"),
        linkify=lambda record: record.get_absolute_url(),
    )

    class Meta:
        model = PersonQualification
        fields = ("person", "qualification", "awarded_on", "expires_on", "awarded_by")

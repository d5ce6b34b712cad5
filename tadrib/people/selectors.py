from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from tadrib.core.choices import Action
from tadrib.people.models import (
    LanguageProficiency,
    Person,
    PersonQualification,
    Qualification,
    Rank,
    Specialty,
)


def people_for(user: Any, action: str = Action.VIEW) -> QuerySet[Person]:
    return (
        Person.objects.for_user(user, action)
        .select_related("nation", "rank", "specialty", "unit")
        .prefetch_related("language_proficiencies")
    )


def language_proficiencies_for(
    user: Any, action: str = Action.VIEW
) -> QuerySet[LanguageProficiency]:
    return LanguageProficiency.objects.for_user(user, action).select_related("person")


def ranks_for(user: Any, action: str = Action.VIEW) -> QuerySet[Rank]:
    return Rank.objects.for_user(user, action).select_related("nation")


def specialties_for(user: Any, action: str = Action.VIEW) -> QuerySet[Specialty]:
    return Specialty.objects.for_user(user, action)


def qualifications_for(user: Any, action: str = Action.VIEW) -> QuerySet[Qualification]:
    return Qualification.objects.for_user(user, action)


def person_qualifications_for(
    user: Any, action: str = Action.VIEW
) -> QuerySet[PersonQualification]:
    return PersonQualification.objects.for_user(user, action).select_related(
        "person", "qualification"
    )

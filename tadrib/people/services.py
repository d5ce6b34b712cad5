from __future__ import annotations

from typing import TYPE_CHECKING

from tadrib.core.services import delete_audited, save_audited
from tadrib.people.models import (
    LanguageProficiency,
    Person,
    PersonQualification,
    Qualification,
    Rank,
    Specialty,
)

if TYPE_CHECKING:
    from tadrib.accounts.models import User


def save_person(person: Person, *, actor: User | None) -> Person:
    return save_audited(person, actor=actor)


def delete_person(person: Person, *, actor: User | None) -> None:
    delete_audited(person, actor=actor)


def save_language_proficiency(
    proficiency: LanguageProficiency, *, actor: User | None
) -> LanguageProficiency:
    return save_audited(proficiency, actor=actor)


def delete_language_proficiency(proficiency: LanguageProficiency, *, actor: User | None) -> None:
    delete_audited(proficiency, actor=actor)


def save_rank(rank: Rank, *, actor: User | None) -> Rank:
    return save_audited(rank, actor=actor)


def delete_rank(rank: Rank, *, actor: User | None) -> None:
    delete_audited(rank, actor=actor)


def save_specialty(specialty: Specialty, *, actor: User | None) -> Specialty:
    return save_audited(specialty, actor=actor)


def delete_specialty(specialty: Specialty, *, actor: User | None) -> None:
    delete_audited(specialty, actor=actor)


def save_qualification(qualification: Qualification, *, actor: User | None) -> Qualification:
    return save_audited(qualification, actor=actor)


def delete_qualification(qualification: Qualification, *, actor: User | None) -> None:
    delete_audited(qualification, actor=actor)


def save_person_qualification(
    held: PersonQualification, *, actor: User | None
) -> PersonQualification:
    return save_audited(held, actor=actor)


def delete_person_qualification(held: PersonQualification, *, actor: User | None) -> None:
    delete_audited(held, actor=actor)

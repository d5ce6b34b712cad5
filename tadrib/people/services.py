from __future__ import annotations

import datetime as dt
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


def qualification_expiry(awarded_on: dt.date, months: int | None) -> dt.date | None:
    """When a qualification valid for ``months`` expires (``None``: never);
    day 28 at most, so that every month has it."""
    if not months:
        return None
    month = awarded_on.month - 1 + months
    return dt.date(awarded_on.year + month // 12, month % 12 + 1, min(awarded_on.day, 28))


def award_qualification(
    person_id: int,
    qualification: Qualification,
    *,
    on: dt.date,
    awarded_by: str,
    actor: User | None,
) -> PersonQualification | None:
    """Enter ``qualification`` on a person's record on behalf of what awarded
    it (a course, a programme, a rotation): the workflow that grants it has
    already been authorised. Nothing when it was already awarded that day."""
    held = PersonQualification.objects.filter(
        person_id=person_id, qualification=qualification, awarded_on=on
    )
    if held.exists():
        return None
    return save_audited(
        PersonQualification(
            person_id=person_id,
            qualification=qualification,
            awarded_on=on,
            expires_on=qualification_expiry(on, qualification.valid_for_months),
            awarded_by=awarded_by,
        ),
        actor=actor,
        authorised=True,
    )

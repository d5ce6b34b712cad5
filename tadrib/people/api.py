from __future__ import annotations

import datetime as dt

from ninja import Router, Schema
from pydantic import Field

from tadrib.core.api import crud, patch_schema
from tadrib.people import filtersets, selectors, services
from tadrib.people.choices import Language, NatoRankCode, PersonCategory, PersonStatus, VettingState
from tadrib.people.models import (
    LanguageProficiency,
    Person,
    PersonQualification,
    Qualification,
    Rank,
    Specialty,
)

router = Router(tags=["people"])

Level = Field(ge=0, le=5, description="STANAG 6001 level, 0-5")


class LanguageProficiencyOut(Schema):
    id: int
    person_id: int
    language: Language
    listening: int
    speaking: int
    reading: int
    writing: int
    profile: str
    tested_on: dt.date | None


class LanguageProficiencyIn(Schema):
    person_id: int
    language: Language
    listening: int = Level
    speaking: int = Level
    reading: int = Level
    writing: int = Level
    tested_on: dt.date | None = None


class PersonOut(Schema):
    id: int
    nation_id: int
    nation_code: str = Field(alias="nation.iso_code")
    service_number: str
    given_names: str
    family_name: str
    given_names_latin: str
    family_name_latin: str
    date_of_birth: dt.date | None
    category: PersonCategory
    rank_id: int | None
    nato_code: NatoRankCode | None = None
    specialty_id: int | None
    unit_id: int
    unit_code: str = Field(alias="unit.code")
    status: PersonStatus
    vetting_state: VettingState
    languages: list[LanguageProficiencyOut] = Field(alias="language_proficiencies")

    @staticmethod
    def resolve_nato_code(obj: Person) -> str | None:
        return obj.rank.nato_code if obj.rank is not None else None

    @staticmethod
    def resolve_languages(obj: Person) -> list[LanguageProficiency]:
        return list(obj.language_proficiencies.all())


class PersonIn(Schema):
    nation_id: int
    service_number: str = Field(max_length=40)
    given_names: str = Field(max_length=150)
    family_name: str = Field(max_length=150)
    given_names_latin: str = Field(max_length=150)
    family_name_latin: str = Field(max_length=150)
    date_of_birth: dt.date | None = None
    category: PersonCategory
    rank_id: int | None = None
    specialty_id: int | None = None
    unit_id: int
    status: PersonStatus = PersonStatus.ACTIVE
    vetting_state: VettingState = VettingState.NOT_STARTED


class RankOut(Schema):
    id: int
    nation_id: int
    code: str
    name_en: str
    name_ar: str
    name_tr: str
    nato_code: NatoRankCode
    order: int


class RankIn(Schema):
    nation_id: int
    code: str = Field(max_length=20)
    name_en: str = Field(max_length=200)
    name_ar: str = Field("", max_length=200)
    name_tr: str = Field("", max_length=200)
    nato_code: NatoRankCode
    order: int = Field(0, ge=0)


class SpecialtyOut(Schema):
    id: int
    code: str
    name_en: str
    name_ar: str
    name_tr: str


class SpecialtyIn(Schema):
    code: str = Field(max_length=20)
    name_en: str = Field(max_length=200)
    name_ar: str = Field("", max_length=200)
    name_tr: str = Field("", max_length=200)


class QualificationOut(Schema):
    id: int
    code: str
    name_en: str
    name_ar: str
    name_tr: str
    valid_for_months: int | None


class QualificationIn(Schema):
    code: str = Field(max_length=40, pattern=r"^[A-Z0-9][A-Z0-9._-]*$")
    name_en: str = Field(max_length=200)
    name_ar: str = Field("", max_length=200)
    name_tr: str = Field("", max_length=200)
    valid_for_months: int | None = Field(None, ge=0, le=32767)


class PersonQualificationOut(Schema):
    id: int
    person_id: int
    qualification_id: int
    qualification_code: str = Field(alias="qualification.code")
    awarded_on: dt.date
    expires_on: dt.date | None
    awarded_by: str


class PersonQualificationIn(Schema):
    person_id: int = Field(ge=0, le=2**63 - 1)
    qualification_id: int = Field(ge=0, le=2**63 - 1)
    awarded_on: dt.date
    expires_on: dt.date | None = None
    awarded_by: str = Field("", max_length=200)


crud(
    router,
    model=Person,
    prefix="people",
    out_schema=PersonOut,
    create_schema=PersonIn,
    update_schema=patch_schema(PersonIn, exclude=("nation_id",)),
    filterset=filtersets.PersonFilterSet,
    selector=selectors.people_for,
    save=services.save_person,
    delete=services.delete_person,
)
crud(
    router,
    model=LanguageProficiency,
    prefix="language-proficiencies",
    out_schema=LanguageProficiencyOut,
    create_schema=LanguageProficiencyIn,
    update_schema=patch_schema(LanguageProficiencyIn, exclude=("person_id",)),
    filterset=filtersets.LanguageProficiencyFilterSet,
    selector=selectors.language_proficiencies_for,
    save=services.save_language_proficiency,
    delete=services.delete_language_proficiency,
)
crud(
    router,
    model=Rank,
    prefix="ranks",
    out_schema=RankOut,
    create_schema=RankIn,
    update_schema=patch_schema(RankIn, exclude=("nation_id",)),
    filterset=filtersets.RankFilterSet,
    selector=selectors.ranks_for,
    save=services.save_rank,
    delete=services.delete_rank,
)
crud(
    router,
    model=Specialty,
    prefix="specialties",
    out_schema=SpecialtyOut,
    create_schema=SpecialtyIn,
    update_schema=patch_schema(SpecialtyIn),
    filterset=filtersets.SpecialtyFilterSet,
    selector=selectors.specialties_for,
    save=services.save_specialty,
    delete=services.delete_specialty,
)
crud(
    router,
    model=Qualification,
    prefix="qualifications",
    out_schema=QualificationOut,
    create_schema=QualificationIn,
    update_schema=patch_schema(QualificationIn),
    filterset=filtersets.QualificationFilterSet,
    selector=selectors.qualifications_for,
    save=services.save_qualification,
    delete=services.delete_qualification,
)
crud(
    router,
    model=PersonQualification,
    prefix="person-qualifications",
    out_schema=PersonQualificationOut,
    create_schema=PersonQualificationIn,
    update_schema=patch_schema(PersonQualificationIn, exclude=("person_id",)),
    filterset=filtersets.PersonQualificationFilterSet,
    selector=selectors.person_qualifications_for,
    save=services.save_person_qualification,
    delete=services.delete_person_qualification,
)

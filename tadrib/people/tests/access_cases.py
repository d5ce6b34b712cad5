import datetime as dt

from tadrib.core import testing
from tadrib.core.testing import AccessCase, World, register
from tadrib.people.models import (
    LanguageProficiency,
    Person,
    PersonQualification,
    Qualification,
    Rank,
    Specialty,
)
from tadrib.people.services import (
    save_language_proficiency,
    save_person_qualification,
    save_qualification,
    save_specialty,
)


def _person_form(w: World) -> dict:
    return {
        "nation": w.nation_a.pk,
        "service_number": "SY-NEW-1",
        "given_names": "خالد",
        "family_name": "العلي",
        "given_names_latin": "Khalid",
        "family_name_latin": "al-Ali",
        "category": "nco",
        "unit": w.battalion_a.pk,
        "status": "active",
        "vetting_state": "not_started",
    }


def _proficiency(w: World, i: int) -> LanguageProficiency:
    return save_language_proficiency(
        LanguageProficiency(
            person=testing.person(w.battalion_a),
            language="tr",
            listening=2,
            speaking=2,
            reading=1,
            writing=1,
        ),
        actor=None,
    )


def _proficiency_person(w: World) -> Person:
    return w.extra.setdefault("lp_person", testing.person(w.battalion_a))


register(
    AccessCase(
        model=Person,
        api_prefix="/api/people",
        make=lambda w, i: testing.person(w.battalion_a),
        form=_person_form,
        api_payload=lambda w: {
            **{k: v for k, v in _person_form(w).items() if k not in ("nation", "unit")},
            "service_number": "SY-API-1",
            "nation_id": w.nation_a.pk,
            "unit_id": w.battalion_a.pk,
        },
        change=("family_name_latin", "al-Changed"),
    )
)

register(
    AccessCase(
        model=LanguageProficiency,
        api_prefix="/api/language-proficiencies",
        make=_proficiency,
        form=lambda w: {
            "person": _proficiency_person(w).pk,
            "language": "en",
            "listening": 3,
            "speaking": 2,
            "reading": 2,
            "writing": 2,
        },
        api_payload=lambda w: {
            "person_id": _proficiency_person(w).pk,
            "language": "tr",
            "listening": 1,
            "speaking": 1,
            "reading": 1,
            "writing": 0,
        },
        change=("speaking", 3),
    )
)

register(
    AccessCase(
        model=Rank,
        api_prefix="/api/ranks",
        make=lambda w, i: testing.rank(w.nation_a, f"R{i}", "OR-4"),
        form=lambda w: {
            "nation": w.nation_a.pk,
            "code": "CPT",
            "name_en": "Captain",
            "nato_code": "OF-2",
            "order": 20,
        },
        api_payload=lambda w: {
            "nation_id": w.nation_a.pk,
            "code": "MAJ",
            "name_en": "Major",
            "nato_code": "OF-3",
        },
        change=("name_en", "Renamed rank"),
        reference=True,
        writer="admin",
    )
)

register(
    AccessCase(
        model=Specialty,
        api_prefix="/api/specialties",
        make=lambda w, i: save_specialty(
            Specialty(code=f"SP{i}", name_en=f"Specialty {i}"), actor=None
        ),
        form=lambda w: {"code": "DEM", "name_en": "Demining"},
        api_payload=lambda w: {"code": "CYB", "name_en": "Cyber defence"},
        change=("name_en", "Renamed specialty"),
        reference=True,
        writer="admin",
    )
)


def _qualification(i: int) -> Qualification:
    return save_qualification(
        Qualification(code=f"Q-{i}", name_en=f"Qualification {i}"), actor=None
    )


register(
    AccessCase(
        model=Qualification,
        api_prefix="/api/qualifications",
        make=lambda w, i: _qualification(i),
        form=lambda w: {"code": "Q-OPS", "name_en": "Operator", "valid_for_months": 24},
        api_payload=lambda w: {"code": "Q-MNT", "name_en": "Maintainer"},
        change=("name_en", "Renamed qualification"),
        reference=True,
        writer="admin",
    )
)


def _held_qualification(w: World) -> Qualification:
    if "held_q" not in w.extra:
        w.extra["held_q"] = _qualification(900)
    return w.extra["held_q"]


def _held_form(w: World) -> dict:
    return {
        "person": _proficiency_person(w).pk,
        "qualification": _held_qualification(w).pk,
        "awarded_on": "2026-06-30",
        "awarded_by": "Demining school",
    }


register(
    AccessCase(
        model=PersonQualification,
        api_prefix="/api/person-qualifications",
        make=lambda w, i: save_person_qualification(
            PersonQualification(
                person=testing.person(w.battalion_a),
                qualification=_qualification(1000 + i),
                awarded_on=dt.date(2026, 1, 1),
            ),
            actor=None,
        ),
        form=_held_form,
        api_payload=lambda w: {
            "person_id": _proficiency_person(w).pk,
            "qualification_id": _held_qualification(w).pk,
            "awarded_on": "2026-07-01",
        },
        change=("awarded_by", "Engineer school"),
    )
)

"""The reference scenario: Türkiye and Saudi Arabia (hosts) and Syria (partner),
their organisations, ranks, specialties, synthetic personnel and demo users,
the agreements, programmes and advisory deployment between them, the
course catalogue, sessions and nominations of training, and the equipment
supplied to Syria (see ``/work/shared/scenario/seed-facts.yaml``,
``cooperation.py``, ``training.py``, ``equipment.py`` and docs).

``build()`` writes every record through the services, as the system actor
"demo", so each one has its audit entry. It is idempotent (records are looked
up by natural key and only missing ones are created; nothing is changed) and
deterministic (everything is drawn from ``random.Random(seed)`` against fixed
reference dates).
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass, fields

from django.db import transaction

from tadrib.accounts.models import Membership, User
from tadrib.accounts.services import create_user, save_membership
from tadrib.core.audit import system_actor_var
from tadrib.demo import names
from tadrib.demo.academics import AcademicsBuilder
from tadrib.demo.cooperation import CooperationBuilder
from tadrib.demo.equipment import EquipmentBuilder
from tadrib.demo.rotations import RotationsBuilder
from tadrib.demo.training import TrainingBuilder
from tadrib.organisations.choices import NationRole
from tadrib.organisations.models import Nation, Organisation
from tadrib.organisations.services import save_nation, save_organisation
from tadrib.people.choices import Language, PersonCategory, PersonStatus
from tadrib.people.models import LanguageProficiency, Person, Rank, Specialty
from tadrib.people.services import (
    save_language_proficiency,
    save_person,
    save_rank,
    save_specialty,
)

Progress = Callable[[str, int, int], None]
STAGES = (
    "nations",
    "organisations",
    "ranks",
    "specialties",
    "people",
    "users",
    "agreements",
    "programmes",
    "deployments",
    "courses",
    "sessions",
    "nominations",
    "item_types",
    "storage_sites",
    "transfers",
    "shipments",
    "custody",
    "cohorts",
    "term_results",
    "rotations",
)
# What build() counts: records created, by kind.
STAGES_CREATED = (
    *STAGES[:5],
    "language_proficiencies",
    "users",
    "memberships",
    "agreements",
    "programmes",
    "deployments",
    "qualifications",
    "courses",
    "prerequisites",
    "sessions",
    "quotas",
    "nominations",
    "assessments",
    "grades",
    "attendance",
    "incidents",
    "certificates",
    "item_types",
    "storage_sites",
    "transfers",
    "shipments",
    "items",
    "custody_events",
    "inspections",
    "discrepancies",
    "academic_programmes",
    "cohorts",
    "cadet_enrolments",
    "term_results",
    "rotations",
    "rotation_members",
    "equipment_issued",
)

PASSWORD = "demo"
REFERENCE_DATE = dt.date(2025, 10, 31)  # the 49 cadets begin their studies
TESTED_FROM = dt.date(2025, 3, 1)  # language tests fall in the 200 days after
CADETS_TO_TURKIYE = 49
CADETS_TO_SAUDI_ARABIA = 12
CADETS = CADETS_TO_TURKIYE + CADETS_TO_SAUDI_ARABIA


def _weights(text: str) -> dict[str, int]:
    """'a:3 b:1' as {"a": 3, "b": 1}."""
    return {key: int(value) for key, value in (item.split(":") for item in text.split())}


def _ordinal(number: int) -> str:
    suffix = {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    return f"{number}{'th' if 10 <= number % 100 <= 20 else suffix}"


def _syrian_army() -> tuple[list[list[str]], dict[str, str]]:
    """Divisions, brigades and battalions under the General Staff, and each
    battalion's main specialty."""
    rows: list[list[str]] = []
    branch: dict[str, str] = {}
    for division, (en, ar, tr) in names.DIVISIONS.items():
        rows.append([f"SY-DIV-{division}", "SY-MOD-GS", "unit", "division", en, ar, tr])
    for division, brigade, en, ar, tr, branches in names.BRIGADES:
        code = f"SY-BDE-{brigade}"
        rows.append([code, f"SY-DIV-{division}", "unit", "brigade", en, ar, tr])
        for index, specialty in enumerate(branches.split(), start=1):
            number = int(brigade) * 10 + index
            kind_en, kind_ar, kind_tr = names.BATTALION_KINDS[specialty]
            battalion = f"SY-BN-{number}"
            titles = (
                f"{_ordinal(number)} {kind_en}",
                f"{kind_ar} {number}",
                f"{number}. {kind_tr}",
            )
            rows.append([battalion, code, "unit", "battalion", *titles])
            branch[battalion] = specialty
    return rows, branch


_ARMY, BATTALION_BRANCH = _syrian_army()
ORGANISATIONS = names.ORGANISATIONS + _ARMY

RANKS: dict[str, list[tuple[str, str, int, str, str, str]]] = {
    iso: [
        (code, nato, int(order), *names.RANK_NAMES[iso].get(code, (en, ar)), tr)
        for code, nato, order, en, ar, tr in names.RANK_TABLE
        if code not in names.RANK_OMIT[iso]
    ]
    for iso in names.RANK_OMIT
}

SPECIALTY_CODES = [row[0] for row in names.SPECIALTIES]


# username | organisation | role | language | what the user is
USERS = names.table("""
admin          | -          | -                 | en | Instance administrator (superuser, no membership)
tr.cooperation | TR-MND-ICO | manager           | tr | Manager, International Cooperation Office, Turkish Ministry of National Defence
tr.academy     | TR-KHO     | registrar         | tr | Registrar, Turkish Military Academy, Kara Harp Okulu
tr.facility    | TR-FAC-1   | manager           | tr | Manager, Southern Training Barracks (host of Syrian units in rotation)
tr.logistics   | TR-MND     | logistics_officer | tr | Logistics officer, Turkish Ministry of National Defence
tr.inspector   | TR-MND     | inspector         | tr | Inspector, Turkish Ministry of National Defence
sa.academy     | SA-KAMA    | registrar         | ar | Registrar, King Abdulaziz Military Academy, Saudi Arabia
sy.training    | SY-MOD-TRD | manager           | ar | Manager, Training Directorate, Syrian Ministry of Defence
sy.unit        | SY-BDE-11  | manager           | ar | Manager, 11th Mechanised Brigade, Syrian army
sy.logistics   | SY-MOD-GS  | logistics_officer | ar | Logistics officer, General Staff, Syrian army
""")
# Memberships beside a user's first: the training directorate reads the army's
# personnel, whom it nominates for courses abroad.
MORE_MEMBERSHIPS = (("sy.training", "SY-MOD-GS", "viewer", "viewer, General Staff"),)
DEMO_USERS: list[tuple[str, str]] = [
    (
        username,
        "; ".join(
            [f"{what} ({code})" if code else what]
            + [f"{more} ({c})" for u, c, _, more in MORE_MEMBERSHIPS if u == username]
        ),
    )
    for username, code, _, _, what in USERS
]

SKILLS = ("listening", "speaking", "reading", "writing")  # STANAG 6001, each 0-5
Levels = tuple[int, int, int, int]
Profile = tuple[str, Levels, dt.date]  # language, levels, tested on


@dataclass(frozen=True)
class PersonPlan:
    """One synthetic person as drawn from the seed; rank, specialty and unit by code."""

    nation: str
    service_number: str
    given_names: str
    family_name: str
    given_names_latin: str
    family_name_latin: str
    date_of_birth: dt.date
    category: str
    rank: str | None
    specialty: str | None
    unit: str
    status: str
    vetting_state: str
    languages: tuple[Profile, ...] = ()


_BY_CODE = {"nation", "rank", "specialty", "unit", "languages"}  # fields that are not Person's own


def _pick(rng: random.Random, weights: dict[str, int]) -> str:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _born(rng: random.Random, youngest: int, oldest: int) -> dt.date:
    """A date of birth for an age from ``youngest`` to ``oldest`` on the reference date."""
    return REFERENCE_DATE - dt.timedelta(days=rng.randint(youngest * 365 + 1, oldest * 365 + 364))


def _profile(rng: random.Random, language: str, low: int, high: int) -> Profile:
    drawn = [rng.randint(low, high) for _ in SKILLS]
    levels = (drawn[0], drawn[1], drawn[2], drawn[3])
    return language, levels, TESTED_FROM + dt.timedelta(days=rng.randrange(200))


def _arabic_name(
    rng: random.Random, given: Sequence[names.NamePair], family: Sequence[names.NamePair]
) -> tuple[str, str, str, str]:
    (given_ar, given_latin), (family_ar, family_latin) = rng.choice(given), rng.choice(family)
    return given_ar, family_ar, given_latin, family_latin


def _service_number(rng: random.Random, prefix: str, digits: int, used: set[str]) -> str:
    while True:
        number = f"{prefix}{rng.randrange(10 ** (digits - 1), 10**digits)}"
        if number not in used:
            used.add(number)
            return number


_CADET_VETTING = _weights("cleared:9 pending:1")


def _cadets(rng: random.Random) -> list[PersonPlan]:
    """The 49 cadets bound for Türkiye (SY-C25-…) and 12 for Saudi Arabia (SY-C25S-…)."""
    plans = []
    for index in range(CADETS):
        to_turkiye = index < CADETS_TO_TURKIYE
        serial = index + 1 if to_turkiye else index + 1 - CADETS_TO_TURKIYE
        number = f"SY-C25{'' if to_turkiye else 'S'}-{serial:03d}"
        name = _arabic_name(rng, names.SYRIAN_GIVEN_NAMES, names.SYRIAN_FAMILY_NAMES)
        born, vetting = _born(rng, 18, 22), _pick(rng, _CADET_VETTING)
        languages = [_profile(rng, Language.TURKISH, 1, 2)] if to_turkiye else []
        if rng.random() < 0.4:
            languages.append(_profile(rng, Language.ENGLISH, 1, 2))
        who = ("SY", number, *name, born, PersonCategory.CADET, "OCDT", None, "SY-CADETS")
        plans.append(PersonPlan(*who, PersonStatus.IN_TRAINING, vetting, tuple(languages)))
    return plans


# Host staff (instructors, registrars) per organisation, and the branch a centre teaches.
_HOST_STAFF = _weights(
    "TR-KHO:8 TR-HHO:4 TR-DHO:4 TR-TC-CT:4 TR-TC-DEM:4 TR-TC-CYB:4 TR-TC-LOG:4 TR-TC-PKO:4 TR-FAC-1:2 TR-FAC-2:2 SA-KAMA:10"
)
_CENTRE_BRANCH = {
    "TR-TC-CT": "INF",
    "TR-TC-DEM": "ENG",
    "TR-TC-CYB": "SIG",
    "TR-TC-LOG": "LOG",
    "TR-TC-PKO": "MP",
}
_STAFF_CATEGORY = _weights("officer:70 nco:15 civilian:15")
_STAFF_RANK = {"officer": _weights("CPT:3 MAJ:3 LTC:2 COL:1"), "nco": _weights("SSG:1 WO:1 CWO:1")}


def _host_staff(rng: random.Random, used: set[str]) -> list[PersonPlan]:
    plans = []
    for unit, count in _HOST_STAFF.items():
        iso = unit[:2]
        for _ in range(count):
            if iso == "TR":
                given, family = (
                    rng.choice(names.TURKISH_GIVEN_NAMES),
                    rng.choice(names.TURKISH_FAMILY_NAMES),
                )
                name = (given, family, given, family)
            else:
                name = _arabic_name(rng, names.SAUDI_GIVEN_NAMES, names.SAUDI_FAMILY_NAMES)
            category = _pick(rng, _STAFF_CATEGORY)
            rank = _pick(rng, _STAFF_RANK[category]) if category in _STAFF_RANK else None
            specialty = rank and (_CENTRE_BRANCH.get(unit) or rng.choice(SPECIALTY_CODES))
            born = _born(rng, 27, 52)
            languages = [_profile(rng, Language.ENGLISH, 2, 3)] if rng.random() < 0.8 else []
            if iso == "TR" and rng.random() < 0.3:
                languages.append(_profile(rng, Language.ARABIC, 1, 3))
            who = (iso, _service_number(rng, f"{iso}-", 7, used), *name, born, category, rank)
            plans.append(PersonPlan(*who, specialty, unit, "active", "cleared", tuple(languages)))
    return plans


_CATEGORY = _weights("officer:12 nco:25 enlisted:63")
_RANK_WEIGHTS = {
    "officer": _weights("LT:30 1LT:25 CPT:22 MAJ:13 LTC:6 COL:3 BG:1"),
    "nco": _weights("SGT:45 SSG:30 WO:15 CWO:10"),
    "enlisted": _weights("PTE:55 PFC:25 CPL:20"),
}
# Youngest age of an officer of each rank; the oldest is 8 years on.
_OFFICER_AGE = _weights("LT:22 1LT:24 CPT:27 MAJ:32 LTC:37 COL:42 BG:46")
_STATUS = _weights("active:85 on_leave:7 in_training:5 deployed:3")
_VETTING = _weights("not_started:45 pending:20 cleared:30 refused:5")


def _unit_personnel(rng: random.Random, count: int, used: set[str]) -> list[PersonPlan]:
    """Officers, NCOs and soldiers of the divisions, brigades and battalions."""
    battalions = list(BATTALION_BRANCH)
    headquarters = [row[0] for row in _ARMY if row[3] != "battalion"]
    plans = []
    for _ in range(count):
        category = _pick(rng, _CATEGORY)
        rank = _pick(rng, _RANK_WEIGHTS[category])
        senior = rank in ("LTC", "COL", "BG")
        unit = rng.choice(headquarters) if senior or rng.random() < 0.1 else rng.choice(battalions)
        branch = BATTALION_BRANCH.get(unit)
        specialty = branch if branch and rng.random() < 0.7 else rng.choice(SPECIALTY_CODES)
        youngest = _OFFICER_AGE.get(rank)
        ages = (youngest, youngest + 8) if youngest else (24, 48) if category == "nco" else (18, 30)
        name = _arabic_name(rng, names.SYRIAN_GIVEN_NAMES, names.SYRIAN_FAMILY_NAMES)
        born, status, vetting = _born(rng, *ages), _pick(rng, _STATUS), _pick(rng, _VETTING)
        languages = [_profile(rng, Language.ENGLISH, 0, 3)] if rng.random() < 0.25 else []
        if rng.random() < 0.12:
            languages.append(_profile(rng, Language.TURKISH, 0, 2))
        who = ("SY", _service_number(rng, "SY-", 6, used), *name, born, category, rank, specialty)
        plans.append(PersonPlan(*who, unit, status, vetting, tuple(languages)))
    return plans


def plan_people(seed: int = 2025, people: int = 500) -> list[PersonPlan]:
    """Everyone the scenario holds, drawn from ``seed`` alone: the 61 Syrian
    cadets, the Turkish and Saudi staff, then ``people - 61`` Syrian unit
    personnel (``people`` counts every Syrian; below 61 the cadets are still
    all there). A larger ``people`` only adds to the end of the list."""
    rng = random.Random(seed)
    used: set[str] = set()
    cadets = _cadets(rng)
    staff = _host_staff(rng, used)
    return [*cadets, *staff, *_unit_personnel(rng, max(people - CADETS, 0), used)]


def _names(en: str, ar: str, tr: str) -> dict[str, str]:
    return {"name_en": en, "name_ar": ar, "name_tr": tr}


class _Builder:
    """Creates what is missing, stage by stage, keeping what it finds or makes by natural key."""

    def __init__(self, report: Progress, seed: int) -> None:
        self.report = report
        self.seed = seed
        self.created = dict.fromkeys(STAGES_CREATED, 0)
        self.nations: dict[str, Nation] = {}
        self.organisations: dict[str, Organisation] = {}
        self.ranks: dict[tuple[str, str], Rank] = {}
        self.specialties: dict[str, Specialty] = {}

    def run(self, plans: list[PersonPlan]) -> None:
        self.build_nations()
        self.build_organisations()
        self.build_ranks()
        self.build_specialties()
        self.build_people(plans)
        self.build_users()
        cooperation = CooperationBuilder(self.organisations, self.created, self.report)
        cooperation.run()
        training = TrainingBuilder(
            self.organisations, cooperation.programmes, plans, self.seed, self.created, self.report
        )
        training.run()
        EquipmentBuilder(
            self.organisations, cooperation.programmes, training.courses, self.created, self.report
        ).run()
        AcademicsBuilder(self.organisations, self.seed, self.created, self.report).run()
        RotationsBuilder(
            self.organisations, cooperation.programmes, self.created, self.report
        ).run()

    def build_nations(self) -> None:
        found = {
            n.iso_code: n for n in Nation.objects.filter(iso_code__in=[r[0] for r in names.NATIONS])
        }
        for done, (iso, role, *titles) in enumerate(names.NATIONS, start=1):
            if iso not in found:
                nation = Nation(iso_code=iso, role=NationRole(role), **_names(*titles))
                found[iso] = save_nation(nation, actor=None)
                self.created["nations"] += 1
            self.nations[iso] = found[iso]
            self.report("nations", done, len(names.NATIONS))

    def build_organisations(self) -> None:
        stored = Organisation.objects.filter(nation__in=self.nations.values())
        found = {(org.nation_id, org.code): org for org in stored}
        for done, (code, parent, kind, echelon, *titles) in enumerate(ORGANISATIONS, start=1):
            nation = self.nations[code[:2]]
            org = found.get((nation.pk, code))
            if org is None:
                above = self.organisations[parent] if parent else None
                org = Organisation(nation=nation, parent=above, code=code, **_names(*titles))
                org.kind, org.echelon = kind, echelon
                org = save_organisation(org, actor=None)
                self.created["organisations"] += 1
            self.organisations[code] = org
            self.report("organisations", done, len(ORGANISATIONS))

    def build_ranks(self) -> None:
        stored = Rank.objects.filter(nation__in=self.nations.values())
        found = {(rank.nation_id, rank.code): rank for rank in stored}
        rows = [(iso, row) for iso, ranks in RANKS.items() for row in ranks]
        for done, (iso, (code, nato, order, *titles)) in enumerate(rows, start=1):
            nation = self.nations[iso]
            rank = found.get((nation.pk, code))
            if rank is None:
                rank = Rank(
                    nation=nation, code=code, nato_code=nato, order=order, **_names(*titles)
                )
                rank = save_rank(rank, actor=None)
                self.created["ranks"] += 1
            self.ranks[(iso, code)] = rank
            self.report("ranks", done, len(rows))

    def build_specialties(self) -> None:
        found = {s.code: s for s in Specialty.objects.filter(code__in=SPECIALTY_CODES)}
        for done, (code, *titles) in enumerate(names.SPECIALTIES, start=1):
            if code not in found:
                found[code] = save_specialty(Specialty(code=code, **_names(*titles)), actor=None)
                self.created["specialties"] += 1
            self.specialties[code] = found[code]
            self.report("specialties", done, len(names.SPECIALTIES))

    def new_person(self, plan: PersonPlan) -> Person:
        own = {f.name: getattr(plan, f.name) for f in fields(plan) if f.name not in _BY_CODE}
        person = Person(nation=self.nations[plan.nation], unit=self.organisations[plan.unit], **own)
        person.rank = self.ranks[(plan.nation, plan.rank)] if plan.rank else None
        person.specialty = self.specialties[plan.specialty] if plan.specialty else None
        save_person(person, actor=None)
        self.created["people"] += 1
        return person

    def build_people(self, plans: list[PersonPlan]) -> None:
        stored = Person.objects.filter(nation__in=self.nations.values())
        found = {
            (n, number): pk
            for n, number, pk in stored.values_list("nation", "service_number", "pk")
        }
        profiles = set(
            LanguageProficiency.objects.filter(person__in=stored).values_list("person", "language")
        )
        for done, plan in enumerate(plans, start=1):
            pk = found.get((self.nations[plan.nation].pk, plan.service_number))
            person = self.new_person(plan) if pk is None else None
            pk = person.pk if person is not None else pk
            for language, levels, tested_on in plan.languages:
                if (pk, language) in profiles:
                    continue
                person = person or Person.objects.get(pk=pk)
                skills = dict(zip(SKILLS, levels, strict=True))
                profile = LanguageProficiency(person=person, language=language, **skills)
                profile.tested_on = tested_on
                save_language_proficiency(profile, actor=None)
                self.created["language_proficiencies"] += 1
            self.report("people", done, len(plans))

    def build_users(self) -> None:
        for done, (username, code, role, language, _what) in enumerate(USERS, start=1):
            user = User.objects.filter(username=username).first()
            if user is None:
                user = create_user(
                    username,
                    password=PASSWORD,
                    actor=None,
                    is_superuser=not code,
                    language=language,
                )
                self.created["users"] += 1
            more = [(c, r) for u, c, r, _ in MORE_MEMBERSHIPS if u == username]
            for organisation_code, membership_role in ([(code, role)] if code else []) + more:
                self.membership(user, organisation_code, membership_role)
            self.report("users", done, len(USERS))

    def membership(self, user: User, code: str, role: str) -> None:
        organisation = self.organisations[code]
        if not user.memberships.filter(organisation=organisation, role=role).exists():
            save_membership(Membership(user=user, organisation=organisation, role=role), actor=None)
            self.created["memberships"] += 1


def _silent(stage: str, done: int, total: int) -> None:
    pass


def build(seed: int = 2025, people: int = 500, progress: Progress | None = None) -> dict[str, int]:
    """Create whatever of the scenario is missing, in one transaction, as the
    system actor "demo"; ``progress(stage, done, total)`` is called after each
    record. Returns how many records of each kind were created (all zero when
    the scenario is already there)."""
    if people < 0:
        raise ValueError("people must not be negative")
    plans = plan_people(seed, people)
    builder = _Builder(progress or _silent, seed)
    token = system_actor_var.set("demo")
    try:
        with transaction.atomic():
            builder.run(plans)
    finally:
        system_actor_var.reset(token)
    return builder.created

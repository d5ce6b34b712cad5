from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.management import call_command
from django.db import transaction

from tadrib.accounts.models import Membership, User
from tadrib.core.audit import verify_chain
from tadrib.core.models import AuditEntry
from tadrib.demo import scenario
from tadrib.organisations.models import Nation, Organisation
from tadrib.people.models import LanguageProficiency, Person, Rank, Specialty

pytestmark = pytest.mark.django_db

PEOPLE = 90  # Syrians: the 61 cadets and 29 unit personnel

MEMBERSHIPS = {
    "tr.cooperation": ("TR-MND-ICO", "manager"),
    "tr.academy": ("TR-KHO", "registrar"),
    "tr.facility": ("TR-FAC-1", "manager"),
    "tr.logistics": ("TR-MND", "logistics_officer"),
    "tr.inspector": ("TR-MND", "inspector"),
    "sa.academy": ("SA-KAMA", "registrar"),
    "sy.training": ("SY-MOD-TRD", "manager"),
    "sy.unit": ("SY-BDE-11", "manager"),
    "sy.logistics": ("SY-MOD-GS", "logistics_officer"),
}
MODELS = (Nation, Organisation, Rank, Specialty, Person, LanguageProficiency, User, Membership)
# Beside the membership above: the training directorate reads the army's personnel.
MORE_MEMBERSHIPS = {"sy.training": [("SY-MOD-GS", "viewer")]}


@pytest.fixture
def built() -> dict[str, int]:
    return scenario.build(seed=2025, people=PEOPLE)


def row_counts() -> dict[str, int]:
    counts = {model.__name__: model._default_manager.count() for model in MODELS}
    counts["AuditEntry"] = AuditEntry.objects.count()
    return counts


def syrian_people() -> list[tuple[Any, ...]]:
    return list(
        Person.objects.filter(nation__iso_code="SY")
        .order_by("service_number")
        .values_list(
            "service_number",
            "given_names",
            "family_name",
            "given_names_latin",
            "family_name_latin",
            "date_of_birth",
            "rank__code",
            "unit__code",
        )
    )


class Rollback(Exception):
    pass


def build_and_read(seed: int) -> list[tuple[Any, ...]]:
    """Build in a transaction of its own, read the Syrians, then undo it all."""
    rows: list[tuple[Any, ...]] = []
    with pytest.raises(Rollback), transaction.atomic():
        scenario.build(seed=seed, people=PEOPLE)
        rows.extend(syrian_people())
        raise Rollback
    assert not Person.objects.exists()
    return rows


def test_the_three_nations_exist_with_their_roles(built: dict[str, int]) -> None:
    nations = {n.iso_code: n for n in Nation.objects.all()}
    assert {code: nations[code].role for code in ("TR", "SA", "SY")} == {
        "TR": "host",
        "SA": "host",
        "SY": "partner",
    }
    assert (nations["TR"].name_en, nations["TR"].name_ar) == ("Türkiye", "تركيا")
    assert nations["SA"].name_tr == "Suudi Arabistan"
    assert nations["SY"].name_ar == "سوريا"


def test_the_syrian_army_has_a_division_of_brigades_and_battalions(built: dict[str, int]) -> None:
    division = Organisation.objects.get(nation__iso_code="SY", code="SY-DIV-1")
    assert (division.kind, division.echelon) == ("unit", "division")
    assert division.parent is not None and division.parent.code == "SY-MOD-GS"
    brigades = list(division.children.order_by("code"))
    assert [b.code for b in brigades] == ["SY-BDE-11", "SY-BDE-12", "SY-BDE-13"]
    for brigade in brigades:
        assert brigade.echelon == "brigade"
        battalions = list(brigade.children.all())
        assert len(battalions) == 3
        assert {b.echelon for b in battalions} == {"battalion"}
        assert all(b.path.startswith(division.path) for b in battalions)
    assert Organisation.objects.get(code="SY-DIV-2").children.count() == 2
    assert Organisation.objects.get(code="TR-KHO").parent.code == "TR-MND-TRD"
    assert Organisation.objects.get(code="SA-KAMA").kind == "academy"


def test_exactly_49_cadets_go_to_turkiye_and_12_to_saudi_arabia(built: dict[str, int]) -> None:
    syrians = Person.objects.filter(nation__iso_code="SY")
    to_turkiye = syrians.filter(service_number__startswith="SY-C25-")
    assert to_turkiye.count() == 49
    assert to_turkiye.filter(category="cadet", rank__nato_code="OF(D)").count() == 49
    assert syrians.filter(service_number__startswith="SY-C25S-").count() == 12
    cadets = syrians.filter(category="cadet")
    assert cadets.count() == 61
    assert set(cadets.values_list("rank__nato_code", flat=True)) == {"OF(D)"}
    assert set(cadets.values_list("unit__code", flat=True)) == {"SY-CADETS"}
    assert syrians.count() == PEOPLE
    turkish = LanguageProficiency.objects.filter(person__in=to_turkiye, language="tr")
    assert turkish.count() == 49
    assert all(1 <= level <= 2 for p in turkish for level in map(int, p.profile))
    assert Person.objects.filter(nation__iso_code="TR").count() == 40
    assert Person.objects.filter(nation__iso_code="SA", unit__code="SA-KAMA").count() == 10


def test_people_are_named_in_arabic_with_a_latin_form(built: dict[str, int]) -> None:
    person = Person.objects.filter(nation__iso_code="SY").first()
    assert person is not None
    assert any("\u0600" <= char <= "\u06ff" for char in person.family_name)
    assert person.family_name_latin.isascii() and person.given_names_latin.isascii()


def test_each_demo_user_has_the_described_membership(built: dict[str, int]) -> None:
    assert [username for username, _ in scenario.DEMO_USERS] == ["admin", *MEMBERSHIPS]
    admin = User.objects.get(username="admin")
    assert admin.is_superuser and admin.check_password("demo")
    for username, (code, role) in MEMBERSHIPS.items():
        user = User.objects.get(username=username)
        assert user.check_password("demo")
        held = {(m.organisation.code, m.role) for m in user.memberships.all()}
        assert held == {(code, role), *MORE_MEMBERSHIPS.get(username, [])}
    assert "viewer, General Staff (SY-MOD-GS)" in dict(scenario.DEMO_USERS)["sy.training"]


def test_building_again_creates_nothing(built: dict[str, int]) -> None:
    assert built["people"] == PEOPLE + 50 and built["users"] == 10
    before = row_counts()
    again = scenario.build(seed=2025, people=PEOPLE)
    assert set(again.values()) == {0}
    assert row_counts() == before
    numbers = list(Person.objects.values_list("nation", "service_number"))
    assert len(numbers) == len(set(numbers))


def test_a_larger_build_only_adds_people(built: dict[str, int]) -> None:
    before = set(Person.objects.values_list("service_number", flat=True))
    created = scenario.build(seed=2025, people=PEOPLE + 10)
    assert created["people"] == 10 and created["organisations"] == 0
    assert before < set(Person.objects.values_list("service_number", flat=True))


def test_the_same_seed_gives_the_same_people() -> None:
    first = build_and_read(2025)
    assert build_and_read(2025) == first
    assert build_and_read(7) != first
    planned = [p.service_number for p in scenario.plan_people(2025, PEOPLE) if p.nation == "SY"]
    assert sorted(planned) == [row[0] for row in first]
    assert scenario.plan_people(2025, PEOPLE)[:60] == scenario.plan_people(2025, 60)[:60]


PEOPLE_SIDE = (
    "nations",
    "organisations",
    "ranks",
    "specialties",
    "people",
    "language_proficiencies",
    "users",
    "memberships",
)


def test_every_record_is_audited_as_the_demo_actor(built: dict[str, int]) -> None:
    people_side = AuditEntry.objects.filter(
        object_type__in=[
            "organisations.nation",
            "organisations.organisation",
            "people.rank",
            "people.specialty",
            "people.person",
            "people.languageproficiency",
            "accounts.user",
            "accounts.membership",
        ]
    )
    assert people_side.count() == sum(built[kind] for kind in PEOPLE_SIDE)
    # Each agreement: created, signed, in force; then its parties, clauses, targets.
    assert AuditEntry.objects.filter(action="agreement.created").count() == built["agreements"]
    assert AuditEntry.objects.filter(action="agreement.in_force").count() == built["agreements"]
    assert set(AuditEntry.objects.values_list("actor_username", flat=True)) == {"demo"}
    assert AuditEntry.objects.filter(action="person.created").count() == built["people"]
    assert list(verify_chain()) == []


def test_progress_is_reported_per_stage() -> None:
    seen: dict[str, tuple[int, int]] = {}
    scenario.build(
        people=61, progress=lambda stage, done, total: seen.update({stage: (done, total)})
    )
    assert list(seen) == list(scenario.STAGES)
    assert all(done == total for done, total in seen.values())
    assert seen["people"] == (111, 111)
    assert seen["agreements"] == (5, 5)


def test_the_command_prints_progress_and_the_demo_users() -> None:
    out = io.StringIO()
    call_command("demo", "--people", "70", "--seed", "3", stdout=out)
    text = out.getvalue()
    assert "people 120/120" in text
    for username, description in scenario.DEMO_USERS:
        assert username in text and description in text
    assert Person.objects.filter(nation__iso_code="SY").count() == 70
    out = io.StringIO()
    call_command("demo", "--people", "70", "--seed", "3", stdout=out)
    assert "Nothing to add" in out.getvalue()


def test_the_cooperation_of_the_reference_scenario(built: dict[str, int]) -> None:
    from tadrib.advisory.models import Deployment
    from tadrib.agreements.models import Agreement, Programme
    from tadrib.agreements.selectors import agreements_for, programme_progress, programmes_for

    assert (built["agreements"], built["programmes"], built["deployments"]) == (5, 5, 1)
    mou = Agreement.objects.get(reference="TR-SY-2025-MOU-TRG")
    assert (mou.signed_on.isoformat(), mou.signed_at, mou.status) == (
        "2025-08-13",
        "Ankara",
        "in_force",
    )
    assert mou.extends is not None and mou.extends.signed_on.year == 1998
    clauses = {c.number: c.areas for c in mou.clauses.all()}
    assert clauses == {
        "1": ["personnel_exchange"],
        "2": ["counter_terrorism", "cyber_defence", "demining", "logistics", "peacekeeping"],
        "3": ["technical_assistance"],
    }
    assert set(Programme.objects.values_list("clause__number", "clause__agreement__reference")) >= {
        ("1", mou.reference),
        ("2", mou.reference),
        ("3", mou.reference),
        ("1", "TR-SY-2025-EQP"),
    }
    deployment = Deployment.objects.get()
    assert deployment.supported_organisation.code == "SY-MOD-GS"
    assert deployment.members.count() == 5
    # The objective computed from deployments counts the one under way.
    advisory = Programme.objects.get(code="PRG-TA-CMD")
    values = {p.objective.source: p.value for p in programme_progress(advisory)}
    assert values["advisory.deployments"] == 1 and values["advisory.experts"] == 5
    # The partner's training directorate reads the memorandum and the programmes.
    sy_training = User.objects.get(username="sy.training")
    assert mou in agreements_for(sy_training)
    assert programmes_for(sy_training).count() == 5
    # Saudi academies receive Syrians under a clause of the 2024 statement.
    saudi = Programme.objects.get(code="PRG-SA-TRG")
    assert (saudi.host_organisation.code, saudi.partner_organisation.code) == ("SA-MOD", "SY-MOD")
    assert saudi.clause.agreement.reference == "SA-SY-2024-REL"
    assert saudi.owner.code == "SA-MOD"
    sa_academy = User.objects.get(username="sa.academy")
    assert list(agreements_for(sa_academy).values_list("reference", flat=True)) == [
        "SA-SY-2024-REL"
    ]

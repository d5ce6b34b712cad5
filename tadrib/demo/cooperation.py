"""The reference scenario's agreements, clauses, programmes and the advisory
deployment (``/work/shared/scenario/seed-facts.yaml``).

Facts from public reporting: the 1998 Adana accord, relations restored in
December 2024 (Syria with Türkiye and with Saudi Arabia), the Joint Training
MoU signed in Ankara in August 2025 with its three clauses and five training
areas, the equipment supply reported on 17 October 2025, the cadets who began
on 31 October 2025 and the units training in Turkish barracks from 30 October.
Targets, progress and the advisers are synthetic, and so is the clause of the
Saudi–Syrian statement under which Saudi academies receive Syrian cadets and
officers (the programme the Saudi course sessions belong to). Built through the services,
looked up by natural key so that a second run creates nothing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from tadrib.advisory.models import (
    Deployment,
    DeploymentMember,
    DeploymentMilestone,
    DeploymentObjective,
    DeploymentReport,
)
from tadrib.advisory.services import (
    save_deployment,
    save_deployment_member,
    save_deployment_milestone,
    save_deployment_objective,
    save_deployment_report,
)
from tadrib.agreements.models import (
    Agreement,
    AgreementParty,
    Clause,
    ClauseTarget,
    Programme,
    ProgrammeMilestone,
    ProgrammeObjective,
)
from tadrib.agreements.services import (
    change_agreement_status,
    save_agreement,
    save_agreement_party,
    save_clause,
    save_clause_target,
    save_programme,
    save_programme_milestone,
    save_programme_objective,
)
from tadrib.organisations.models import Organisation
from tadrib.people.models import Person

D = dt.date


@dataclass(frozen=True)
class AgreementPlan:
    reference: str
    owner: str
    kind: str
    names: tuple[str, str, str]
    signed_on: D
    signed_at: str
    parties: tuple[tuple[str, str], ...]
    summary: str
    extends: str = ""
    # (number, areas, text, ((indicator, quantity, period), ...))
    clauses: tuple[tuple[str, tuple[str, ...], str, tuple[tuple[str, int, str], ...]], ...] = ()


MOU = "TR-SY-2025-MOU-TRG"
TRAINING_AREAS = ("counter_terrorism", "demining", "cyber_defence", "logistics", "peacekeeping")

AGREEMENTS = (
    AgreementPlan(
        "TR-SY-1998-ADANA",
        "TR-MND-ICO",
        "accord",
        ("Adana Security Accord", "اتفاقية أضنة الأمنية", "Adana Mutabakatı"),
        D(1998, 10, 20),
        "Adana",
        (("TR-MND", "party"), ("SY-MOD", "party")),
        "Security cooperation along the common border; both governments seek to expand it.",
        clauses=(
            ("1", ("security",), "Cooperation against armed groups operating near the border.", ()),
        ),
    ),
    AgreementPlan(
        "TR-SY-2024-REL",
        "TR-MND-ICO",
        "joint_statement",
        (
            "Restoration of diplomatic relations (Syria–Türkiye)",
            "استعادة العلاقات الدبلوماسية (سوريا – تركيا)",
            "Diplomatik ilişkilerin yeniden kurulması (Suriye–Türkiye)",
        ),
        D(2024, 12, 1),
        "",
        (("TR-MND", "party"), ("SY-MOD", "party")),
        "Diplomatic relations restored in December 2024.",
        clauses=(("1", ("diplomatic",), "Diplomatic relations are restored.", ()),),
    ),
    AgreementPlan(
        "SA-SY-2024-REL",
        "SY-MOD",
        "joint_statement",
        (
            "Restoration of diplomatic relations (Syria–Saudi Arabia)",
            "استعادة العلاقات الدبلوماسية (سوريا – السعودية)",
            "Diplomatik ilişkilerin yeniden kurulması (Suriye–Suudi Arabistan)",
        ),
        D(2024, 12, 1),
        "",
        (("SY-MOD", "party"), ("SA-MOD", "party")),
        "Diplomatic relations restored in December 2024; Syrian cadets study at Saudi academies.",
        clauses=(
            ("1", ("diplomatic",), "Diplomatic relations are restored.", ()),
            (
                "2",
                (
                    "personnel_exchange",
                    "counter_terrorism",
                    "demining",
                    "logistics",
                    "peacekeeping",
                ),
                "Syrian officer cadets and officers are received at Saudi military academies "
                "and training institutions.",
                (
                    ("Officer cadets studying at Saudi academies", 12, "total"),
                    ("Personnel trained at Saudi institutions", 40, "per_year"),
                ),
            ),
        ),
    ),
    AgreementPlan(
        MOU,
        "TR-MND-ICO",
        "memorandum",
        (
            "Joint Training Memorandum of Understanding",
            "مذكرة التفاهم للتدريب المشترك",
            "Ortak Eğitim Mutabakat Muhtırası",
        ),
        D(2025, 8, 13),
        "Ankara",
        (("TR-MND", "host"), ("SY-MOD", "partner")),
        "Signed in Ankara during a visit by Syria's foreign minister, defence minister and "
        "intelligence chief. Aims: rebuild and reform the partner army, reduce the influence "
        "of irregular armed factions, comply with international military standards.",
        extends="TR-SY-1998-ADANA",
        clauses=(
            (
                "1",
                ("personnel_exchange",),
                "Regular exchange of military personnel for specialised courses, to improve "
                "interoperability and combat readiness.",
                (("Officer cadets studying at host academies", 49, "total"),),
            ),
            (
                "2",
                TRAINING_AREAS,
                "Advanced training in counter-terrorism, demining, cyber defence, logistics and "
                "peacekeeping, in line with international best practice.",
                (
                    ("Personnel trained in counter-terrorism", 60, "per_year"),
                    ("Personnel trained in demining", 40, "per_year"),
                    ("Personnel trained in cyber defence", 24, "per_year"),
                    ("Personnel trained in logistics", 40, "per_year"),
                    ("Personnel trained in peacekeeping", 30, "per_year"),
                ),
            ),
            (
                "3",
                ("technical_assistance",),
                "Host experts deployed to the partner nation to modernise its command "
                "structure, military systems and institutions.",
                (("Advisory deployments under way", 2, "total"),),
            ),
        ),
    ),
    AgreementPlan(
        "TR-SY-2025-EQP",
        "TR-MND-ICO",
        "contract",
        (
            "Equipment supply to the Syrian army",
            "توريد المعدات للجيش السوري",
            "Suriye ordusuna teçhizat tedariki",
        ),
        D(2025, 10, 17),
        "",
        (("TR-MND", "supplier"), ("SY-MOD", "recipient")),
        "Reported 17 October 2025, part of broader agreements with the partner's transitional "
        "presidency: armoured vehicles, drones, artillery, rockets and air-defence systems for "
        "northern Syria, to rebuild the arsenal under one unified military command.",
        clauses=(
            (
                "1",
                ("equipment_supply",),
                "Supply of armoured vehicles, drones, artillery, rockets and air-defence "
                "systems, kept under one unified command; no retransfer without consent.",
                (),
            ),
        ),
    ),
)

# code, names, agreement, clause, objectives (title, indicator, baseline, target, current, source),
# milestones (title, due, completed, evidence), and the managing office and host when they are
# not the Turkish ministry's (TR-MND-ICO, TR-MND)
PROGRAMMES: tuple[tuple[Any, ...], ...] = (
    (
        "PRG-EXCH",
        ("Personnel exchange", "تبادل الأفراد", "Personel değişimi"),
        MOU,
        "1",
        D(2025, 9, 1),
        (
            ("Cadets at host academies", "Syrian cadets enrolled", 0, 49, 49, ""),
            ("Specialised course places used", "Course places taken", 0, 120, 35, ""),
        ),
        (
            (
                "First cadet group departs",
                D(2025, 10, 22),
                D(2025, 10, 22),
                "Announcement by the partner's defence minister, 22 October 2025.",
            ),
            (
                "Cadets begin their studies",
                D(2025, 10, 31),
                D(2025, 10, 31),
                "Enrolment lists of the host academies.",
            ),
            ("First-year results received", D(2026, 7, 15), None, ""),
            ("Second intake nominated", D(2027, 3, 1), None, ""),
        ),
    ),
    (
        "PRG-ADV-TRG",
        ("Advanced training", "التدريب المتقدم", "İleri eğitim"),
        MOU,
        "2",
        D(2025, 10, 1),
        (
            ("Counter-terrorism", "Personnel trained in counter-terrorism", 0, 60, 18, ""),
            ("Demining", "Personnel trained in demining", 0, 40, 22, ""),
            ("Cyber defence", "Personnel trained in cyber defence", 0, 24, 4, ""),
            ("Logistics", "Personnel trained in logistics", 0, 40, 15, ""),
            ("Peacekeeping", "Personnel trained in peacekeeping", 0, 30, 0, ""),
        ),
        (
            (
                "Units begin training in host barracks",
                D(2025, 10, 30),
                D(2025, 10, 30),
                "Host ministry statement, 30 October 2025.",
            ),
            (
                "First demining course completed",
                D(2026, 3, 31),
                D(2026, 4, 3),
                "Course report of the Demining Training Centre.",
            ),
            ("Cyber defence course opens", D(2026, 9, 1), None, ""),
            ("Peacekeeping pre-deployment course", D(2027, 2, 1), None, ""),
        ),
    ),
    (
        "PRG-TA-CMD",
        (
            "Command-structure modernisation",
            "تحديث هيكل القيادة",
            "Komuta yapısının modernizasyonu",
        ),
        MOU,
        "3",
        D(2025, 11, 1),
        (
            ("Advisory teams deployed", "Deployments under way", 0, 2, 0, "advisory.deployments"),
            ("Experts on the ground", "Host experts deployed", 0, 8, 0, "advisory.experts"),
        ),
        (
            (
                "Advisory team arrives",
                D(2025, 11, 15),
                D(2025, 11, 16),
                "Arrival report of the team leader.",
            ),
            ("Draft command structure submitted", D(2026, 6, 30), None, ""),
        ),
    ),
    (
        "PRG-EQP",
        ("Equipment supply", "توريد المعدات", "Teçhizat tedariki"),
        "TR-SY-2025-EQP",
        "1",
        D(2025, 10, 17),
        (
            (
                "Systems delivered with a trained crew",
                "Share of delivered systems (%)",
                0,
                100,
                20,
                "",
            ),
        ),
        (("Initial inventory of delivered items", D(2026, 1, 15), None, ""),),
    ),
    (
        "PRG-SA-TRG",
        (
            "Training at Saudi military institutions",
            "التدريب في المؤسسات العسكرية السعودية",
            "Suudi askerî kurumlarında eğitim",
        ),
        "SA-SY-2024-REL",
        "2",
        D(2025, 10, 22),
        (
            (
                "Cadets at Saudi academies",
                "Officer cadets studying at Saudi academies",
                0,
                12,
                12,
                "",
            ),
            ("Specialised courses", "Personnel trained at Saudi institutions", 0, 40, 0, ""),
        ),
        (
            (
                "Cadets begin at King Abdulaziz Military Academy",
                D(2025, 10, 31),
                D(2025, 10, 31),
                "Enrolment list of the academy.",
            ),
            ("First specialised course completed", D(2026, 6, 30), None, ""),
        ),
        "SA-MOD",
        "SA-MOD",
    ),
)


@dataclass(frozen=True)
class DeploymentPlan:
    code: str
    names: tuple[str, str, str]
    programme: str
    owner: str
    supported: str
    areas: tuple[str, ...]
    starts_on: D
    ends_on: D
    mission: str
    roles: tuple[str, ...]


DEPLOYMENT = DeploymentPlan(
    code="TA-CMD-01",
    names=(
        "Command structure advisory team",
        "فريق استشاري لهيكل القيادة",
        "Komuta yapısı danışma ekibi",
    ),
    programme="PRG-TA-CMD",
    owner="TR-MND-ICO",
    supported="SY-MOD-GS",
    areas=("command_structure", "institutions"),
    starts_on=D(2025, 11, 15),
    ends_on=D(2027, 5, 14),
    mission="Advise the General Staff on a unified command structure, staff procedures and "
    "the institutions of a professional army.",
    roles=("team_leader", "adviser", "adviser", "adviser", "interpreter"),
)


class CooperationBuilder:
    """Creates what is missing of the agreements, programmes and deployment."""

    def __init__(
        self,
        organisations: dict[str, Organisation],
        created: dict[str, int],
        report: Callable[[str, int, int], None],
    ) -> None:
        self.orgs = organisations
        self.created = created
        self.report = report
        self.agreements: dict[str, Agreement] = {}
        self.programmes: dict[str, Programme] = {}
        for key in ("agreements", "programmes", "deployments"):
            created.setdefault(key, 0)

    def run(self) -> None:
        for done, plan in enumerate(AGREEMENTS, start=1):
            self.agreement(plan)
            self.report("agreements", done, len(AGREEMENTS))
        for done, row in enumerate(PROGRAMMES, start=1):
            self.programme(*row)
            self.report("programmes", done, len(PROGRAMMES))
        self.deployment()
        self.report("deployments", 1, 1)

    def agreement(self, plan: AgreementPlan) -> None:
        owner = self.orgs[plan.owner]
        found = Agreement.objects.filter(owner=owner, reference=plan.reference).first()
        if found is not None:
            self.agreements[plan.reference] = found
            self.clauses(found, plan)  # a clause added to the plan since
            return
        en, ar, tr = plan.names
        agreement = save_agreement(
            Agreement(
                owner=owner,
                reference=plan.reference,
                kind=plan.kind,
                name_en=en,
                name_ar=ar,
                name_tr=tr,
                summary=plan.summary,
                signed_on=plan.signed_on,
                signed_at=plan.signed_at,
                extends=self.agreements.get(plan.extends),
            ),
            actor=None,
        )
        for code, role in plan.parties:
            party = AgreementParty(agreement=agreement, organisation=self.orgs[code], role=role)
            save_agreement_party(party, actor=None)
        change_agreement_status(agreement, "signed", actor=None)
        change_agreement_status(agreement, "in_force", actor=None, entry_into_force=plan.signed_on)
        self.clauses(agreement, plan)
        self.agreements[plan.reference] = agreement
        self.created["agreements"] += 1

    def clauses(self, agreement: Agreement, plan: AgreementPlan) -> None:
        stored = set(agreement.clauses.values_list("number", flat=True))
        for number, areas, text, targets in plan.clauses:
            if number in stored:
                continue
            clause = save_clause(
                Clause(agreement=agreement, number=number, areas=list(areas), text=text),
                actor=None,
            )
            for indicator, quantity, period in targets:
                target = ClauseTarget(
                    clause=clause, indicator=indicator, quantity=quantity, period=period
                )
                save_clause_target(target, actor=None)

    def programme(
        self,
        code: str,
        titles: tuple[str, str, str],
        reference: str,
        number: str,
        starts_on: D,
        objectives: tuple[tuple[Any, ...], ...],
        milestones: tuple[tuple[Any, ...], ...],
        manager: str = "TR-MND-ICO",
        host: str = "TR-MND",
    ) -> None:
        owner = self.orgs[manager]
        found = Programme.objects.filter(owner=owner, code=code).first()
        if found is not None:
            self.programmes[code] = found
            return
        clause = Clause.objects.get(agreement=self.agreements[reference], number=number)
        en, ar, tr = titles
        programme = save_programme(
            Programme(
                code=code,
                name_en=en,
                name_ar=ar,
                name_tr=tr,
                owner=owner,
                clause=clause,
                host_organisation=self.orgs[host],
                partner_organisation=self.orgs["SY-MOD"],
                starts_on=starts_on,
                status="active",
            ),
            actor=None,
        )
        targets = {t.indicator: t for t in clause.targets.all()}
        for title, indicator, baseline, target, current, source in objectives:
            objective = ProgrammeObjective(
                programme=programme,
                clause_target=targets.get(indicator),
                title=title,
                indicator=indicator,
                baseline=Decimal(baseline),
                target=Decimal(target),
                current=Decimal(current),
                source=source,
            )
            save_programme_objective(objective, actor=None)
        for title, due_on, completed_on, evidence in milestones:
            milestone = ProgrammeMilestone(
                programme=programme,
                title=title,
                due_on=due_on,
                completed_on=completed_on,
                evidence=evidence,
            )
            save_programme_milestone(milestone, actor=None)
        self.programmes[code] = programme
        self.created["programmes"] += 1

    def deployment(self) -> None:
        plan = DEPLOYMENT
        owner = self.orgs[plan.owner]
        if Deployment.objects.filter(owner=owner, code=plan.code).exists():
            return
        en, ar, tr = plan.names
        deployment = save_deployment(
            Deployment(
                programme=self.programmes[plan.programme],
                code=plan.code,
                name_en=en,
                name_ar=ar,
                name_tr=tr,
                owner=owner,
                supported_organisation=self.orgs[plan.supported],
                mission=plan.mission,
                areas=list(plan.areas),
                starts_on=plan.starts_on,
                ends_on=plan.ends_on,
                status="active",
            ),
            actor=None,
        )
        experts = list(
            Person.objects.filter(nation__iso_code="TR", category="officer")
            .select_related("rank")
            .order_by("-rank__order", "service_number")[: len(plan.roles)]
        )
        for person, role in zip(experts, plan.roles, strict=False):
            member = DeploymentMember(
                deployment=deployment,
                person=person,
                role=role,
                starts_on=deployment.starts_on,
                ends_on=deployment.ends_on,
            )
            save_deployment_member(member, actor=None)
        for title, indicator, target, current in (
            ("Unified command structure adopted", "Draft chapters agreed", 12, 5),
            ("Staff officers coached", "Officers coached", 60, 24),
        ):
            objective = DeploymentObjective(
                deployment=deployment,
                title=title,
                indicator=indicator,
                target=Decimal(target),
                current=Decimal(current),
            )
            save_deployment_objective(objective, actor=None)
        for title, due_on, completed_on, evidence in (
            (
                "Team installed at the General Staff",
                D(2025, 11, 20),
                D(2025, 11, 19),
                "Arrival report.",
            ),
            (
                "Assessment of the current structure",
                D(2026, 1, 31),
                D(2026, 2, 10),
                "Assessment report, February 2026.",
            ),
            ("Draft command structure", D(2026, 6, 30), None, ""),
        ):
            milestone = DeploymentMilestone(
                deployment=deployment,
                title=title,
                due_on=due_on,
                completed_on=completed_on,
                evidence=evidence,
            )
            save_deployment_milestone(milestone, actor=None)
        report = DeploymentReport(
            deployment=deployment,
            title="Quarterly report 1",
            period_start=D(2025, 11, 15),
            period_end=D(2026, 2, 14),
            narrative="The team assessed the General Staff's current structure and proposed "
            "three options for a unified command.",
            submitted_on=D(2026, 2, 20),
        )
        save_deployment_report(report, actor=None)
        self.created["deployments"] += 1

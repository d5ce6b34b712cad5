"""The reference scenario's units in rotation: Syrian battalions training in
Turkish barracks on Turkish equipment under the advanced-training programme
("units begin training in host barracks", 30 October 2025).

- ROT-2025-01: an infantry battalion of the 11th Mechanised Brigade at the
  Southern Training Barracks, completed: rifles and vehicles issued and
  returned (one rifle missing, one vehicle damaged: two loss records), the
  evaluation against the battalion checklist passed, its members qualified in
  counter-terrorism operations.
- ROT-2026-02: an artillery battalion of the 13th Mechanised Brigade at the
  Central Anatolia Training Barracks, in training with howitzers issued.
- ROT-2027-03: an air-defence battalion, planned: one soldier's vetting is
  still open and another's was refused, so it cannot start yet.

Built once, when the battalions have soldiers in this build and none of the
rotations is stored yet.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from tadrib.agreements.models import Programme
from tadrib.demo import names
from tadrib.equipment.models import ItemType
from tadrib.organisations.models import Organisation
from tadrib.people.models import Person, Qualification
from tadrib.training import rotation_services as services
from tadrib.training.choices import VettingOutcome
from tadrib.training.models import (
    ChecklistCriterion,
    EvaluationChecklist,
    RotationEvaluation,
    UnitRotation,
)

D = dt.date
PROGRAMME = "PRG-ADV-TRG"
MIN_ROSTER = 5  # soldiers a battalion needs in this build for the story

CHECKLIST = (
    "CREVAL-BN",
    "Battalion evaluation (CREVAL style)",
    "تقييم الكتيبة (على نمط CREVAL)",
    "Tabur değerlendirmesi (CREVAL usulü)",
)
# code | critical | English | Arabic | Turkish
CRITERIA = names.table("""
C01 | y | Command post set up and reporting within the time set | إقامة مركز القيادة والإبلاغ ضمن الوقت المحدد | Komuta yeri belirlenen sürede kuruldu ve rapor veriyor
C02 | y | Weapons handled safely on every range | التعامل الآمن مع الأسلحة في جميع الميادين | Tüm atış alanlarında silahlar emniyetli kullanıldı
C03 | - | Live-fire qualification passed by 90% of riflemen | اجتياز 90% من الرماة تأهيل الرماية الحية | Tüfekçilerin %90'ı atış yeterliliğini geçti
C04 | y | Casualty evacuation drill completed within the hour | إتمام تمرين إخلاء المصابين خلال ساعة | Yaralı tahliye tatbikatı bir saat içinde tamamlandı
C05 | - | Battalion orders issued within a third of the planning time | إصدار أوامر الكتيبة خلال ثلث وقت التخطيط | Tabur emirleri planlama süresinin üçte birinde verildi
C06 | - | Communications with higher headquarters kept throughout | الحفاظ على الاتصال بالقيادة الأعلى طوال التمرين | Üst karargâhla muhabere tatbikat boyunca sürdürüldü
C07 | y | Rules of engagement applied correctly in every inject | تطبيق قواعد الاشتباك بشكل صحيح في كل حدث | Angajman kuralları her senaryo olayında doğru uygulandı
C08 | - | Equipment accounted for at each change of phase | حصر المعدات عند كل تغيير في المرحلة | Teçhizat her safha değişiminde sayıldı
C09 | - | Route clearance drill completed to standard | إتمام تمرين تطهير الطرق وفق المعيار | Yol temizleme tatbikatı standarda uygun tamamlandı
C10 | - | Resupply delivered on time | إيصال الإمداد في الوقت المحدد | İkmal zamanında yapıldı
""")


@dataclass(frozen=True)
class RotationPlan:
    code: str
    facility: str
    unit: str
    starts: D
    ends: D
    qualification: str
    areas: str
    objectives: str
    # item type code -> how many issued (host serials TR-<code>-<n>)
    issued: tuple[tuple[str, int], ...]
    state: str


ROTATIONS = (
    RotationPlan(
        "ROT-2025-01",
        "TR-FAC-1",
        "SY-BN-111",
        D(2025, 10, 30),
        D(2026, 2, 27),
        "Q-CT-UNIT",
        "Ranges 3 and 4, urban training village, driver training track.",
        "Counter-terrorism operations at company level; live-fire qualification on host rifles; "
        "armoured vehicle drivers trained.",
        (("MPT-76", 24), ("KIRPI-II", 2)),
        "completed",
    ),
    RotationPlan(
        "ROT-2026-02",
        "TR-FAC-2",
        "SY-BN-131",
        D(2026, 10, 12),
        D(2027, 1, 29),
        "",
        "Artillery ranges north, fire-direction simulator.",
        "Battery fire missions with T-155 howitzers; fire-direction centre procedures.",
        (("T155", 2), ("MPT-76", 12)),
        "in_training",
    ),
    RotationPlan(
        "ROT-2027-03",
        "TR-FAC-1",
        "SY-BN-221",
        D(2027, 2, 1),
        D(2027, 5, 28),
        "Q-AD-OP",
        "Air-defence range, radar simulator.",
        "Air-defence battery drills and crew qualification.",
        (),
        "planned",
    ),
)
# The first rifle issued to ROT-2025-01 is not brought back; its first vehicle comes back damaged.
LOST = ("MPT-76", 0)
DAMAGED = ("KIRPI-II", 0)
# Criteria of the completed rotation's evaluation not met (none of them critical).
NOT_MET = {"C05": "Orders took half of the planning time in the first exercise."}


def host_serial(item_type: str, n: int) -> str:
    return f"TR-{item_type}-{n + 1:04d}"


class RotationsBuilder:
    """Creates the checklist when missing, then the rotations' story once."""

    def __init__(
        self,
        organisations: dict[str, Organisation],
        programmes: dict[str, Programme],
        created: dict[str, int],
        report: Callable[[str, int, int], None],
    ) -> None:
        self.orgs, self.programmes, self.created, self.report = (
            organisations,
            programmes,
            created,
            report,
        )
        for key in ("rotations", "rotation_members", "equipment_issued"):
            created.setdefault(key, 0)

    def run(self) -> None:
        checklist = self.build_checklist()
        if UnitRotation.objects.filter(code__in=[p.code for p in ROTATIONS]).exists():
            self.report("rotations", len(ROTATIONS), len(ROTATIONS))
            return
        rosters = {plan.code: self.roster(plan) for plan in ROTATIONS}
        if any(len(people) < MIN_ROSTER for people in rosters.values()):
            self.report("rotations", len(ROTATIONS), len(ROTATIONS))
            return  # too few soldiers in this build
        for done, plan in enumerate(ROTATIONS, start=1):
            self.rotation(plan, rosters[plan.code], checklist)
            self.report("rotations", done, len(ROTATIONS))

    def build_checklist(self) -> EvaluationChecklist:
        code, en, ar, tr = CHECKLIST
        checklist = EvaluationChecklist.objects.filter(code=code).first()
        if checklist is None:
            checklist = services.save_evaluation_checklist(
                EvaluationChecklist(code=code, name_en=en, name_ar=ar, name_tr=tr), actor=None
            )
        have = set(checklist.criteria.values_list("code", flat=True))
        for criterion, critical, c_en, c_ar, c_tr in CRITERIA:
            if criterion not in have:
                services.save_checklist_criterion(
                    ChecklistCriterion(
                        checklist=checklist,
                        code=criterion,
                        critical=critical == "y",
                        name_en=c_en,
                        name_ar=c_ar,
                        name_tr=c_tr,
                    ),
                    actor=None,
                )
        return checklist

    def roster(self, plan: RotationPlan) -> list[Person]:
        unit = self.orgs[plan.unit]
        return list(
            Person.objects.filter(unit=unit, status__in=["active", "in_training"])
            .select_related("rank")
            .order_by("-rank__order", "service_number")
        )

    def rotation(
        self, plan: RotationPlan, people: list[Person], checklist: EvaluationChecklist
    ) -> UnitRotation:
        qualification = (
            Qualification.objects.get(code=plan.qualification) if plan.qualification else None
        )
        rotation = services.save_unit_rotation(
            UnitRotation(
                programme=self.programmes[PROGRAMME],
                code=plan.code,
                facility=self.orgs[plan.facility],
                unit=self.orgs[plan.unit],
                starts_on=plan.starts,
                ends_on=plan.ends,
                training_areas=plan.areas,
                objectives=plan.objectives,
                qualification=qualification,
            ),
            actor=None,
        )
        self.created["rotations"] += 1
        members = services.add_members(rotation, people=people, actor=None)
        self.created["rotation_members"] += len(members)
        vetted_on = plan.starts - dt.timedelta(days=21)
        reference = f"VET-{plan.code}"
        services.record_unit_vetting(
            rotation, VettingOutcome.CLEARED, reference=reference, on=vetted_on, actor=None
        )
        outcomes = {m: VettingOutcome.CLEARED for m in members}
        if plan.state == "planned":
            # One soldier still being vetted, one refused: the rotation waits.
            outcomes.pop(members[-1])
            outcomes[members[-2]] = VettingOutcome.REFUSED
        services.record_vetting(rotation, outcomes, reference=reference, on=vetted_on, actor=None)
        if plan.state == "planned":
            return rotation
        services.start_rotation(rotation, actor=None, on=plan.starts)
        rows = [
            f"{item_type},{host_serial(item_type, n)}"
            for item_type, count in plan.issued
            for n in range(count)
        ]
        if rows and ItemType.objects.filter(code__in=[t for t, _ in plan.issued]).count() == len(
            plan.issued
        ):
            services.issue_equipment(rotation, "\n".join(rows), on=plan.starts, actor=None)
            self.created["equipment_issued"] += len(rows)
        if plan.state != "completed":
            return rotation
        self.evaluate(rotation, checklist, plan.ends - dt.timedelta(days=5))
        lost, damaged = host_serial(*LOST), host_serial(*DAMAGED)
        returned = [row.split(",")[1] for row in rows]
        services.return_equipment(
            rotation,
            returned=[s for s in returned if s not in (lost, damaged)],
            damaged={damaged: "Front axle damaged on the driver training track."},
            on=plan.ends,
            close_count=True,
            actor=None,
        )
        services.complete_rotation(rotation, actor=None, on=plan.ends)
        return rotation

    def evaluate(self, rotation: UnitRotation, checklist: EvaluationChecklist, on: D) -> None:
        evaluation = services.save_rotation_evaluation(
            RotationEvaluation(
                rotation=rotation,
                checklist=checklist,
                evaluator="Lt Col Murat Aydın, Southern Training Barracks",
                evaluated_on=on,
                remarks="Ready for company-level counter-terrorism operations.",
            ),
            actor=None,
        )
        services.assess_criteria(
            evaluation,
            {
                criterion: (criterion.code not in NOT_MET, NOT_MET.get(criterion.code, ""))
                for criterion in checklist.criteria.order_by("code")
            },
            actor=None,
        )
        services.finalise_evaluation(evaluation, actor=None)

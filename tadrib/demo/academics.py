"""The reference scenario's cadets: the 49 Syrian officer cadets who began
their studies at two Turkish military academies on 31 October 2025 (a
language-preparation year first) and the 12 at the King Abdulaziz Military
Academy, with the programmes, their curricula, the results recorded so far,
the end-of-year decisions, two incidents and learning agreements in every
state (the home academy is the Syrian Military Academy).

The story's present is the training scenario's (1 November 2026): the Land
Forces Academy's cohort finished its preparation year (two cadets repeat it)
and began year 1; the Air Force Academy's preparation year runs to December
and only part of its second-term grades are in; the Saudi cohort finished
year 1 (one cadet repeats it) and began year 2. Built once, when the cadets
exist and none of the cohorts is stored yet.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from decimal import Decimal

from tadrib.demo import names
from tadrib.organisations.models import Organisation
from tadrib.people.models import Person, Qualification
from tadrib.people.services import save_qualification
from tadrib.training import academic_services as services
from tadrib.training.models import (
    AcademicProgramme,
    AgreementComponent,
    CadetEnrolment,
    CadetIncident,
    Cohort,
    LearningAgreement,
    ProgrammeComponent,
    RecognitionLine,
    TermResult,
)

D = dt.date
HOME_ACADEMY = "SY-MA"
SENDING_OFFICE = "SY-CADETS"

# code | valid (months) | English | Arabic | Turkish
QUALIFICATIONS = names.table("""
Q-OFF-LAND | - | Commissioned officer, land forces | ضابط عامل، القوات البرية | Muvazzaf subay, kara kuvvetleri
Q-OFF-AIR  | - | Commissioned officer, air force   | ضابط عامل، القوات الجوية | Muvazzaf subay, hava kuvvetleri
""")

# code | academy | years | preparation | language | credits to graduate | qualification |
# English | Arabic | Turkish
PROGRAMMES = names.table("""
KHO-LAND | TR-KHO  | 4 | y | tr | 240 | Q-OFF-LAND | Land forces officer education (BSc) | تأهيل ضباط القوات البرية (بكالوريوس) | Kara harp okulu lisans eğitimi
HHO-AIR  | TR-HHO  | 4 | y | tr | 240 | Q-OFF-AIR  | Air force officer education (BSc)   | تأهيل ضباط القوات الجوية (بكالوريوس) | Hava harp okulu lisans eğitimi
KAMA-MS  | SA-KAMA | 3 | - | ar | 180 | Q-OFF-LAND | Military sciences (BSc)             | العلوم العسكرية (بكالوريوس)         | Askerî bilimler (lisans)
""")

# The curriculum every programme follows (the Saudi one stops after year 3):
# year | term | code | ECTS | English | Arabic | Turkish
CURRICULUM = names.table("""
0 | 1 | LNG-01  | 0  | Language of instruction I            | لغة التدريس 1                | Eğitim dili I
0 | 1 | ORI-01  | 0  | Military orientation                 | التوجيه العسكري              | Askerî oryantasyon
0 | 2 | LNG-02  | 0  | Language of instruction II           | لغة التدريس 2                | Eğitim dili II
0 | 2 | LNG-03  | 0  | Academic reading and writing         | القراءة والكتابة الأكاديمية  | Akademik okuma ve yazma
1 | 1 | MAT-101 | 10 | Calculus                             | التفاضل والتكامل             | Matematik analiz
1 | 1 | HIS-101 | 10 | Military history                     | التاريخ العسكري              | Askerî tarih
1 | 1 | TAC-101 | 10 | Basic tactics                        | التكتيك الأساسي              | Temel taktik
1 | 2 | PHY-102 | 10 | Physics                              | الفيزياء                     | Fizik
1 | 2 | LDR-102 | 10 | Leadership I                         | القيادة 1                    | Liderlik I
1 | 2 | TAC-102 | 10 | Small-unit tactics                   | تكتيك الوحدات الصغرى         | Küçük birlik taktikleri
2 | 1 | ENG-201 | 10 | Engineering mechanics                | الميكانيك الهندسي            | Mühendislik mekaniği
2 | 1 | LAW-201 | 10 | Law of armed conflict                | قانون النزاعات المسلحة       | Silahlı çatışma hukuku
2 | 1 | TAC-201 | 10 | Platoon operations                   | عمليات الفصيل                | Takım harekâtı
2 | 2 | LOG-202 | 10 | Military logistics                   | الإمداد العسكري              | Askerî lojistik
2 | 2 | COM-202 | 10 | Communications systems               | أنظمة الاتصالات              | Muhabere sistemleri
2 | 2 | LDR-202 | 10 | Leadership II                        | القيادة 2                    | Liderlik II
3 | 1 | OPS-301 | 10 | Company operations                   | عمليات السرية                | Bölük harekâtı
3 | 1 | INT-301 | 10 | Military intelligence                | الاستخبارات العسكرية         | Askerî istihbarat
3 | 1 | CYB-301 | 10 | Cyber security                       | الأمن السيبراني              | Siber güvenlik
3 | 2 | PKO-302 | 10 | Peace support operations             | عمليات دعم السلام            | Barışı destekleme harekâtı
3 | 2 | STA-302 | 10 | Staff procedures                     | إجراءات الأركان              | Karargâh usulleri
3 | 2 | FLD-302 | 10 | Field exercise                       | التمرين الميداني             | Arazi tatbikatı
4 | 1 | OPS-401 | 10 | Joint operations                     | العمليات المشتركة            | Müşterek harekât
4 | 1 | ETH-401 | 10 | Military ethics                      | الأخلاقيات العسكرية          | Askerî etik
4 | 1 | RES-401 | 10 | Research methods                     | مناهج البحث                  | Araştırma yöntemleri
4 | 2 | THS-402 | 20 | Graduation thesis                    | مشروع التخرج                 | Bitirme tezi
4 | 2 | CMD-402 | 10 | Command and control                  | القيادة والسيطرة             | Komuta ve kontrol
""")

# code | programme | first cadet | last cadet | starts on | planned size
COHORTS = names.table("""
KHO-2025-SY  | KHO-LAND | SY-C25-001  | SY-C25-034  | 2025-10-31 | 34
HHO-2025-SY  | HHO-AIR  | SY-C25-035  | SY-C25-049  | 2025-10-31 | 15
KAMA-2025-SY | KAMA-MS  | SY-C25S-001 | SY-C25S-012 | 2025-10-31 | 12
""")

# What the Syrian Military Academy recognises for each component of year 1.
# host code | home code | English title | ECTS recognised
RECOGNITION = names.table("""
MAT-101 | SMA-MAT1 | Mathematics I           | 8
HIS-101 | SMA-HIS1 | History of warfare      | 6
TAC-101 | SMA-TAC1 | Tactics I               | 10
PHY-102 | SMA-PHY1 | Physics I               | 8
LDR-102 | SMA-LDR1 | Leadership and command  | 6
TAC-102 | SMA-TAC2 | Tactics II              | 10
""")

# When each term's grades were recorded: cohort | year | term | on | how many cadets
RESULTS = names.table("""
KHO-2025-SY  | 0 | 1 | 2026-02-06 | 34
KHO-2025-SY  | 0 | 2 | 2026-06-19 | 34
HHO-2025-SY  | 0 | 1 | 2026-02-06 | 14
HHO-2025-SY  | 0 | 2 | 2026-10-23 | 9
KAMA-2025-SY | 1 | 1 | 2026-02-12 | 12
KAMA-2025-SY | 1 | 2 | 2026-06-25 | 12
""")
# End-of-year decisions: cohort | on
DECISIONS = names.table("""
KHO-2025-SY  | 2026-07-03
KAMA-2025-SY | 2026-07-09
""")
# Cadets who fail components (grade below the pass mark): service number | cohort year | codes
FAILS = names.table("""
SY-C25-007  | 0 | LNG-02 LNG-03
SY-C25-021  | 0 | LNG-02
SY-C25-030  | 0 | LNG-02 LNG-03
SY-C25-041  | 0 | LNG-02
SY-C25S-004 | 1 | MAT-101 PHY-102 TAC-102
SY-C25S-009 | 1 | HIS-101
""")
WITHDRAWN = ("SY-C25-046", D(2026, 3, 16), "Returned home for family reasons.")
# service number | kind | severity | on | hours | description
INCIDENTS = names.table("""
SY-C25-012  | unauthorised_absence | serious | 2026-11-08 | 30 | Did not return from weekend leave until Monday afternoon.
SY-C25-040  | illness              | minor   | 2026-10-02 | -  | Influenza; three days in the infirmary.
SY-C25S-006 | unauthorised_absence | minor   | 2026-04-18 | 26 | Late return from leave; reported by the company officer.
""")
# Learning agreements: cohort | academic year | first and last cadet (by their order in the
# cohort) | state
AGREEMENTS = names.table("""
KHO-2025-SY  | 2026 | 1  | 10 | approved
KHO-2025-SY  | 2026 | 11 | 15 | host_approved
KHO-2025-SY  | 2026 | 16 | 20 | draft
KHO-2025-SY  | 2026 | 21 | 21 | changed
KAMA-2025-SY | 2025 | 1  | 3  | closed
KAMA-2025-SY | 2025 | 4  | 12 | approved
""")


class AcademicsBuilder:
    """Creates the qualifications, programmes and curricula that are missing,
    then, when no cohort of the scenario is stored yet and the cadets exist,
    the cohorts and their story."""

    def __init__(
        self,
        organisations: dict[str, Organisation],
        seed: int,
        created: dict[str, int],
        report: Callable[[str, int, int], None],
    ) -> None:
        self.orgs, self.created, self.report = organisations, created, report
        self.rng = random.Random(seed + 7)
        self.programmes: dict[str, AcademicProgramme] = {}
        self.components: dict[tuple[str, str], ProgrammeComponent] = {}
        for key in ("academic_programmes", "cohorts", "cadet_enrolments", "term_results"):
            created.setdefault(key, 0)

    def run(self) -> None:
        self.build_programmes()
        codes = [row[0] for row in COHORTS]
        numbers = [n for row in COHORTS for n in _numbers(row[2], row[3])]
        cadets = {p.service_number: p for p in Person.objects.filter(service_number__in=numbers)}
        if Cohort.objects.filter(code__in=codes).exists() or len(cadets) < len(numbers):
            # Already built, or the cadets are not in this build.
            self.report("cohorts", len(COHORTS), len(COHORTS))
            self.report("term_results", len(RESULTS), len(RESULTS))
            return
        results_before = TermResult.objects.count()
        cohorts = {}
        for done, (code, programme, first, last, starts, size) in enumerate(COHORTS, start=1):
            cohorts[code] = self.build_cohort(
                code, programme, [cadets[n] for n in _numbers(first, last)], starts, int(size)
            )
            self.report("cohorts", done, len(COHORTS))
        self.results(cohorts)
        self.incidents(cohorts)
        self.agreements(cohorts)
        self.created["term_results"] += TermResult.objects.count() - results_before

    # --- programmes ---------------------------------------------------------------

    def build_programmes(self) -> None:
        found = {
            q.code: q for q in Qualification.objects.filter(code__in=[r[0] for r in QUALIFICATIONS])
        }
        for code, months, en, ar, tr in QUALIFICATIONS:
            if code not in found:
                found[code] = save_qualification(
                    Qualification(
                        code=code,
                        valid_for_months=int(months) if months else None,
                        name_en=en,
                        name_ar=ar,
                        name_tr=tr,
                    ),
                    actor=None,
                )
                self.created["qualifications"] = self.created.get("qualifications", 0) + 1
        stored = {
            (p.institution_id, p.code): p
            for p in AcademicProgramme.objects.filter(code__in=[r[0] for r in PROGRAMMES])
        }
        for (
            code,
            academy,
            years,
            preparation,
            language,
            to_graduate,
            qualification,
            *titles,
        ) in PROGRAMMES:
            institution = self.orgs[academy]
            programme = stored.get((institution.pk, code))
            if programme is None:
                en, ar, tr = titles
                programme = services.save_programme(
                    AcademicProgramme(
                        institution=institution,
                        code=code,
                        name_en=en,
                        name_ar=ar,
                        name_tr=tr,
                        years=int(years),
                        terms_per_year=2,
                        preparation_year=preparation == "y",
                        language=language,
                        grade_max=Decimal(100),
                        pass_mark=Decimal(60),
                        credits_to_progress=Decimal(45),
                        max_repeats=1,
                        credits_to_graduate=Decimal(to_graduate),
                        qualification=found[qualification],
                    ),
                    actor=None,
                )
                self.created["academic_programmes"] += 1
            self.programmes[code] = programme
            self.build_curriculum(programme)

    def build_curriculum(self, programme: AcademicProgramme) -> None:
        have = {c.code: c for c in programme.components.all()}
        for year, term, code, ects, en, ar, tr in CURRICULUM:
            if int(year) < programme.first_year or int(year) > programme.years:
                continue
            component = have.get(code)
            if component is None:
                component = services.save_component(
                    ProgrammeComponent(
                        programme=programme,
                        code=code,
                        year=int(year),
                        term=int(term),
                        ects=Decimal(ects),
                        name_en=en,
                        name_ar=ar,
                        name_tr=tr,
                    ),
                    actor=None,
                )
            self.components[(programme.code, code)] = component

    # --- the cohorts' story ----------------------------------------------------------

    def build_cohort(
        self, code: str, programme_code: str, cadets: list[Person], starts: str, size: int
    ) -> Cohort:
        programme = self.programmes[programme_code]
        cohort = services.save_cohort(
            Cohort(
                programme=programme,
                code=code,
                sending_organisation=self.orgs[SENDING_OFFICE],
                starts_on=D.fromisoformat(starts),
                planned_size=size,
            ),
            actor=None,
        )
        self.created["cohorts"] += 1
        services.enrol_cadets(cohort, cadets, actor=None, on=cohort.starts_on)
        self.created["cadet_enrolments"] += len(cadets)
        return cohort

    def enrolments(self, cohort: Cohort) -> list[CadetEnrolment]:
        return list(
            CadetEnrolment.objects.filter(cohort=cohort)
            .select_related("person", "cohort__programme")
            .order_by("person__service_number")
        )

    def results(self, cohorts: dict[str, Cohort]) -> None:
        fails = {(number, int(year)): set(codes.split()) for number, year, codes in FAILS}
        withdrawn_number, withdrawn_on, reason = WITHDRAWN
        decided = {code: D.fromisoformat(on) for code, on in DECISIONS}
        for done, (code, year, term, on, count) in enumerate(RESULTS, start=1):
            cohort = cohorts[code]
            when = D.fromisoformat(on)
            for enrolment in self.enrolments(cohort)[: int(count)]:
                number = enrolment.person.service_number
                if number == withdrawn_number and when > withdrawn_on:
                    continue
                failing = fails.get((number, int(year)), set())
                for component in cohort.programme.components.filter(year=int(year), term=int(term)):
                    grade = self.grade(component.code in failing)
                    services.save_result(
                        TermResult(
                            enrolment=enrolment,
                            component=component,
                            attempt=1,
                            grade=grade,
                            recorded_on=when,
                        ),
                        actor=None,
                    )
            if code == "HHO-2025-SY" and int(term) == 1:
                self.withdraw(cohort, withdrawn_number, withdrawn_on, reason)
            self.report("term_results", done, len(RESULTS))
            last_term = all(not (c == code and int(t) > int(term)) for c, _, t, _, _ in RESULTS)
            if code in decided and last_term:
                services.decide_cohort(cohort, actor=None, on=decided[code])

    def grade(self, fail: bool) -> Decimal:
        if fail:
            return Decimal(self.rng.randint(35, 58))
        return Decimal(min(98, max(61, round(self.rng.gauss(76, 9)))))

    def withdraw(self, cohort: Cohort, number: str, on: D, reason: str) -> None:
        for enrolment in self.enrolments(cohort):
            if enrolment.person.service_number == number:
                services.withdraw(enrolment, actor=None, reason=reason, on=on)

    def incidents(self, cohorts: dict[str, Cohort]) -> None:
        by_number = {
            e.person.service_number: e
            for cohort in cohorts.values()
            for e in self.enrolments(cohort)
        }
        for number, kind, severity, on, hours, description in INCIDENTS:
            services.save_incident(
                CadetIncident(
                    enrolment=by_number[number],
                    kind=kind,
                    severity=severity,
                    occurred_on=D.fromisoformat(on),
                    hours_absent=int(hours) if hours else None,
                    description=description,
                ),
                actor=None,
            )

    def agreements(self, cohorts: dict[str, Cohort]) -> None:
        home = self.orgs[HOME_ACADEMY]
        for code, year, first, last, state in AGREEMENTS:
            cohort = cohorts[code]
            # Cadets studying year 1 or above (not those repeating the preparation year).
            studying = [e for e in self.enrolments(cohort) if e.is_active and e.year_of_study >= 1]
            chosen = studying[int(first) - 1 : int(last)]
            for enrolment in chosen:
                self.agreement(enrolment, home, int(year), state)

    def agreement(
        self, enrolment: CadetEnrolment, home: Organisation, year: int, state: str
    ) -> None:
        agreement = services.save_agreement(
            LearningAgreement(enrolment=enrolment, academic_year=year, home_institution=home),
            actor=None,
        )
        programme = enrolment.cohort.programme
        lines = {}
        for host_code, home_code, title, ects in RECOGNITION:
            component = self.components[(programme.code, host_code)]
            lines[host_code] = services.save_agreement_component(
                AgreementComponent(agreement=agreement, component=component), actor=None
            )
            services.save_recognition_line(
                RecognitionLine(
                    agreement=agreement,
                    host_line=lines[host_code],
                    home_code=home_code,
                    home_title=title,
                    credits=Decimal(ects),
                ),
                actor=None,
            )
        if state == "draft":
            return
        services.submit(agreement, actor=None)
        services.approve(agreement, actor=None, side="host")
        if state == "host_approved":
            return
        services.approve(agreement, actor=None, side="home")
        if state == "changed":
            # A component dropped after both signed: both must approve again.
            services.delete_agreement_component(lines["HIS-101"], actor=None)
            services.approve(agreement, actor=None, side="host")
        if state == "closed":
            services.issue_transcript(agreement, actor=None, on=D(2026, 7, 15))


def _numbers(first: str, last: str) -> list[str]:
    """Service numbers from ``first`` to ``last`` (same prefix): SY-C25-001 … SY-C25-034."""
    prefix, start = first.rsplit("-", 1)
    end = int(last.rsplit("-", 1)[1])
    return [f"{prefix}-{n:0{len(start)}d}" for n in range(int(start), end + 1)]

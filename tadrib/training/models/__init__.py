"""Training: the course catalogue of host institutions, the sessions that run
them, and the nominations that carry a partner's soldier from being put
forward to a post that uses what they learned; with attendance, assessments,
grades and incidents during the course.

Who sees what: a course, its prerequisites, sessions and quotas belong to the
host institution and are read by the institution's reach and by each partner
organisation with a programme with that host nation (the catalogue). A nomination
belongs to the partner organisation that put the person forward; the host
institution reads it from eligibility on (it vets, offers, accepts and trains).
Grades, attendance and incidents belong to the host institution and are read
by the nominating organisation (an incident is reported to the sending nation).

One module per concept: catalogue, nominations, records (kept by the
host during a course), intakes (seat allocation), academics (cadets in
multi-year programmes), rotations (whole units); base holds the policies.
"""

from tadrib.training.models.academics import (
    AcademicProgramme,
    AgreementComponent,
    CadetEnrolment,
    CadetIncident,
    Cohort,
    LearningAgreement,
    ProgrammeComponent,
    ProgressionDecision,
    RecognitionLine,
    TermResult,
)
from tadrib.training.models.base import (
    CATALOGUE_POLICY,
    CODE,
    COURSE_RECORDS_POLICY,
    NOMINATION_POLICY,
    STANAG_PROFILE,
    catalogue_condition,
)
from tadrib.training.models.catalogue import (
    Course,
    CoursePrerequisite,
    Session,
    SessionQuota,
)
from tadrib.training.models.intakes import (
    AllocationRun,
    Intake,
    IntakeInstitution,
    NominationChoice,
)
from tadrib.training.models.nominations import (
    Nomination,
)
from tadrib.training.models.records import (
    Assessment,
    Attendance,
    Grade,
    HostRecord,
    Incident,
)
from tadrib.training.models.rotations import (
    ChecklistCriterion,
    CriterionAssessment,
    EquipmentLoss,
    EvaluationChecklist,
    RotationEquipment,
    RotationEvaluation,
    RotationMember,
    UnitRotation,
)

__all__ = [
    "CATALOGUE_POLICY",
    "CODE",
    "COURSE_RECORDS_POLICY",
    "NOMINATION_POLICY",
    "STANAG_PROFILE",
    "AcademicProgramme",
    "AgreementComponent",
    "AllocationRun",
    "Assessment",
    "Attendance",
    "CadetEnrolment",
    "CadetIncident",
    "ChecklistCriterion",
    "Cohort",
    "Course",
    "CoursePrerequisite",
    "CriterionAssessment",
    "EquipmentLoss",
    "EvaluationChecklist",
    "Grade",
    "HostRecord",
    "Incident",
    "Intake",
    "IntakeInstitution",
    "LearningAgreement",
    "Nomination",
    "NominationChoice",
    "ProgrammeComponent",
    "ProgressionDecision",
    "RecognitionLine",
    "RotationEquipment",
    "RotationEvaluation",
    "RotationMember",
    "Session",
    "SessionQuota",
    "TermResult",
    "UnitRotation",
    "catalogue_condition",
]

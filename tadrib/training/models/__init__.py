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
host during a course), intakes (seat allocation); base holds the policies.
"""

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

__all__ = [
    "CATALOGUE_POLICY",
    "CODE",
    "COURSE_RECORDS_POLICY",
    "NOMINATION_POLICY",
    "STANAG_PROFILE",
    "AllocationRun",
    "Assessment",
    "Attendance",
    "Course",
    "CoursePrerequisite",
    "Grade",
    "HostRecord",
    "Incident",
    "Intake",
    "IntakeInstitution",
    "Nomination",
    "NominationChoice",
    "Session",
    "SessionQuota",
    "catalogue_condition",
]

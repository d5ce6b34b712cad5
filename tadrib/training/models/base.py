"""Access policies and validators shared by the training models, and the
catalogue's sharing rule."""

from __future__ import annotations

from typing import Any

from django.core.validators import RegexValidator
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from tadrib.agreements.models import Programme
from tadrib.core.access import policy
from tadrib.core.choices import Role

R = Role
# The catalogue: registrars and managers of the institution publish it.
CATALOGUE_POLICY = policy(
    add=[R.ADMINISTRATOR, R.MANAGER, R.REGISTRAR],
    change=[R.ADMINISTRATOR, R.MANAGER, R.REGISTRAR],
    delete=[R.ADMINISTRATOR, R.MANAGER, R.REGISTRAR],
)
# Running a course: instructors too.
COURSE_RECORDS_POLICY = policy(
    add=[R.ADMINISTRATOR, R.MANAGER, R.REGISTRAR, R.INSTRUCTOR],
    change=[R.ADMINISTRATOR, R.MANAGER, R.REGISTRAR, R.INSTRUCTOR],
    delete=[R.ADMINISTRATOR, R.MANAGER, R.REGISTRAR],
)
# Nominations: the partner's training directorate (managers and registrars).
NOMINATION_POLICY = policy(
    add=[R.ADMINISTRATOR, R.MANAGER, R.REGISTRAR],
    change=[R.ADMINISTRATOR, R.MANAGER, R.REGISTRAR],
    delete=[R.ADMINISTRATOR, R.MANAGER],
)

STANAG_PROFILE = RegexValidator(
    r"^[0-5]{4}$",
    _("Four digits 0–5: listening, speaking, reading, writing (e.g. 3222)."),
)


def catalogue_condition(institution: str, below: Any, above: list[int]) -> Q:
    """Records of a host institution's catalogue (``institution`` is the ORM
    path to it) shown, besides the institution's own reach, to every partner
    organisation that has a programme with the host nation (named as the
    programme's partner, or below or above it). Nothing else of the host is
    shown to the partner."""
    partners = Programme.objects.filter(
        Q(partner_organisation__in=below) | Q(partner_organisation__in=above)
    ).values("host_organisation__nation_id")
    return Q(**{f"{institution}__nation_id__in": partners})


CODE = RegexValidator(
    r"^[A-Z0-9][A-Z0-9._/-]*$", _("Use capital letters, digits, '.', '/', '-' or '_'.")
)

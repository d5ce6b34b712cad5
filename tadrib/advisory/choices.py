from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class DeploymentArea(models.TextChoices):
    """What a technical-assistance team works on (values must not contain one
    another: they are stored together in one column)."""

    COMMAND_STRUCTURE = "command_structure", _("Command structure")
    MILITARY_SYSTEMS = "military_systems", _("Military systems")
    INSTITUTIONS = "institutions", _("Institutions")


class DeploymentStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    ACTIVE = "active", pgettext_lazy("deployment status", "Active")
    COMPLETED = "completed", _("Completed")
    CANCELLED = "cancelled", _("Cancelled")


S = DeploymentStatus
# The one table of allowed status changes (from -> to).
DEPLOYMENT_TRANSITIONS: dict[str, frozenset[str]] = {
    S.PLANNED: frozenset({S.ACTIVE, S.CANCELLED}),
    S.ACTIVE: frozenset({S.COMPLETED, S.CANCELLED}),
    S.COMPLETED: frozenset({S.ACTIVE}),
    S.CANCELLED: frozenset({S.PLANNED}),
}


class MemberRole(models.TextChoices):
    TEAM_LEADER = "team_leader", _("Team leader")
    ADVISER = "adviser", _("Adviser")
    INSTRUCTOR = "instructor", _("Instructor")
    INTERPRETER = "interpreter", _("Interpreter")
    LIAISON_OFFICER = "liaison_officer", _("Liaison officer")

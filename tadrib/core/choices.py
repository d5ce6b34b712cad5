from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    """What a membership lets its user do within the organisation's subtree."""

    ADMINISTRATOR = "administrator", _("Administrator")
    MANAGER = "manager", _("Manager")
    REGISTRAR = "registrar", _("Registrar")
    INSTRUCTOR = "instructor", _("Instructor")
    LOGISTICS_OFFICER = "logistics_officer", _("Logistics officer")
    INSPECTOR = "inspector", _("Inspector")
    VIEWER = "viewer", _("Viewer")


class Action(models.TextChoices):
    VIEW = "view", _("View")
    ADD = "add", _("Add")
    CHANGE = "change", _("Change")
    DELETE = "delete", _("Delete")


class Calendar(models.TextChoices):
    GREGORIAN = "gregorian", _("Gregorian")
    UMM_AL_QURA = "umm_al_qura", _("Umm al-Qura (Hijri)")

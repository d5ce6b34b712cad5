from django.db import models
from django.utils.translation import gettext_lazy as _


class OrganisationKind(models.TextChoices):
    MINISTRY = "ministry", _("Ministry")
    DIRECTORATE = "directorate", _("Directorate")
    OFFICE = "office", _("Office")
    ACADEMY = "academy", _("Military academy")
    TRAINING_CENTRE = "training_centre", _("Training centre")
    FACILITY = "facility", _("Facility")
    COMMAND = "command", _("Command")
    UNIT = "unit", _("Unit")


class Echelon(models.TextChoices):
    """Unit sizes, largest first (APP-6 echelons)."""

    ARMY = "army", _("Army")
    CORPS = "corps", _("Corps")
    DIVISION = "division", _("Division")
    BRIGADE = "brigade", _("Brigade")
    REGIMENT = "regiment", _("Regiment")
    BATTALION = "battalion", _("Battalion")
    COMPANY = "company", _("Company")
    PLATOON = "platoon", _("Platoon")
    SECTION = "section", _("Section")


class NationRole(models.TextChoices):
    HOST = "host", _("Host nation")
    PARTNER = "partner", _("Partner (sending) nation")
    BOTH = "both", _("Host and partner")

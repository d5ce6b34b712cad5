"""Item types (reference data), their qualifying courses, storage sites."""

from __future__ import annotations

import datetime as dt
from typing import ClassVar

from django.core.validators import RegexValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from tadrib.core.models import MultilingualName, TadribModel
from tadrib.equipment.choices import (
    ArmsCategory,
    CourseRole,
    category_definition,
)
from tadrib.equipment.models.base import LOGISTICS_POLICY, R, check_rule, known_choice, unique_rule
from tadrib.organisations.models import Organisation
from tadrib.training.models import Course


class ItemType(MultilingualName, TadribModel):
    """A model of equipment (reference data): how the treaty reports count
    it, whether each piece carries a serial, and the crew it needs."""

    code = models.CharField(
        _("code"),
        max_length=40,
        unique=True,
        validators=[
            RegexValidator(
                r"^[A-Z0-9][A-Z0-9._-]*$", _("Use capital letters, digits, '.', '-' or '_'.")
            )
        ],
    )
    model = models.CharField(_("model"), max_length=120, help_text=_("Designation, e.g. Kirpi II."))
    category = models.CharField(
        _("category"),
        max_length=4,
        choices=ArmsCategory.choices,
        help_text=_("UN Register of Conventional Arms category, or small arms / light weapons."),
    )
    national_control_code = models.CharField(
        _("national control code"),
        max_length=40,
        blank=True,
        help_text=_("Entry of the exporter's control list, e.g. ML6.a."),
    )
    serial_tracked = models.BooleanField(
        _("serial-tracked"), default=True, help_text=_("Each piece carries its own serial number.")
    )
    enhanced_monitoring = models.BooleanField(
        _("enhanced monitoring"),
        default=False,
        help_text=_("Inventoried every year, not only on arrival."),
    )
    crew_per_system = models.PositiveSmallIntegerField(_("crew per system"), default=0)
    maintainers_per_system = models.PositiveSmallIntegerField(
        _("maintainers per system"), default=0
    )
    description = models.TextField(_("description"), blank=True)

    access_scope = "reference"
    # Besides instance administrators, logistics officers keep the list.
    reference_editors: ClassVar = frozenset({R.LOGISTICS_OFFICER})
    constraint_fields: ClassVar = {"equipment_itemtype_serialised_crew": "crew_per_system"}

    class Meta:
        ordering = ["category", "code"]
        verbose_name = _("item type")
        verbose_name_plural = _("item types")
        constraints = [
            known_choice("itemtype", "category", ArmsCategory),
            check_rule(
                "itemtype",
                "serialised_crew",
                Q(serial_tracked=True) | Q(crew_per_system=0, maintainers_per_system=0),
                _("Only serial-tracked systems have a crew."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} — {self.name}"

    @property
    def category_definition(self) -> str:
        return category_definition(self.category)


class ItemTypeCourse(TadribModel):
    """A course that qualifies operators or maintainers of an item type."""

    item_type = models.ForeignKey(
        ItemType, on_delete=models.CASCADE, related_name="courses", verbose_name=_("item type")
    )
    course = models.ForeignKey(
        Course, on_delete=models.PROTECT, related_name="item_types", verbose_name=_("course")
    )
    role = models.CharField(_("qualifies"), max_length=12, choices=CourseRole.choices)

    access_scope = "reference"
    reference_editors: ClassVar = frozenset({R.LOGISTICS_OFFICER})
    constraint_fields: ClassVar = {"equipment_itemtypecourse_unique": "course"}

    class Meta:
        ordering = ["item_type", "role", "course"]
        verbose_name = _("qualifying course")
        verbose_name_plural = _("qualifying courses")
        constraints = [
            unique_rule(
                "itemtypecourse",
                "unique",
                ["item_type", "course", "role"],
                _("This course is already listed for this item type and role."),
            ),
            known_choice("itemtypecourse", "role", CourseRole),
        ]

    def __str__(self) -> str:
        return f"{self.item_type.code} — {self.course.code} ({self.get_role_display()})"


class StorageSite(TadribModel):
    """A depot, armoury or ammunition store; items may be moved only into a
    site whose storage certification has not expired."""

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="storage_sites",
        verbose_name=_("run by"),
    )
    code = models.CharField(_("code"), max_length=40)
    name = models.CharField(_("name"), max_length=200)
    location = models.CharField(_("location"), max_length=200, blank=True)
    certified_on = models.DateField(_("certified on"), null=True, blank=True)
    certification_expires_on = models.DateField(
        _("certification expires on"),
        null=True,
        blank=True,
        help_text=_("Physical-security certification; empty: not certified."),
    )

    owner_path_lookup = "organisation__path"
    owner_field = "organisation"
    access_policy: ClassVar = LOGISTICS_POLICY
    constraint_fields: ClassVar = {
        "equipment_storagesite_unique_code": "code",
        "equipment_storagesite_expiry_after_certification": "certification_expires_on",
    }

    class Meta:
        ordering = ["code"]
        verbose_name = _("storage site")
        verbose_name_plural = _("storage sites")
        constraints = [
            unique_rule(
                "storagesite",
                "unique_code",
                ["organisation", "code"],
                _("This organisation already has a site with this code."),
            ),
            check_rule(
                "storagesite",
                "expiry_after_certification",
                Q(certification_expires_on__isnull=True)
                | Q(certified_on__isnull=True)
                | Q(certification_expires_on__gt=F("certified_on")),
                _("The certification must expire after it was given."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} — {self.name}"

    def certified_on_day(self, day: dt.date) -> bool:
        expires = self.certification_expires_on
        return expires is not None and expires >= day

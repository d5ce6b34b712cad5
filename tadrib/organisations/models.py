from __future__ import annotations

from typing import Any, ClassVar

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from tadrib.core.access import policy
from tadrib.core.choices import Role
from tadrib.core.models import MultilingualName, TadribModel
from tadrib.organisations.choices import Echelon, NationRole, OrganisationKind


class Nation(MultilingualName, TadribModel):
    iso_code = models.CharField(
        _("ISO 3166 code"),
        max_length=2,
        unique=True,
        validators=[RegexValidator(r"^[A-Z]{2}$", _("Use the two capital letters of ISO 3166-1."))],
    )
    role = models.CharField(_("role"), max_length=10, choices=NationRole.choices)

    access_scope = "reference"

    class Meta:
        ordering = ["iso_code"]
        verbose_name = _("nation")
        verbose_name_plural = _("nations")
        constraints = [
            models.CheckConstraint(
                condition=Q(role__in=NationRole.values),
                name="organisations_nation_known_role",
                violation_error_message=_("Unknown nation role."),
            ),
        ]


class Organisation(MultilingualName, TadribModel):
    """A ministry, directorate, academy, facility, command or unit, in one tree
    per nation. ``path`` lists the ids from the root (``/3/17/42/``) so that a
    subtree is one indexed prefix query."""

    nation = models.ForeignKey(
        Nation, on_delete=models.PROTECT, related_name="organisations", verbose_name=_("nation")
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("parent organisation"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=OrganisationKind.choices)
    echelon = models.CharField(_("echelon"), max_length=12, choices=Echelon.choices, blank=True)
    code = models.CharField(
        _("code"),
        max_length=40,
        validators=[
            RegexValidator(
                r"^[A-Z0-9][A-Z0-9._-]*$", _("Use capital letters, digits, '.', '-' or '_'.")
            )
        ],
    )
    path = models.CharField(_("path"), max_length=255, editable=False, db_index=True, blank=True)
    depth = models.PositiveSmallIntegerField(_("depth"), default=0, editable=False)
    is_active = models.BooleanField(_("active"), default=True)

    owner_path_lookup = "path"
    owner_field = "parent"
    access_policy: ClassVar = policy(
        add=[Role.ADMINISTRATOR, Role.MANAGER],
        change=[Role.ADMINISTRATOR, Role.MANAGER],
        delete=[Role.ADMINISTRATOR],
    )
    constraint_fields: ClassVar = {
        "organisations_organisation_unique_code": "code",
        "organisations_organisation_not_own_parent": "parent",
        "organisations_organisation_echelon_only_for_units": "echelon",
    }

    class Meta:
        ordering = ["path"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        constraints = [
            models.UniqueConstraint(
                fields=["nation", "code"],
                name="organisations_organisation_unique_code",
                violation_error_code="organisations_organisation_unique_code",
                violation_error_message=_("An organisation of this nation already has this code."),
            ),
            models.CheckConstraint(
                condition=~Q(parent=models.F("id")),
                name="organisations_organisation_not_own_parent",
                violation_error_code="organisations_organisation_not_own_parent",
                violation_error_message=_("An organisation cannot be its own parent."),
            ),
            models.CheckConstraint(
                condition=Q(echelon="") | Q(kind__in=["unit", "command"]),
                name="organisations_organisation_echelon_only_for_units",
                violation_error_code="organisations_organisation_echelon_only_for_units",
                violation_error_message=_("Only units and commands have an echelon."),
            ),
            models.CheckConstraint(
                condition=Q(kind__in=OrganisationKind.values),
                name="organisations_organisation_known_kind",
                violation_error_message=_("Unknown kind of organisation."),
            ),
        ]

    def owner_path(self) -> str | None:
        # A new organisation will sit under its parent: that is where the
        # right to create it is checked.
        if self.path:
            return self.path
        parent = Organisation.objects.filter(pk=self.parent_id).first() if self.parent_id else None
        return parent.path if parent is not None else None

    def place(self) -> None:
        """Derive ``path`` and ``depth`` from the parent (the row must have an id)."""
        parent = self.parent if self.parent_id else None
        self.depth = parent.depth + 1 if parent else 0
        if self.pk:
            self.path = f"{parent.path if parent else '/'}{self.pk}/"

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.place()
        super().save(*args, **kwargs)
        if not self.path:  # a new row: its id is known only now
            self.place()
            Organisation.objects.filter(pk=self.pk).update(path=self.path)

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        parent = self.parent if self.parent_id else None
        if parent is not None:
            stored_path = (
                Organisation.objects.filter(pk=self.pk).values_list("path", flat=True).first()
                if self.pk
                else None
            )
            if stored_path and parent.path.startswith(stored_path):
                errors["parent"] = _(
                    "An organisation cannot be placed under itself or one of its own units."
                )
            elif self.nation_id and parent.nation_id != self.nation_id:
                errors["parent"] = _("The parent organisation belongs to another nation.")
        if errors:
            raise ValidationError(errors)

    def ancestors(self) -> models.QuerySet[Organisation]:
        ids = [int(part) for part in self.path.strip("/").split("/") if part]
        return Organisation.objects.filter(pk__in=ids[:-1]).order_by("depth")

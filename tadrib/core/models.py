"""The base every Tadrib record stands on: timestamps, scoping, constraint errors
on the right field; and the audit trail."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, ClassVar, Self

from django.core.exceptions import NON_FIELD_ERRORS, ObjectDoesNotExist, ValidationError
from django.db import models
from django.db.models import BaseConstraint, Q
from django.utils.translation import gettext_lazy as _

from tadrib.core.access import edits_reference, reach_paths
from tadrib.core.choices import Action

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from tadrib.accounts.models import User


class ScopedQuerySet(models.QuerySet):
    def for_user(self, user: User | AnonymousUser, action: str = Action.VIEW) -> Self:
        """The rows ``user`` may take ``action`` on; nothing else, ever."""
        model = self.model
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if getattr(model, "access_scope", "organisation") == "reference":
            if action == Action.VIEW or edits_reference(user, model):
                return self
            return self.none()
        paths = reach_paths(user, model, action)
        if action != Action.VIEW or not model.is_shared() or paths is None:
            return self.under(paths)
        # Shared records: also readable where one of the organisations they
        # name lies in the user's subtree or above it (see shared_lookups).
        owned = self._owner_ids_condition(paths)
        visible = model._default_manager.filter(shared_condition(user, model)).values("pk")
        return self.filter((owned or Q(pk__in=[])) | Q(pk__in=visible))

    def under(self, paths: list[str] | None) -> Self:
        """Rows whose owner lies under any of ``paths`` (``None``: everywhere)."""
        if paths is None:
            return self
        condition = self._owner_condition(paths)
        return self.filter(condition) if condition is not None else self.none()

    def _owner_ids_condition(self, paths: list[str]) -> Q | None:
        """The owner condition as "owner IN (organisations under paths)": no
        join per row, so that ORed with the shared condition the planner can
        still use the owner's foreign-key index."""
        lookup = self.model.owner_path_lookup
        if not paths or not lookup.endswith("__path"):
            return self._owner_condition(paths)
        from django.apps import apps

        organisations = apps.get_model("organisations", "Organisation")._default_manager
        under = Q()
        for path in paths:
            under |= Q(path__startswith=path)
        return Q(
            **{f"{lookup.removesuffix('__path')}__in": organisations.filter(under).values("pk")}
        )

    def _owner_condition(self, paths: list[str]) -> Q | None:
        if not paths:
            return None
        return paths_condition(self.model.owner_path_lookup, paths)


def paths_condition(lookup: str, paths: list[str] | None) -> Q:
    """Rows whose ``lookup`` (an ORM path to an organisation's ``path``) lies
    under one of ``paths`` (``None``: anywhere; none: nothing)."""
    if paths is None:
        return Q()
    condition = Q(pk__in=[]) if not paths else Q()
    for path in paths:
        condition |= Q(**{f"{lookup}__startswith": path})
    return condition


def ancestor_ids(path: str) -> list[int]:
    """The organisations on a materialised path, root first ("/3/17/" → [3, 17])."""
    return [int(part) for part in path.strip("/").split("/") if part]


def shared_condition(user: User | AnonymousUser, model: type[TadribModel]) -> Q:
    """Rows naming, through any of ``lookups`` (ORM paths to an organisation),
    an organisation in the subtree of one of the user's memberships or above
    it: an agreement signed by a ministry is read by everyone who works in that
    ministry, and by the offices above whoever it names."""
    from django.apps import apps

    from tadrib.core.access import grants, roles_for

    organisations = apps.get_model("organisations", "Organisation")._default_manager
    allowed = roles_for(model, Action.VIEW)
    condition = Q(pk__in=[])
    for grant in grants(user):
        if grant.role not in allowed:
            continue
        # Ids, not a join on the organisation's path: the foreign key's index
        # answers "names one of these organisations".
        below = organisations.filter(path__startswith=grant.path).values("pk")
        above = ancestor_ids(grant.path)
        condition |= model.share_condition(below, above)
    return condition


class ScopedManager(models.Manager.from_queryset(ScopedQuerySet)):  # type: ignore[misc]
    pass


class TadribModel(models.Model):
    """Abstract base of every domain record.

    Subclasses say whose record it is, either ``access_scope = "reference"``
    (shared reference data every signed-in user reads and only an instance
    administrator, or a holder of one of ``reference_editors`` roles, writes), or ``owner_path_lookup``, the ORM path from the
    record to its owning organisation's ``path``.
    """

    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = ScopedManager()

    access_scope: ClassVar[str] = "organisation"
    owner_path_lookup: ClassVar[str] = "organisation__path"
    # Reference data only: roles that may write it besides instance administrators.
    reference_editors: ClassVar[frozenset[Any]] = frozenset()
    # ORM paths to organisations a record is shown to besides its owner (read
    # only): e.g. an agreement's parties. See ``shared_condition``.
    shared_lookups: ClassVar[tuple[str, ...]] = ()
    # Constraint violation code (by convention its name) -> the form field its
    # violation is reported on.
    constraint_fields: ClassVar[dict[str, str]] = {}
    # Fields an audit entry must never copy (secrets).
    audit_exclude: ClassVar[frozenset[str]] = frozenset({"created_at", "updated_at"})

    class Meta:
        abstract = True

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse(f"{self._meta.app_label}:{self._meta.model_name}", args=[self.pk])

    @classmethod
    def is_shared(cls) -> bool:
        """Whether anyone besides the owner reads these records."""
        return bool(cls.shared_lookups) or "share_condition" in cls.__dict__

    @classmethod
    def share_condition(cls, below: Any, above: list[int]) -> Q:
        """Rows shown to a membership whose subtree is ``below`` (a subquery of
        organisation ids) and whose organisation's ancestors are ``above``. By
        default: rows naming one of them through ``shared_lookups``; a model
        with a rule of its own (a catalogue shown to partner nations) overrides
        this."""
        condition = Q(pk__in=[])
        for lookup in cls.shared_lookups:
            condition |= Q(**{f"{lookup}__in": below}) | Q(**{f"{lookup}__in": above})
        return condition

    def owner_path(self) -> str | None:
        if self.access_scope == "reference":
            return None
        parts = self.owner_path_lookup.split("__")
        value: Any = self
        try:
            for part in parts:
                value = getattr(value, part, None)
                if value is None:
                    return None
        except ObjectDoesNotExist:  # an owner id that does not exist: nobody's reach
            return None
        return str(value)

    def owner_organisation_id(self) -> int | None:
        """The organisation an audit entry of this record is filed under."""
        parts = self.owner_path_lookup.split("__")[:-1]
        if self.access_scope == "reference":
            return None
        if not parts:
            return self.pk
        value: Any = self
        for part in parts[:-1]:
            value = getattr(value, part, None)
            if value is None:
                return None
        return getattr(value, f"{parts[-1]}_id", None)

    def get_constraints(self) -> list[tuple[type[models.Model], Sequence[BaseConstraint]]]:
        # A "<app>_<model>_known_<field>" constraint restates a field's choices:
        # clean_fields() already validates those in Python, so only the
        # database checks them (saving a query and a savepoint per constraint).
        return [
            (model, [c for c in constraints if "_known_" not in c.name])
            for model, constraints in super().get_constraints()
        ]

    def validate_constraints(self, exclude: Any = None) -> None:
        try:
            super().validate_constraints(exclude=exclude)
        except ValidationError as error:
            raise self._errors_on_fields(error) from None

    def _errors_on_fields(self, error: ValidationError) -> ValidationError:
        if not hasattr(error, "error_dict"):
            return error
        moved: dict[str, list[ValidationError]] = {}
        for key, errors in error.error_dict.items():
            for item in errors:
                target = key
                if key == NON_FIELD_ERRORS and item.code in self.constraint_fields:
                    target = self.constraint_fields[str(item.code)]
                moved.setdefault(target, []).append(item)
        return ValidationError(moved)


class AuditEntry(models.Model):
    """One change, chained to the one before it by a SHA-256 hash.

    Entries hold no foreign keys: deleting a user, an organisation or the
    record itself must never rewrite the trail.
    """

    seq = models.BigIntegerField(_("sequence"), unique=True)
    at = models.DateTimeField(_("time"), db_index=True)
    actor_id = models.BigIntegerField(_("actor id"), null=True, blank=True)
    actor_username = models.CharField(_("actor"), max_length=150)
    request_id = models.CharField(_("request id"), max_length=64, blank=True)
    action = models.CharField(_("action"), max_length=80, db_index=True)
    object_type = models.CharField(_("record type"), max_length=100)
    object_id = models.CharField(_("record id"), max_length=64, blank=True)
    object_repr = models.CharField(_("record"), max_length=300, blank=True)
    organisation_id = models.BigIntegerField(_("organisation id"), null=True, blank=True)
    changes = models.JSONField(_("changes"), default=dict, blank=True)
    prev_hash = models.CharField(_("previous hash"), max_length=64)
    hash = models.CharField(_("hash"), max_length=64)

    class Meta:
        ordering = ["-seq"]
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")
        indexes = [
            models.Index(fields=["object_type", "object_id"], name="core_audit_object_idx"),
            models.Index(fields=["organisation_id", "seq"], name="core_audit_org_idx"),
        ]

    def __str__(self) -> str:
        return f"#{self.seq} {self.action} {self.object_repr}"


class AuditHead(models.Model):
    """The chain's tip. Locked while an entry is appended, so the chain never
    forks; it also reveals entries cut off the end of the trail."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    seq = models.BigIntegerField(default=0)
    hash = models.CharField(max_length=64)

    class Meta:
        verbose_name = _("audit chain head")
        constraints = [
            models.CheckConstraint(condition=Q(id=1), name="core_audithead_singleton"),
        ]

    def __str__(self) -> str:
        return f"#{self.seq} {self.hash[:12]}"


class MultilingualName(models.Model):
    """A name given in English, Arabic and Turkish; ``name`` is the one for the
    active language, falling back to English."""

    name_en = models.CharField(_("name (English)"), max_length=200)
    name_ar = models.CharField(_("name (Arabic)"), max_length=200, blank=True)
    name_tr = models.CharField(_("name (Turkish)"), max_length=200, blank=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        from django.utils.translation import get_language

        language = (get_language() or "en")[:2]
        return str(getattr(self, f"name_{language}", "") or self.name_en)

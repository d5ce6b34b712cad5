"""Shared write paths: every app's services save, change and delete through
these, so that validation, access, the transaction and the audit entry are the
same everywhere. Each runs in its own atomic block; a service that only
delegates to one of them needs no block of its own (each nested block costs a
savepoint round trip)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db import IntegrityError, models, transaction
from django.utils.translation import gettext as _

from tadrib.core import access, audit
from tadrib.core.choices import Action

if TYPE_CHECKING:
    from tadrib.accounts.models import User
    from tadrib.core.files import StoredDocument

M = TypeVar("M", bound=models.Model)
D = TypeVar("D", bound="StoredDocument")


def check_access(actor: User | None, action: str, instance: models.Model) -> None:
    """Refuse a write outside the actor's reach. ``actor=None`` is the system
    (CLI, demo loader, tasks), which is audited under its own name."""
    if actor is None:
        return
    if access.can(actor, action, instance):
        return
    owner_field = getattr(instance, "owner_field", None)
    message = _("You may not make this change in this organisation.")
    if owner_field and action in (Action.ADD, Action.CHANGE):
        raise ValidationError({owner_field: message})
    raise PermissionDenied(message)


def integrity_error_as_validation(instance: models.Model, error: IntegrityError) -> ValidationError:
    """Map a database constraint that fired (a race that validation could not
    see) to the same translated message validation would have given."""
    text = str(error)
    for constraint in instance._meta.constraints:
        if constraint.name in text:
            fields = getattr(instance, "constraint_fields", {})
            code = getattr(constraint, "violation_error_code", None)
            field = fields.get(constraint.name) or fields.get(code) or NON_FIELD_ERRORS
            return ValidationError({field: constraint.get_violation_error_message()})
    return ValidationError(_("This record conflicts with one already stored; nothing was saved."))


def _label(instance: models.Model) -> str:
    return instance._meta.label_lower.split(".")[-1]


def refuse_illegal_transition(
    statuses: type[models.TextChoices],
    table: Mapping[str, frozenset[str]],
    current: str,
    target: str,
    message: str,
    *,
    field: str = "status",
) -> None:
    """Raise, on ``field``, unless the model's transition table allows
    ``current`` → ``target``. ``message`` takes %(current)s and %(target)s.
    An unknown target is left to the field's own validation."""
    if target not in statuses.values or target in table.get(current, frozenset()):
        return
    labels = {"current": statuses(current).label, "target": statuses(target).label}
    raise ValidationError({field: message % labels})


@transaction.atomic
def save_audited(
    instance: M,
    *,
    actor: User | None,
    action: str | None = None,
    extra_changes: dict[str, Any] | None = None,
    check_change: Callable[[M, M], None] | None = None,
    authorised: bool = False,
) -> M:
    """Validate, check access, save and audit one record (new or changed).

    ``check_change(stored, instance)`` vets a change against the stored row
    (a status transition) before validation; ``extra_changes`` go into the
    audit entry beside the changed fields (the reason for a step).
    ``authorised=True``: the calling service has already checked the actor's
    right by its own rule (a host registrar completing a partner's nominee,
    which issues a qualification on the partner's personnel record); the
    entry is still filed under the actor."""
    adding = instance._state.adding
    before = None
    if not adding:
        stored = type(instance)._default_manager.filter(pk=instance.pk).first()
        before = audit.snapshot(stored) if stored is not None else None
        if stored is not None:
            if not authorised:
                check_access(actor, Action.CHANGE, stored)
            if check_change is not None:
                check_change(stored, instance)
    if not authorised:
        check_access(actor, Action.ADD if adding else Action.CHANGE, instance)
    instance.full_clean()
    try:
        instance.save()  # a failure rolls back this function's own atomic block
    except IntegrityError as error:
        raise integrity_error_as_validation(instance, error) from error
    changes = audit.diff(before, audit.snapshot(instance))
    if changes and extra_changes:
        changes.update(extra_changes)
    if adding or changes:
        verb = action or (
            f"{_label(instance)}.created" if adding else f"{_label(instance)}.changed"
        )
        audit.record(actor, verb, instance, changes=changes)
    return instance


@transaction.atomic
def delete_audited(instance: models.Model, *, actor: User | None) -> None:
    check_access(actor, Action.DELETE, instance)
    before = audit.snapshot(instance)
    organisation_id = getattr(instance, "owner_organisation_id", lambda: None)()
    label, pk, text = _label(instance), instance.pk, str(instance)
    try:
        instance.delete()  # ProtectedError comes before any SQL is sent
    except models.ProtectedError as error:
        raise ValidationError(
            _("This record cannot be deleted while other records refer to it.")
        ) from error
    audit.record(
        actor,
        f"{label}.deleted",
        changes=audit.diff(before, None),
        object_type=instance._meta.label_lower,
        object_id=str(pk),
        object_repr=text,
        organisation_id=organisation_id,
    )


def delete_files_on_commit(model: type[StoredDocument], names: Iterable[str]) -> None:
    """Remove stored files once the transaction that dropped their records
    commits (a rollback keeps them)."""
    storage = model._meta.get_field("file").storage  # type: ignore[union-attr]
    for name in names:
        if name:
            transaction.on_commit(lambda name=name: storage.delete(name))  # type: ignore[misc]


@transaction.atomic
def save_document(document: D, *, actor: User | None) -> D:
    """Save an uploaded document. If the record is refused, the file written to
    storage is removed again, so that nothing is left behind; a file it
    replaces is removed once the change is committed."""
    uploaded = bool(document.file) and not document.file._committed
    replaced = None
    if not document._state.adding:
        replaced = (
            type(document).objects.filter(pk=document.pk).values_list("file", flat=True).first()
        )
    try:
        saved = save_audited(document, actor=actor)
    except Exception:
        if uploaded and document.file._committed and document.file.name:
            document.file.storage.delete(document.file.name)
        raise
    if replaced and replaced != saved.file.name:
        delete_files_on_commit(type(document), [replaced])
    return saved


@transaction.atomic
def delete_document(document: StoredDocument, *, actor: User | None) -> None:
    name = document.file.name
    delete_audited(document, actor=actor)
    delete_files_on_commit(type(document), [name])

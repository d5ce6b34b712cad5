"""Who may do what, where.

A membership gives a user a role at one organisation; the role's permissions
reach that organisation's whole subtree (organisations carry a materialised
``path`` such as ``/3/17/42/``). Each scoped model declares which roles may take
each action; everything else here is shared.

The only way views, API endpoints and exports read scoped data is
``Model.objects.for_user(user, action)``; an object outside it is a 404.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from tadrib.core.choices import Action, Role

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from tadrib.accounts.models import User

R = Role
EVERY_ROLE = frozenset(Role)

# The default policy, used by any model that does not declare its own.
DEFAULT_POLICY: Mapping[str, frozenset[Role]] = {
    Action.VIEW: EVERY_ROLE,
    Action.ADD: frozenset({R.ADMINISTRATOR, R.MANAGER}),
    Action.CHANGE: frozenset({R.ADMINISTRATOR, R.MANAGER}),
    Action.DELETE: frozenset({R.ADMINISTRATOR, R.MANAGER}),
}


def policy(**actions: Iterable[Role]) -> dict[str, frozenset[Role]]:
    """A model's policy: the default, with the given actions replaced."""
    merged = dict(DEFAULT_POLICY)
    for action, roles in actions.items():
        merged[Action(action)] = frozenset(roles)
    return merged


@dataclass(frozen=True)
class Grant:
    organisation_id: int
    path: str
    nation_id: int
    role: Role


def grants(user: User | AnonymousUser) -> list[Grant]:
    """The user's memberships, loaded once per user object (so once per request)."""
    if not user.is_authenticated:
        return []
    cached: list[Grant] | None = getattr(user, "_tadrib_grants", None)
    if cached is None:
        from tadrib.accounts.models import Membership

        rows = Membership.objects.filter(user=user, organisation__is_active=True).values_list(
            "organisation_id", "organisation__path", "organisation__nation_id", "role"
        )
        cached = [Grant(org, path, nation, Role(role)) for org, path, nation, role in rows]
        setattr(user, "_tadrib_grants", cached)  # noqa: B010 (a per-request cache on the user)
    return cached


def forget_grants(user: Any) -> None:
    if hasattr(user, "_tadrib_grants"):
        del user._tadrib_grants


def is_instance_admin(user: User | AnonymousUser) -> bool:
    return bool(user.is_authenticated and user.is_active and user.is_superuser)


def roles_for(model: type, action: str) -> frozenset[Role]:
    table: Mapping[str, frozenset[Role]] = getattr(model, "access_policy", DEFAULT_POLICY)
    return table.get(Action(action), frozenset())


def reach_paths(user: User | AnonymousUser, model: type, action: str) -> list[str] | None:
    """Organisation paths under which ``user`` may take ``action`` on ``model``.

    ``None`` means everywhere (instance administrators). Nested paths are
    collapsed so that the query has as few alternatives as possible.
    """
    if not user.is_authenticated or not user.is_active:
        return []
    if is_instance_admin(user):
        return None
    allowed = roles_for(model, action)
    paths = sorted({g.path for g in grants(user) if g.role in allowed})
    collapsed: list[str] = []
    for path in paths:
        if not any(path.startswith(kept) for kept in collapsed):
            collapsed.append(path)
    return collapsed


def path_in_reach(path: str | None, paths: list[str] | None) -> bool:
    if paths is None:
        return True
    return bool(path) and any(path.startswith(p) for p in paths)  # type: ignore[union-attr]


def acts_for(actor: Any, organisation: Any, model: type, action: str = "change") -> bool:
    """Whether ``actor`` may take ``action`` on ``model`` records at
    ``organisation`` (its reach covers it with one of the roles the model's
    policy gives that action): the test of a workflow step taken by one side
    of a record two organisations share. ``None`` is the system."""
    if actor is None:
        return True
    return path_in_reach(organisation.path, reach_paths(actor, model, action))


def edits_reference(user: User | AnonymousUser, model: type) -> bool:
    """May ``user`` write reference data of ``model``? Instance administrators
    always; besides them, holders of one of the model's ``reference_editors``
    roles anywhere (logistics officers keep the list of item types)."""
    if is_instance_admin(user):
        return True
    editors: frozenset[Role] = getattr(model, "reference_editors", frozenset())
    return bool(editors) and any(g.role in editors for g in grants(user))


def can(user: User | AnonymousUser, action: str, obj: Any) -> bool:
    """May ``user`` take ``action`` on ``obj`` (saved or not)?"""
    model = type(obj)
    if getattr(model, "access_scope", "organisation") == "reference":
        return (action == Action.VIEW and user.is_authenticated) or edits_reference(user, model)
    paths = reach_paths(user, model, action)
    return path_in_reach(obj.owner_path(), paths)


def can_add_anywhere(user: User | AnonymousUser, model: type) -> bool:
    if getattr(model, "access_scope", "organisation") == "reference":
        return edits_reference(user, model)
    paths = reach_paths(user, model, Action.ADD)
    return paths is None or bool(paths)


def nation_ids(user: User | AnonymousUser) -> set[int]:
    """The nations the user works for, through any membership."""
    return {g.nation_id for g in grants(user)}

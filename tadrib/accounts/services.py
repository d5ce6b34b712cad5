from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from tadrib.accounts.models import ApiToken, Membership, User
from tadrib.core import access, audit
from tadrib.core.services import delete_audited, save_audited


@transaction.atomic
def save_membership(membership: Membership, *, actor: User | None) -> Membership:
    save_audited(membership, actor=actor)
    access.forget_grants(membership.user)
    return membership


def delete_membership(membership: Membership, *, actor: User | None) -> None:
    delete_audited(membership, actor=actor)
    access.forget_grants(membership.user)


@transaction.atomic
def create_user(
    username: str,
    *,
    password: str,
    actor: User | None,
    email: str = "",
    first_name: str = "",
    last_name: str = "",
    is_superuser: bool = False,
    language: str = "en",
) -> User:
    user = User(
        username=username,
        email=email,
        first_name=first_name,
        last_name=last_name,
        is_superuser=is_superuser,
        is_staff=is_superuser,
        language=language,
    )
    user.set_password(password)
    user.full_clean()
    user.save()
    audit.record(
        actor,
        "user.created",
        user,
        changes={"username": [None, username], "is_superuser": [None, is_superuser]},
    )
    return user


@transaction.atomic
def set_preferences(
    user: User, *, language: str | None = None, calendar: str | None = None
) -> User:
    changes: dict[str, list[str]] = {}
    if language and language != user.language:
        changes["language"] = [user.language, language]
        user.language = language
    if calendar and calendar != user.calendar:
        changes["calendar"] = [user.calendar, calendar]
        user.calendar = calendar
    if changes:
        user.full_clean(exclude=["password"])
        user.save(update_fields=["language", "calendar"])
        audit.record(user, "user.preferences_changed", user, changes=changes)
    return user


@transaction.atomic
def issue_token(user: User, *, actor: User | None, name: str = "") -> str:
    """Issue an API token for ``user``; the raw value is returned once, only its
    hash is stored."""
    token, raw = ApiToken.objects.issue(user, name)
    audit.record(actor, "api_token.created", token, changes={"user": [None, user.username]})
    return raw


@transaction.atomic
def revoke_token(token: ApiToken, *, actor: User | None) -> ApiToken:
    """Stop a token from working; it stays listed, marked revoked."""
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    audit.record(
        actor, "api_token.revoked", token, changes={"revoked_at": [None, token.revoked_at]}
    )
    return token

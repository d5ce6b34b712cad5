from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from tadrib.accounts.models import Membership
from tadrib.core.choices import Action


def memberships_for(user: Any, action: str = Action.VIEW) -> QuerySet[Membership]:
    return Membership.objects.for_user(user, action).select_related(
        "user", "organisation", "organisation__nation"
    )


def own_memberships(user: Any) -> QuerySet[Membership]:
    return Membership.objects.filter(user=user).select_related(
        "organisation", "organisation__nation"
    )

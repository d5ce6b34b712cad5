from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from tadrib.core.choices import Action
from tadrib.organisations.models import Nation, Organisation


def nations_for(user: Any, action: str = Action.VIEW) -> QuerySet[Nation]:
    return Nation.objects.for_user(user, action)


def organisations_for(user: Any, action: str = Action.VIEW) -> QuerySet[Organisation]:
    return Organisation.objects.for_user(user, action).select_related("nation", "parent")


def subtree(organisation: Organisation) -> QuerySet[Organisation]:
    return Organisation.objects.filter(path__startswith=organisation.path)

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema
from pydantic import Field

from tadrib.accounts import filtersets, selectors, services
from tadrib.accounts.models import Membership
from tadrib.core.api import crud, patch_schema, responses
from tadrib.core.choices import Calendar, Role

router = Router(tags=["accounts"])


class MembershipOut(Schema):
    id: int
    user_id: int
    username: str = Field(alias="user.username")
    organisation_id: int
    organisation_code: str = Field(alias="organisation.code")
    nation_code: str = Field(alias="organisation.nation.iso_code")
    role: Role


class MembershipIn(Schema):
    user_id: int
    organisation_id: int
    role: Role


class MeOut(Schema):
    id: int
    username: str
    language: str
    calendar: Calendar
    is_instance_admin: bool = Field(alias="is_superuser")
    memberships: list[MembershipOut]


@router.get(
    "/me",
    response=responses(200, MeOut),
    operation_id="get_me",
    summary="The caller and their memberships",
)
def me(request: HttpRequest) -> Any:
    user: Any = request.user
    return {
        "id": user.pk,
        "username": user.username,
        "language": user.language,
        "calendar": user.calendar,
        "is_superuser": user.is_superuser,
        "memberships": list(selectors.own_memberships(user).select_related("user")),
    }


crud(
    router,
    model=Membership,
    prefix="memberships",
    out_schema=MembershipOut,
    create_schema=MembershipIn,
    update_schema=patch_schema(MembershipIn, exclude=("user_id", "organisation_id")),
    filterset=filtersets.MembershipFilterSet,
    selector=selectors.memberships_for,
    save=services.save_membership,
    delete=services.delete_membership,
)

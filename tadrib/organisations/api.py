from __future__ import annotations

from ninja import Router, Schema
from pydantic import Field

from tadrib.core.api import crud, patch_schema
from tadrib.organisations import filtersets, selectors, services
from tadrib.organisations.choices import Echelon, NationRole, OrganisationKind
from tadrib.organisations.models import Nation, Organisation

router = Router(tags=["organisations"])


class NationOut(Schema):
    id: int
    iso_code: str
    name_en: str
    name_ar: str
    name_tr: str
    role: NationRole


class NationIn(Schema):
    iso_code: str = Field(max_length=2)
    name_en: str = Field(max_length=200)
    name_ar: str = Field("", max_length=200)
    name_tr: str = Field("", max_length=200)
    role: NationRole


class OrganisationOut(Schema):
    id: int
    code: str
    name_en: str
    name_ar: str
    name_tr: str
    nation_id: int
    nation_code: str = Field(alias="nation.iso_code")
    parent_id: int | None
    kind: OrganisationKind
    echelon: Echelon | None = None
    path: str
    depth: int
    is_active: bool

    @staticmethod
    def resolve_echelon(obj: Organisation) -> str | None:
        return obj.echelon or None


class OrganisationIn(Schema):
    nation_id: int
    parent_id: int | None = None
    kind: OrganisationKind
    echelon: Echelon | None = None
    code: str = Field(max_length=40)
    name_en: str = Field(max_length=200)
    name_ar: str = Field("", max_length=200)
    name_tr: str = Field("", max_length=200)
    is_active: bool = True


crud(
    router,
    model=Nation,
    prefix="nations",
    out_schema=NationOut,
    create_schema=NationIn,
    update_schema=patch_schema(NationIn),
    filterset=filtersets.NationFilterSet,
    selector=selectors.nations_for,
    save=services.save_nation,
    delete=services.delete_nation,
)
crud(
    router,
    model=Organisation,
    prefix="organisations",
    out_schema=OrganisationOut,
    create_schema=OrganisationIn,
    update_schema=patch_schema(OrganisationIn),
    filterset=filtersets.OrganisationFilterSet,
    selector=selectors.organisations_for,
    save=services.save_organisation,
    delete=services.delete_organisation,
)

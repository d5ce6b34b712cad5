from __future__ import annotations

from typing import Any

import django_tables2 as tables
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from tadrib.organisations.models import Nation, Organisation


class NationTable(tables.Table):
    iso_code = tables.Column(linkify=True, verbose_name=_("ISO 3166 code"))
    name = tables.Column(accessor="name", verbose_name=_("name"), order_by=("name_en",))

    class Meta:
        model = Nation
        fields = ("iso_code", "name", "name_en", "name_ar", "name_tr", "role")


class OrganisationTable(tables.Table):
    code = tables.Column(linkify=True)
    name = tables.Column(accessor="name", verbose_name=_("name"), order_by=("path",))
    nation = tables.Column(accessor="nation__iso_code", verbose_name=_("nation"))
    parent = tables.Column(accessor="parent__code", verbose_name=_("parent organisation"))

    class Meta:
        model = Organisation
        fields = ("code", "name", "kind", "echelon", "nation", "parent", "is_active")

    def render_name(self, value: str, record: Organisation) -> Any:
        # Indent by depth so that the tree reads as a tree (logical padding: RTL-safe).
        return format_html(
            '<span style="padding-inline-start: {}rem">{}</span>', record.depth * 1.25, value
        )

    def value_name(self, value: str, record: Organisation) -> str:
        return value

from __future__ import annotations

from typing import Any

import django_tables2 as tables
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from tadrib.agreements.models import (
    Agreement,
    AgreementDocument,
    AgreementParty,
    Clause,
    ClauseTarget,
    Programme,
    ProgrammeMilestone,
    ProgrammeObjective,
)


class AgreementTable(tables.Table):
    reference = tables.Column(linkify=True)
    name = tables.Column(accessor="name", verbose_name=_("name"), order_by=("name_en",))
    parties = tables.Column(empty_values=(), orderable=False, verbose_name=_("parties"))

    class Meta:
        model = Agreement
        fields = (
            "reference",
            "name",
            "kind",
            "status",
            "signed_on",
            "entry_into_force",
            "expires_on",
        )
        sequence = ("reference", "name", "parties", "kind", "status")

    def render_parties(self, record: Agreement) -> str:
        # Uses the prefetched parties: no query per row.
        return ", ".join(sorted({p.organisation.nation.iso_code for p in record.parties.all()}))


class AgreementPartyTable(tables.Table):
    organisation = tables.Column(linkify=lambda record: record.get_absolute_url())
    agreement = tables.Column(accessor="agreement__reference", verbose_name=_("agreement"))
    nation = tables.Column(accessor="organisation__nation__iso_code", verbose_name=_("nation"))

    class Meta:
        model = AgreementParty
        fields = ("organisation", "nation", "agreement", "role", "signatory")


class AgreementDocumentTable(tables.Table):
    title = tables.Column(linkify=True)
    agreement = tables.Column(accessor="agreement__reference", verbose_name=_("agreement"))

    class Meta:
        model = AgreementDocument
        fields = ("title", "agreement", "kind", "size", "created_at")


class ClauseTable(tables.Table):
    number = tables.Column(linkify=True)
    agreement = tables.Column(accessor="agreement__reference", verbose_name=_("agreement"))
    targets = tables.Column(empty_values=(), orderable=False, verbose_name=_("targets"))
    programme_count = tables.Column(verbose_name=_("programmes"))

    class Meta:
        model = Clause
        fields = ("agreement", "number", "areas", "text")
        sequence = ("agreement", "number", "areas", "targets", "programme_count", "text")

    def render_areas(self, record: Clause) -> str:
        return str(record.get_areas_display())  # type: ignore[attr-defined]

    def render_text(self, value: str) -> str:
        return value if len(value) <= 120 else value[:117] + "…"

    def render_targets(self, record: Clause) -> str:
        return "; ".join(str(t) for t in record.targets.all())


class ClauseTargetTable(tables.Table):
    indicator = tables.Column(linkify=True)
    clause = tables.Column(accessor="clause", verbose_name=_("clause"))

    class Meta:
        model = ClauseTarget
        fields = ("clause", "indicator", "quantity", "period")


class ProgrammeTable(tables.Table):
    code = tables.Column(linkify=True)
    name = tables.Column(accessor="name", verbose_name=_("name"), order_by=("name_en",))
    clause = tables.Column(accessor="clause", verbose_name=_("clause"))
    host = tables.Column(accessor="host_organisation__code", verbose_name=_("host"))
    partner = tables.Column(accessor="partner_organisation__code", verbose_name=_("partner"))
    overdue_count = tables.Column(verbose_name=_("overdue milestones"))

    class Meta:
        model = Programme
        fields = ("code", "name", "clause", "host", "partner", "starts_on", "ends_on", "status")
        sequence = (*fields, "overdue_count")

    def render_overdue_count(self, value: int) -> Any:
        if value:
            return format_html('<span class="badge text-bg-danger">{}</span>', value)
        return "0"


class ProgrammeObjectiveTable(tables.Table):
    title = tables.Column(linkify=True)
    programme = tables.Column(accessor="programme__code", verbose_name=_("programme"))

    class Meta:
        model = ProgrammeObjective
        fields = ("programme", "title", "indicator", "baseline", "target", "current", "source")


class ProgrammeMilestoneTable(tables.Table):
    title = tables.Column(linkify=True)
    programme = tables.Column(accessor="programme__code", verbose_name=_("programme"))

    class Meta:
        model = ProgrammeMilestone
        fields = ("programme", "title", "due_on", "completed_on")
        row_attrs = {"class": lambda record: "table-danger" if record.is_overdue else ""}

"""An agreement's status report: where it stands, how it got there, and how
the programmes under each of its clauses are doing, as a PDF in one of the
interface's languages.

Everything is read through the agreements selectors, so the report shows what
its reader may see and nothing more; ``user=None`` is the system (the CLI),
which sees everything.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db import models
from django.db.models import Prefetch
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import get_language_bidi, override
from django.utils.translation import gettext as _

from tadrib.agreements.choices import AgreementStatus
from tadrib.agreements.models import (
    Agreement,
    AgreementParty,
    Clause,
    ClauseTarget,
    Programme,
    ProgrammeMilestone,
    ProgrammeObjective,
)
from tadrib.agreements.selectors import (
    Progress,
    activity_counts,
    agreements_for,
    clauses_for,
    overall_percent,
    programme_activities,
    programme_progress,
    programmes_for,
)
from tadrib.core import audit
from tadrib.core.models import AuditEntry
from tadrib.core.selectors import history_of
from tadrib.reports.pdf import (
    ascii_filename,
    css_content,
    html_to_pdf,
    page_counter,
    report_languages,
)

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from tadrib.accounts.models import User

    Reader = User | AnonymousUser

TEMPLATE = "reports/agreement_status.html"
# How far back the trail is read for status changes; an agreement changes
# status a handful of times, but its other edits share the same trail.
HISTORY_DEPTH = 1000

# The audit actions that mark a status: the services' "agreement.<status>",
# and the record's creation, which makes it a draft.
STATUS_ACTIONS: dict[str, AgreementStatus] = {
    "agreement.created": AgreementStatus.DRAFT,
    **{f"agreement.{status.value}": status for status in AgreementStatus},
}


@dataclass(frozen=True)
class StatusChange:
    at: dt.datetime
    status: AgreementStatus
    reason: str


@dataclass(frozen=True)
class ActivityCount:
    label: Any
    count: int


@dataclass(frozen=True)
class ProgrammeSection:
    programme: Programme
    progress: list[Progress]
    overall: int | None
    milestones: list[ProgrammeMilestone]
    activities: list[ActivityCount]

    @property
    def overdue(self) -> list[ProgrammeMilestone]:
        return [milestone for milestone in self.milestones if milestone.is_overdue]


@dataclass(frozen=True)
class ClauseSection:
    clause: Clause
    targets: list[ClauseTarget]
    programmes: list[ProgrammeSection]


@dataclass(frozen=True)
class AgreementStatusReport:
    agreement: Agreement
    extends: Agreement | None
    parties: list[AgreementParty]
    history: list[StatusChange]
    clauses: list[ClauseSection]
    generated_at: dt.datetime


def system_reader() -> User:
    """The reader standing for the system (CLI, tasks): an instance
    administrator that is never saved, so every selector lets it see all."""
    from tadrib.accounts.models import User

    return User(username=audit.system_actor_var.get(), is_superuser=True, is_active=True)


def status_history(agreement: Agreement) -> list[StatusChange]:
    """The agreement's status changes from the audit trail, oldest first."""
    entries: list[AuditEntry] = list(history_of(agreement, limit=HISTORY_DEPTH))
    return [
        StatusChange(entry.at, STATUS_ACTIONS[entry.action], _reason(entry.changes))
        for entry in reversed(entries)
        if entry.action in STATUS_ACTIONS
    ]


def _reason(changes: dict[str, Any] | None) -> str:
    value = (changes or {}).get("reason")
    if isinstance(value, list):  # recorded as a change: [before, after]
        value = value[-1] if value else None
    return str(value or "")


def programme_sections(reader: Reader, clauses: list[Clause]) -> dict[int, list[ProgrammeSection]]:
    """Per clause id, the programmes under it the reader may see, with their
    progress, milestones and activity counts."""
    programmes = list(
        programmes_for(reader)
        .filter(clause__in=[clause.pk for clause in clauses])
        .prefetch_related(
            Prefetch("objectives", queryset=ProgrammeObjective.objects.order_by("pk")),
            Prefetch("milestones", queryset=ProgrammeMilestone.objects.order_by("due_on", "pk")),
        )
        .order_by("code", "pk")
    )
    counts = activity_counts(reader, [programme.pk for programme in programmes])
    activities = programme_activities()
    sections: dict[int, list[ProgrammeSection]] = {}
    for programme in programmes:
        progress = programme_progress(programme)
        sections.setdefault(programme.clause_id, []).append(
            ProgrammeSection(
                programme=programme,
                progress=progress,
                overall=overall_percent(progress),
                milestones=list(programme.milestones.all()),
                activities=[
                    ActivityCount(a.label, counts.get(a.key, {}).get(programme.pk, 0))
                    for a in activities
                ],
            )
        )
    return sections


def build_report(agreement: Agreement, *, user: Reader | None) -> AgreementStatusReport:
    """Gather the report's contents as ``user`` may see them."""
    reader = user if user is not None else system_reader()
    clauses = list(clauses_for(reader).filter(agreement=agreement).order_by("number", "pk"))
    programmes = programme_sections(reader, clauses)
    extends = None
    if agreement.extends_id is not None:
        extends = agreements_for(reader).filter(pk=agreement.extends_id).first()
    return AgreementStatusReport(
        agreement=agreement,
        extends=extends,
        parties=list(agreement.parties.all()),
        history=status_history(agreement),
        clauses=[
            ClauseSection(clause, list(clause.targets.all()), programmes.get(clause.pk, []))
            for clause in clauses
        ],
        generated_at=timezone.now(),
    )


def field_labels(model: type[models.Model]) -> dict[str, str]:
    """The model's field labels, capitalised, in the active language."""
    return {
        field.name: capfirst(str(field.verbose_name))
        for field in model._meta.get_fields()
        if hasattr(field, "verbose_name")
    }


def render_agreement_status_html(
    agreement: Agreement, *, language: str, user: Reader | None
) -> str:
    """The report as HTML, written in ``language`` (one of ``report_languages()``)."""
    if language not in report_languages():
        raise ValueError(f"Reports are not written in {language!r}.")
    with override(language):
        report = build_report(agreement, user=user)
        context = {
            "report": report,
            "language": language,
            "direction": "rtl" if get_language_bidi() else "ltr",
            "page_counter": page_counter(),
            "running_header": css_content(
                f"{agreement.reference} · {_('Agreement status report')}"
            ),
            "labels": {
                "agreement": field_labels(Agreement),
                "party": field_labels(AgreementParty),
                "clause": field_labels(Clause),
                "target": field_labels(ClauseTarget),
                "programme": field_labels(Programme),
                "objective": field_labels(ProgrammeObjective),
                "milestone": field_labels(ProgrammeMilestone),
            },
        }
        return render_to_string(TEMPLATE, context)


def agreement_status_pdf(agreement: Agreement, *, language: str, user: Reader | None) -> bytes:
    """The status report of an agreement the caller has already found in the
    reader's scope (``agreements_for``), as PDF bytes."""
    return html_to_pdf(render_agreement_status_html(agreement, language=language, user=user))


def status_report_filename(agreement: Agreement, language: str) -> str:
    return ascii_filename(agreement.reference or f"agreement-{agreement.pk}", "status", language)

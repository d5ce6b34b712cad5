"""Reads of agreements, clauses and programmes, scoped to the user, with their
joins declared; and the registry through which other apps compute a
programme's indicators from their own records."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count, OuterRef, Prefetch, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from tadrib.agreements.models import (
    Agreement,
    AgreementDocument,
    AgreementParty,
    Clause,
    ClauseTarget,
    ObjectiveBase,
    Programme,
    ProgrammeMilestone,
    ProgrammeObjective,
)
from tadrib.core.choices import Action


def agreements_for(user: Any, action: str = Action.VIEW) -> QuerySet[Agreement]:
    return (
        Agreement.objects.for_user(user, action)
        .select_related("owner", "extends")
        .prefetch_related(
            Prefetch(
                "parties",
                queryset=AgreementParty.objects.select_related("organisation__nation"),
            )
        )
    )


def agreement_parties_for(user: Any, action: str = Action.VIEW) -> QuerySet[AgreementParty]:
    return AgreementParty.objects.for_user(user, action).select_related(
        "agreement", "organisation__nation"
    )


def agreement_documents_for(user: Any, action: str = Action.VIEW) -> QuerySet[AgreementDocument]:
    return AgreementDocument.objects.for_user(user, action).select_related("agreement")


def clauses_for(user: Any, action: str = Action.VIEW) -> QuerySet[Clause]:
    return (
        Clause.objects.for_user(user, action)
        .select_related("agreement")
        .prefetch_related("targets")
        .annotate(programme_count=Count("programmes", distinct=True))
    )


def clause_targets_for(user: Any, action: str = Action.VIEW) -> QuerySet[ClauseTarget]:
    return ClauseTarget.objects.for_user(user, action).select_related("clause__agreement")


def programmes_for(user: Any, action: str = Action.VIEW) -> QuerySet[Programme]:
    # A subquery, not a join: the list's count query then needs no milestones.
    overdue = (
        ProgrammeMilestone.objects.filter(
            programme=OuterRef("pk"), completed_on__isnull=True, due_on__lt=timezone.localdate()
        )
        .order_by()
        .values("programme")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return (
        Programme.objects.for_user(user, action)
        .select_related(
            "owner",
            "clause__agreement",
            "host_organisation__nation",
            "partner_organisation__nation",
        )
        .annotate(overdue_count=Coalesce(Subquery(overdue), 0))
    )


def programme_objectives_for(user: Any, action: str = Action.VIEW) -> QuerySet[ProgrammeObjective]:
    return ProgrammeObjective.objects.for_user(user, action).select_related(
        "programme", "clause_target"
    )


def programme_milestones_for(user: Any, action: str = Action.VIEW) -> QuerySet[ProgrammeMilestone]:
    return ProgrammeMilestone.objects.for_user(user, action).select_related("programme")


# --- Indicators computed from records -------------------------------------------------


@dataclass(frozen=True)
class IndicatorSource:
    """A way to compute objectives' current values from stored records.

    ``compute(objectives)`` returns the value of each objective by its id, in
    a fixed number of queries however many objectives it is given."""

    key: str
    label: Any
    compute: Callable[[Sequence[Any]], Mapping[int, Decimal | int]]


_SOURCES: dict[str, dict[str, IndicatorSource]] = {}


def register_indicator_source(
    objective_model: type[ObjectiveBase],
    key: str,
    label: Any,
    compute: Callable[[Sequence[Any]], Mapping[int, Decimal | int]],
) -> None:
    """Other apps (advisory, training, equipment) call this from their
    ``AppConfig.ready`` so that an objective can say "computed from" one of
    their counts instead of a typed-in value."""
    _SOURCES.setdefault(objective_model._meta.label_lower, {})[key] = IndicatorSource(
        key, label, compute
    )


def indicator_sources(objective_model: type[ObjectiveBase]) -> dict[str, IndicatorSource]:
    return _SOURCES.get(objective_model._meta.label_lower, {})


def counts_by(objectives: Sequence[Any], parent: str, counts: Mapping[int, int]) -> dict[int, int]:
    """Spread per-parent counts (``{programme_id: n}``) over the objectives
    whose ``parent`` attribute (``"programme_id"``) names that parent."""
    return {o.pk: counts.get(getattr(o, parent), 0) for o in objectives}


@dataclass(frozen=True)
class Progress:
    objective: ObjectiveBase
    value: Decimal
    percent: int  # of the way from baseline to target, 0-100


def progress_all(objectives: Sequence[ObjectiveBase]) -> list[Progress]:
    """Progress of each objective, in order; each computation registered by
    another app runs once for all the objectives that name it."""
    named: dict[IndicatorSource, list[ObjectiveBase]] = {}
    for objective in objectives:
        source = indicator_sources(type(objective)).get(objective.source)
        if source is not None:
            named.setdefault(source, []).append(objective)
    values = {source: source.compute(group) for source, group in named.items()}
    result = []
    for objective in objectives:
        source = indicator_sources(type(objective)).get(objective.source)
        value = Decimal(values[source].get(objective.pk, 0) if source else objective.current)
        span = Decimal(objective.target) - Decimal(objective.baseline)
        share = (value - Decimal(objective.baseline)) / span if span else Decimal(0)
        percent = int(max(Decimal(0), min(Decimal(1), share)) * 100)
        result.append(Progress(objective, value, percent))
    return result


def progress_of(objective: ObjectiveBase) -> Progress:
    return progress_all([objective])[0]


def indicator_value(objective: ObjectiveBase) -> Decimal:
    """The objective's current value: computed where it names a source."""
    return progress_of(objective).value


def programme_progress(programme: Programme) -> list[Progress]:
    return progress_all(list(programme.objectives.all()))


def overall_percent(progress: list[Progress]) -> int | None:
    if not progress:
        return None
    return round(sum(p.percent for p in progress) / len(progress))


# --- What other apps run under a programme ---------------------------------------------


@dataclass(frozen=True)
class ProgrammeActivity:
    """Records of another app that belong to programmes (deployments, course
    sessions, transfers): ``count(user, programme_ids)`` gives, per programme,
    how many of them the user may see; ``list_url`` the list page to filter by
    ``?programme=<id>``."""

    key: str
    label: Any
    count: Callable[[Any, list[int]], dict[int, int]]
    list_url: str = ""


_ACTIVITIES: dict[str, ProgrammeActivity] = {}


def register_programme_activity(activity: ProgrammeActivity) -> None:
    _ACTIVITIES[activity.key] = activity


def programme_activities() -> list[ProgrammeActivity]:
    return list(_ACTIVITIES.values())


def activity_counts(user: Any, programme_ids: list[int]) -> dict[str, dict[int, int]]:
    """Per registered activity, per programme, the number of records (one query
    per activity, whatever the number of programmes)."""
    return {key: a.count(user, programme_ids) for key, a in _ACTIVITIES.items()}


# --- The programme dashboard -----------------------------------------------------------


def dashboard(user: Any) -> dict[str, Any]:
    """Agreements → clauses → programmes with progress, overdue milestones and
    activity counts, in a fixed number of queries."""
    today = timezone.localdate()
    programmes = list(
        programmes_for(user)
        .prefetch_related("objectives", "milestones")
        .order_by("clause_id", "code")
    )
    by_clause: dict[int, list[dict[str, Any]]] = {}
    counts = activity_counts(user, [p.pk for p in programmes])
    every = progress_all([o for p in programmes for o in p.objectives.all()])
    progress_by: dict[int, list[Progress]] = {}
    for item in every:
        progress_by.setdefault(item.objective.programme_id, []).append(item)  # type: ignore[attr-defined]
    for programme in programmes:
        progress = progress_by.get(programme.pk, [])
        by_clause.setdefault(programme.clause_id, []).append(
            {
                "programme": programme,
                "percent": overall_percent(progress),
                "overdue": [m for m in programme.milestones.all() if m.is_overdue],
                "activities": [
                    (a, counts[a.key].get(programme.pk, 0)) for a in programme_activities()
                ],
            }
        )
    agreements = list(
        agreements_for(user).prefetch_related(
            Prefetch("clauses", queryset=Clause.objects.prefetch_related("targets"))
        )
    )
    rows = [
        {
            "agreement": agreement,
            "clauses": [
                {"clause": clause, "programmes": by_clause.get(clause.pk, [])}
                for clause in agreement.clauses.all()
            ],
        }
        for agreement in agreements
    ]
    charted = [p for items in by_clause.values() for p in items if p["percent"] is not None]
    return {
        "rows": rows,
        "today": today,
        "overdue_total": sum(len(p["overdue"]) for items in by_clause.values() for p in items),
        "programme_total": len(programmes),
        "chart": {
            "labels": [p["programme"].code for p in charted],
            "values": [p["percent"] for p in charted],
            "max": 100,
        },
    }

"""Training reports: where a nation's trainees are (the partner's dashboard),
what a host institution receives (its intake) and what became of the
graduates (alumni).

Each read starts from ``Nomination.objects.for_user`` and is aggregated in
SQL, in a fixed number of queries however many nominations there are. The
figures are plain data (dicts of numbers, names and dates) so that the pages
and the API show the same ones.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import Case, Count, IntegerField, Q, QuerySet, Value, When
from django.urls import reverse
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from tadrib.core import access
from tadrib.organisations.models import Nation
from tadrib.training.choices import (
    AWAY,
    ENROLMENT_ACTIVE,
    FUNNEL,
    HOST_VISIBLE,
    SEAT_HOLDING,
    NominationStatus,
    RotationStatus,
    TrainingArea,
)
from tadrib.training.models import Nomination, RotationMember, Session

N = NominationStatus

# Back home (or in a post) without a certificate: after failing, being
# withdrawn or being dismissed, not after completing the course.
RETURNED_EARLY = Q(status__in=[N.RETURNED, N.PLACED], certificate_code__isnull=True)
# Graduates: completed, and those who went home (and on to a post) certified.
GRADUATE = Q(status=N.COMPLETED) | Q(
    status__in=[N.RETURNED, N.PLACED], certificate_code__isnull=False
)
# Failed, including those gone home since (graded, no certificate).
FAILED = Q(status=N.FAILED) | (RETURNED_EARLY & Q(completed_on__isnull=False))

# The ways out of the main path, shown beside the funnel, each with the
# furthest stage of the funnel it certainly passed (see NOMINATION_TRANSITIONS).
WAYS_OUT: dict[str, str] = {
    N.INELIGIBLE: N.SUBMITTED,
    N.REJECTED: N.ELIGIBLE,
    N.DECLINED: N.OFFERED,
    N.CANCELLED: N.DRAFT,
    N.WITHDRAWN: N.APPROVED,
    N.DISMISSED: N.ENROLLED,
    N.FAILED: N.IN_TRAINING,
    N.WAITLISTED: N.APPROVED,
}
RETURNED_EARLY_KEY = "returned_early"
RETURNED_EARLY_LABEL = _("Returned without completing")

# The host's intake, cumulative: cleared by vetting (whatever happened next).
CLEARED = SEAT_HOLDING | {N.VETTED, N.APPROVED, N.WAITLISTED, N.WITHDRAWN, N.DECLINED}
# The host's intake, where each nomination is now: one group each (stackable).
INTAKE_NOW: tuple[tuple[str, Any, Q], ...] = (
    (
        "under_review",
        _("Under review"),
        Q(status__in=[N.ELIGIBLE, N.VETTED, N.APPROVED, N.WAITLISTED]),
    ),
    ("seat_held", _("Seat held, not started"), Q(status__in=[N.OFFERED, N.ACCEPTED, N.ENROLLED])),
    ("in_training", _("In training"), Q(status=N.IN_TRAINING)),
    ("completed", pgettext_lazy("trainees", "Completed"), GRADUATE),
    ("failed", _("Failed"), FAILED),
    (
        "left",
        _("Left the course or the pipeline"),
        Q(status__in=[N.REJECTED, N.DECLINED, N.CANCELLED, N.WITHDRAWN, N.DISMISSED])
        | (RETURNED_EARLY & Q(completed_on__isnull=True)),
    ),
)
INTAKE_GROUPS: tuple[tuple[str, Any, Q], ...] = (
    ("applied", _("Applied"), Q()),
    ("vetted", _("Vetted / approved"), Q(status__in=sorted(CLEARED))),
    ("seats_held", _("Seats held"), Q(status__in=sorted(SEAT_HOLDING))),
    ("in_training", _("In training"), Q(status=N.IN_TRAINING)),
    ("completed", pgettext_lazy("trainees", "Completed"), GRADUATE),
    ("failed", _("Failed"), FAILED),
)

NAME_FIELDS = ("name_en", "name_ar", "name_tr")


# --- filters ----------------------------------------------------------------


class ReportFilters(forms.Form):
    """The filters of the reports (GET parameters of the pages and the API)."""

    host_nation = forms.ModelChoiceField(
        queryset=Nation.objects.filter(organisations__courses__isnull=False).distinct(),
        required=False,
        label=_("host nation"),
    )
    area = forms.ChoiceField(
        choices=[("", "---------"), *TrainingArea.choices], required=False, label=_("course area")
    )
    year = forms.IntegerField(
        min_value=1900, max_value=2200, required=False, label=_("session year")
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            select = isinstance(field.widget, forms.Select)
            field.widget.attrs.setdefault(
                "class", "form-select form-select-sm" if select else "form-control form-control-sm"
            )

    def apply(self, queryset: QuerySet, *, course: str = "course", session: str = "session") -> Any:
        """``queryset`` narrowed by the valid filters (nothing if any is not)."""
        if not self.is_valid():
            return queryset.none()
        data = self.cleaned_data
        if data.get("host_nation") is not None:
            queryset = queryset.filter(**{f"{course}__institution__nation": data["host_nation"]})
        if data.get("area"):
            queryset = queryset.filter(**{f"{course}__area": data["area"]})
        if data.get("year") is not None:
            lookup = f"{session}__starts_on__year" if session else "starts_on__year"
            queryset = queryset.filter(**{lookup: data["year"]})
        return queryset


class IntakeFilters(ReportFilters):
    host_nation = None  # type: ignore[assignment]  # the host is the user's own nation


# --- scopes -----------------------------------------------------------------


def own_nominations(user: Any) -> QuerySet[Nomination]:
    """Nominations of the user's nation that the user may read (those of its
    organisations' subtree); an instance administrator reads every one."""
    queryset = Nomination.objects.for_user(user)
    if access.is_instance_admin(user):
        return queryset
    return queryset.filter(owner__nation_id__in=sorted(access.nation_ids(user)))


def hosted_nominations(user: Any) -> QuerySet[Nomination]:
    """Nominations to the courses of the user's nation's institutions that the
    user may read (from eligibility on)."""
    queryset = Nomination.objects.for_user(user).filter(status__in=sorted(HOST_VISIBLE))
    if access.is_instance_admin(user):
        return queryset
    return queryset.filter(course__institution__nation_id__in=sorted(access.nation_ids(user)))


def hosted_sessions(user: Any) -> QuerySet[Session]:
    queryset = Session.objects.for_user(user)
    if access.is_instance_admin(user):
        return queryset
    return queryset.filter(course__institution__nation_id__in=sorted(access.nation_ids(user)))


# --- helpers ----------------------------------------------------------------


def _name_fields(prefix: str, *extra: str) -> list[str]:
    return [f"{prefix}id", *(f"{prefix}{f}" for f in extra), *(f"{prefix}{f}" for f in NAME_FIELDS)]


def _named(row: dict[str, Any], prefix: str, code: str = "code") -> dict[str, Any]:
    """``{"id", "code", "name"}`` of the record a values() row names by
    ``prefix``, its name in the active language (English if it has none)."""
    language = (get_language() or "en")[:2]
    name = row.get(f"{prefix}name_{language}") or row[f"{prefix}name_en"]
    return {"id": row[f"{prefix}id"], "code": row[f"{prefix}{code}"], "name": name}


def nomination_url(pk: int) -> str:
    return reverse("training:nomination", args=[pk])


def _status_order(status: str) -> int:
    order = [*FUNNEL, *WAYS_OUT]
    return order.index(status) if status in order else len(order)


def _reach() -> Case:
    """The furthest stage of the funnel each nomination has certainly reached."""
    index: dict[str, int] = {str(status): i for i, status in enumerate(FUNNEL)}
    return Case(
        When(RETURNED_EARLY, then=Value(index[N.APPROVED])),
        *(When(status=status, then=Value(i)) for status, i in index.items()),
        *(When(status=out, then=Value(index[last])) for out, last in WAYS_OUT.items()),
        default=Value(0),
        output_field=IntegerField(),
    )


# --- the partner's dashboard ------------------------------------------------

NATION = "course__institution__nation__"
INSTITUTION = "course__institution__"
COURSE = "course__"


def beyond_courses(user: Any) -> dict[str, int]:
    """Who is away besides course trainees: cadets studying at academies and
    soldiers of units in training at a host facility (the user's reach)."""
    from tadrib.training import academic_selectors, rotation_selectors

    cadets = academic_selectors.enrolments_for(user).filter(status__in=sorted(ENROLMENT_ACTIVE))
    rotations = rotation_selectors.rotations_for(user).filter(status=RotationStatus.IN_TRAINING)
    soldiers = RotationMember.objects.filter(rotation__in=rotations, removed_on__isnull=True)
    return {
        "cadets": cadets.count(),
        "academies": cadets.values("cohort__programme__institution").distinct().count(),
        "rotations": rotations.count(),
        "soldiers": soldiers.count(),
    }


def dashboard(user: Any, filters: ReportFilters) -> dict[str, Any]:
    """Where every trainee of the user's nation is: counts by host nation,
    institution, course and status; the funnel (a nomination counts at every
    stage it has reached or passed, a way out at the stages it certainly
    passed) with the ways out beside it; and who is away now. Three queries."""
    nominations = filters.apply(own_nominations(user))
    grouped = (
        nominations.values(
            *_name_fields(NATION, "iso_code"),
            *_name_fields(INSTITUTION, "code"),
            *_name_fields(COURSE, "code"),
            "status",
        )
        .annotate(count=Count("pk"))
        .order_by(f"{NATION}iso_code", f"{INSTITUTION}code", f"{COURSE}code")
    )
    rows = [
        {
            "host_nation": _named(row, NATION, "iso_code"),
            "institution": _named(row, INSTITUTION),
            "course": _named(row, COURSE),
            "status": row["status"],
            "label": str(N(row["status"]).label),
            "count": row["count"],
        }
        for row in grouped
    ]
    # Stable: keeps the nation, institution, course order of the query.
    rows.sort(
        key=lambda r: (
            r["host_nation"]["code"],
            r["institution"]["code"],
            r["course"]["code"],
            _status_order(r["status"]),
        )
    )
    figures = nominations.annotate(reach=_reach()).aggregate(
        total=Count("pk"),
        **{f"stage_{s}": Count("pk", filter=Q(reach__gte=i)) for i, s in enumerate(FUNNEL)},
        **{f"out_{s}": Count("pk", filter=Q(status=s)) for s in WAYS_OUT},
        returned_early=Count("pk", filter=RETURNED_EARLY),
    )
    funnel = [
        {"status": str(s), "label": str(N(s).label), "count": figures[f"stage_{s}"]} for s in FUNNEL
    ]
    ways_out = [
        {"status": str(s), "label": str(N(s).label), "count": figures[f"out_{s}"]} for s in WAYS_OUT
    ]
    ways_out.append(
        {
            "status": RETURNED_EARLY_KEY,
            "label": str(RETURNED_EARLY_LABEL),
            "count": figures["returned_early"],
        }
    )
    away = [
        {
            "nomination_id": n.pk,
            "url": nomination_url(n.pk),
            "person": str(n.person),
            "host_nation": n.course.institution.nation.name,
            "institution": n.course.institution.name,
            "course": str(n.course),
            "session": n.session.code if n.session else None,
            "starts_on": n.session.starts_on if n.session else None,
            "ends_on": n.session.ends_on if n.session else None,
            "status": n.status,
            "label": n.get_status_display(),
        }
        for n in nominations.filter(status__in=sorted(AWAY))
        .select_related("person", "course__institution__nation", "session")
        .order_by("session__starts_on", "person__family_name_latin", "pk")
    ]
    return {
        "total": figures["total"],
        "rows": rows,
        "funnel": funnel,
        "ways_out": ways_out,
        "away": away,
    }


def funnel_chart(figures: dict[str, Any]) -> dict[str, Any]:
    return {
        "labels": [stage["label"] for stage in figures["funnel"]],
        "values": [stage["count"] for stage in figures["funnel"]],
    }


# --- the host's intake ------------------------------------------------------

PARTNER = "owner__nation__"


def _counts(groups: tuple[tuple[str, Any, Q], ...], prefix: str = "") -> dict[str, Count]:
    return {f"{prefix}{key}": Count("pk", filter=condition) for key, _label, condition in groups}


def intake(user: Any, filters: ReportFilters) -> dict[str, Any]:
    """What the user's institutions receive, by partner nation and course:
    cumulative groups (applied, vetted, seats held, …) and where each
    nomination is now (for the stacked chart); and each session's capacity
    against the seats held. Two queries."""
    nominations = filters.apply(hosted_nominations(user))
    grouped = (
        nominations.values(*_name_fields(PARTNER, "iso_code"), *_name_fields(COURSE, "code"))
        .annotate(**_counts(INTAKE_GROUPS), **_counts(INTAKE_NOW, "now_"))
        .order_by(f"{PARTNER}iso_code", f"{COURSE}code")
    )
    group_keys = [key for key, _label, _q in INTAKE_GROUPS]
    now_keys = [key for key, _label, _q in INTAKE_NOW]
    rows = []
    nations: dict[int, dict[str, Any]] = {}
    for row in grouped:
        nation = _named(row, PARTNER, "iso_code")
        counts = {key: row[key] for key in group_keys}
        now = {key: row[f"now_{key}"] for key in now_keys}
        rows.append({"partner_nation": nation, "course": _named(row, COURSE), **counts})
        total = nations.setdefault(
            nation["id"],
            {"partner_nation": nation, **dict.fromkeys(group_keys, 0), "now": {}},
        )
        for key in group_keys:
            total[key] += counts[key]
        for key in now_keys:
            total["now"][key] = total["now"].get(key, 0) + now[key]
    by_nation = list(nations.values())
    totals = {key: sum(n[key] for n in by_nation) for key in group_keys}
    sessions = [
        {
            "session_id": s.pk,
            "code": s.code,
            "course": str(s.course),
            "institution": s.course.institution.name,
            "starts_on": s.starts_on,
            "ends_on": s.ends_on,
            "status": s.status,
            "capacity": s.capacity,
            "held": s.held,  # type: ignore[attr-defined]
            "free": max(0, s.capacity - s.held),  # type: ignore[attr-defined]
        }
        for s in filters.apply(hosted_sessions(user), course="course", session="")
        .select_related("course__institution")
        .annotate(held=Count("nominations", filter=Q(nominations__status__in=sorted(SEAT_HOLDING))))
        .order_by("starts_on", "course__code", "code")
    ]
    return {
        "totals": totals,
        "groups": [{"key": key, "label": str(label)} for key, label, _q in INTAKE_GROUPS],
        "rows": rows,
        "by_nation": by_nation,
        "sessions": sessions,
    }


def intake_chart(figures: dict[str, Any]) -> dict[str, Any]:
    """Stacked bars: one per partner nation, one stack per place in the pipeline."""
    return {
        "labels": [n["partner_nation"]["name"] for n in figures["by_nation"]],
        "datasets": [
            {"label": str(label), "values": [n["now"].get(key, 0) for n in figures["by_nation"]]}
            for key, label, _q in INTAKE_NOW
        ],
    }


# --- alumni -----------------------------------------------------------------

USES_TRAINING_LABELS: dict[str, Any] = {
    "yes": _("Yes"),
    "no": _("No"),
    "not_placed": _("Not yet placed"),
}


def alumni_nominations(user: Any, filters: ReportFilters) -> QuerySet[Nomination]:
    """The graduates of the user's nation, with what the list shows joined."""
    return (
        filters.apply(own_nominations(user))
        .filter(GRADUATE)
        .select_related("person", "course__institution", "placed_unit")
        .order_by("-completed_on", "person__family_name_latin", "pk")
    )


def uses_training(nomination: Nomination) -> str:
    if nomination.status != N.PLACED:
        return "not_placed"
    return "yes" if nomination.post_uses_training else "no"


def alumni_summary(graduates: QuerySet[Nomination]) -> dict[str, Any]:
    """Counts of the graduates, placed, using the training in their post, and
    the share of those placed who use it (percent; ``None`` if none placed)."""
    counts = graduates.order_by().aggregate(
        graduates=Count("pk"),
        placed=Count("pk", filter=Q(status=N.PLACED)),
        uses_training=Count("pk", filter=Q(status=N.PLACED, post_uses_training=True)),
    )
    placed = counts["placed"]
    return {
        **counts,
        "not_using": placed - counts["uses_training"],
        "not_placed": counts["graduates"] - placed,
        "share_using": round(100 * counts["uses_training"] / placed, 1) if placed else None,
    }


def alumni_row(nomination: Nomination) -> dict[str, Any]:
    unit = nomination.placed_unit
    return {
        "nomination_id": nomination.pk,
        "url": nomination_url(nomination.pk),
        "person": str(nomination.person),
        "course": str(nomination.course),
        "institution": nomination.course.institution.name,
        "completed_on": nomination.completed_on,
        "certificate_code": nomination.certificate_code,
        "placed_unit": unit.name if unit is not None else None,
        "placed_post": nomination.placed_post,
        "placed_on": nomination.placed_on,
        "uses_training": uses_training(nomination),
    }


def alumni_chart(summary: dict[str, Any]) -> dict[str, Any]:
    keys = {"yes": "uses_training", "no": "not_using", "not_placed": "not_placed"}
    return {
        "labels": [str(USES_TRAINING_LABELS[k]) for k in keys],
        "values": [summary[v] for v in keys.values()],
    }

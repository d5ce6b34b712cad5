from __future__ import annotations

from typing import Any

from tadrib.advisory.models import (
    Deployment,
    DeploymentMember,
    DeploymentMilestone,
    DeploymentObjective,
    DeploymentReport,
    ReportAttachment,
)
from tadrib.advisory.tests import fixtures as f
from tadrib.core.testing import AccessCase, World, register

register(
    AccessCase(
        model=Deployment,
        api_prefix="/api/deployments",
        make=lambda w, i: f.deployment(w, i),
        form=f.deployment_form,
        api_payload=lambda w: {
            **{
                k: v
                for k, v in f.deployment_form(w).items()
                if k not in ("programme", "owner", "supported_organisation")
            },
            "code": "DEP-API",
            "programme_id": f.programme(w).pk,
            "owner_id": w.battalion_a.pk,
            "supported_organisation_id": f.ministry_c(w).pk,
            "areas": ["military_systems", "command_structure"],
        },
        change=("name_en", "Renamed team"),
    )
)


def _member_form(w: World) -> dict[str, Any]:
    return {
        "deployment": f.shared_deployment(w).pk,
        "person": f.free_person(w).pk,
        "role": "team_leader",
        "starts_on": "2031-03-01",
        "ends_on": "2031-04-30",
    }


register(
    AccessCase(
        model=DeploymentMember,
        api_prefix="/api/deployment-members",
        make=lambda w, i: f.member(w, i),
        form=_member_form,
        api_payload=lambda w: {
            **{k: v for k, v in _member_form(w).items() if k not in ("deployment", "person")},
            "deployment_id": f.shared_deployment(w).pk,
            "person_id": f.free_person(w).pk,
        },
        change=("role", "instructor"),
    )
)


def _objective_form(w: World) -> dict[str, Any]:
    return {
        "deployment": f.shared_deployment(w).pk,
        "title": "Doctrine written",
        "indicator": "Chapters approved",
        "baseline": "0",
        "target": "12",
        "current": "2",
        "source": "",
    }


register(
    AccessCase(
        model=DeploymentObjective,
        api_prefix="/api/deployment-objectives",
        make=lambda w, i: f.objective(w, i),
        form=_objective_form,
        api_payload=lambda w: {
            **{k: v for k, v in _objective_form(w).items() if k != "deployment"},
            "deployment_id": f.shared_deployment(w).pk,
        },
        change=("title", "Doctrine published"),
    )
)


def _milestone_form(w: World) -> dict[str, Any]:
    return {
        "deployment": f.shared_deployment(w).pk,
        "title": "Staff college opened",
        "due_on": "2031-09-01",
        "evidence": "",
    }


register(
    AccessCase(
        model=DeploymentMilestone,
        api_prefix="/api/deployment-milestones",
        make=lambda w, i: f.milestone(w, i),
        form=_milestone_form,
        api_payload=lambda w: {
            **{k: v for k, v in _milestone_form(w).items() if k != "deployment"},
            "deployment_id": f.shared_deployment(w).pk,
        },
        change=("title", "Staff college inaugurated"),
    )
)


def _report_form(w: World) -> dict[str, Any]:
    return {
        "deployment": f.shared_deployment(w).pk,
        "title": "Quarterly report",
        "period_start": "2031-01-01",
        "period_end": "2031-03-31",
        "submitted_on": "2031-04-05",
        "narrative": "Three workshops held.",
    }


register(
    AccessCase(
        model=DeploymentReport,
        api_prefix="/api/deployment-reports",
        make=lambda w, i: f.report(w, i),
        form=_report_form,
        api_payload=lambda w: {
            **{k: v for k, v in _report_form(w).items() if k != "deployment"},
            "deployment_id": f.shared_deployment(w).pk,
        },
        change=("title", "Quarterly report (revised)"),
    )
)


register(
    AccessCase(
        model=ReportAttachment,
        api_prefix="/api/report-attachments",
        make=lambda w, i: f.attachment(w, i),
        form=lambda w: {
            "report": f.shared_report(w).pk,
            "title": "Workshop minutes",
            "file": f.pdf(),
        },
        api_payload=lambda w: {
            "report_id": f.shared_report(w).pk,
            "title": "Workshop attendance",
            "file": f.pdf(),
        },
        change=("title", "Workshop minutes (signed)"),
        api_multipart=True,
    )
)

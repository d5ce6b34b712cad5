"""Test data of technical assistance, built through the services.

A programme whose host is a facility of nation A (under A's brigade) and whose
partner is the ministry of a third nation C: the records are owned by A's
battalion and shared only with organisations that neither A's directorate nor
nation B's ministry can see."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from tadrib.advisory.models import (
    Deployment,
    DeploymentMember,
    DeploymentMilestone,
    DeploymentObjective,
    DeploymentReport,
    ReportAttachment,
)
from tadrib.advisory.services import (
    save_deployment,
    save_deployment_member,
    save_deployment_milestone,
    save_deployment_objective,
    save_deployment_report,
    save_report_attachment,
)
from tadrib.agreements import testing as t
from tadrib.agreements.models import Programme
from tadrib.core import testing
from tadrib.core.testing import World
from tadrib.people.models import Person

START = dt.date(2031, 1, 1)
END = dt.date(2031, 12, 31)
PDF = b"%PDF-1.4 test report\n%%EOF\n"


# The programme's host (a facility of nation A under its brigade) and partner
# (a ministry of nation C) are the agreements app's test organisations.
facility_a = t.facility_a
ministry_c = t.third_party


def programme(w: World) -> Programme:
    """One technical-assistance programme per world, starting on START."""
    return t.shared(
        w,
        "ta_programme",
        lambda: t.programme(
            w,
            900,
            under=t.clause(w, 900, areas=["technical_assistance"]),
            code="TA-PRG",
            name_en="Technical assistance programme",
            starts_on=START,
        ),
    )


def deployment(w: World, i: int = 0, **fields: Any) -> Deployment:
    values: dict[str, Any] = {
        "programme": programme(w),
        "code": f"DEP-{i}",
        "name_en": f"Advisory team {i}",
        "owner": w.battalion_a,
        "supported_organisation": ministry_c(w),
        "mission": "Advise on the command structure.",
        "areas": ["command_structure", "institutions"],
        "starts_on": START,
        "ends_on": END,
    }
    values.update(fields)
    return save_deployment(Deployment(**values), actor=None)


def deployment_form(w: World) -> dict[str, Any]:
    """A valid new deployment, as the form posts it."""
    return {
        "programme": programme(w).pk,
        "code": "DEP-NEW",
        "name_en": "New advisory team",
        "owner": w.battalion_a.pk,
        "supported_organisation": ministry_c(w).pk,
        "mission": "Help the ministry set up its staff college.",
        "areas": ["institutions"],
        "starts_on": "2031-02-01",
        "ends_on": "2031-06-30",
        "status": "planned",
    }


def shared_deployment(w: World) -> Deployment:
    """One deployment the children of the cases hang off."""
    if "deployment" not in w.extra:
        w.extra["deployment"] = deployment(w, 900)
    return w.extra["deployment"]


def member(w: World, i: int = 0, **fields: Any) -> DeploymentMember:
    values: dict[str, Any] = {"role": "adviser", "starts_on": START, "ends_on": END, **fields}
    if "deployment" not in values:
        values["deployment"] = shared_deployment(w)
    if "person" not in values:
        values["person"] = testing.person(w.battalion_a)
    return save_deployment_member(DeploymentMember(**values), actor=None)


def free_person(w: World) -> Person:
    """A person of nation A on no deployment."""
    if "free_person" not in w.extra:
        w.extra["free_person"] = testing.person(w.battalion_a)
    return w.extra["free_person"]


def objective(w: World, i: int = 0) -> DeploymentObjective:
    return save_deployment_objective(
        DeploymentObjective(
            deployment=shared_deployment(w),
            title=f"Objective {i}",
            indicator="Staff procedures adopted",
            baseline=0,
            target=10,
            current=3,
        ),
        actor=None,
    )


def milestone(w: World, i: int = 0, **fields: Any) -> DeploymentMilestone:
    values: dict[str, Any] = {
        "title": f"Milestone {i}",
        "due_on": START + dt.timedelta(days=30 + i),
        **fields,
    }
    if "deployment" not in values:
        values["deployment"] = shared_deployment(w)
    return save_deployment_milestone(DeploymentMilestone(**values), actor=None)


def report(w: World, i: int = 0) -> DeploymentReport:
    return save_deployment_report(
        DeploymentReport(
            deployment=shared_deployment(w),
            title=f"Monthly report {i}",
            period_start=START,
            period_end=START + dt.timedelta(days=30),
            narrative="The team met the staff.",
            submitted_on=START + dt.timedelta(days=31),
        ),
        actor=None,
    )


def shared_report(w: World) -> DeploymentReport:
    if "report" not in w.extra:
        w.extra["report"] = report(w, 900)
    return w.extra["report"]


def pdf(name: str = "r.pdf", content: bytes = PDF) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def attachment(w: World, i: int = 0, report_: DeploymentReport | None = None) -> ReportAttachment:
    return save_report_attachment(
        ReportAttachment(
            report=report_ or shared_report(w), title=f"Annex {i}", file=pdf(f"annex-{i}.pdf")
        ),
        actor=None,
    )

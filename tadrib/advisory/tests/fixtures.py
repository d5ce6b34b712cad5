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
from tadrib.agreements.models import Agreement, Clause, Programme
from tadrib.agreements.services import save_agreement, save_clause, save_programme
from tadrib.core import testing
from tadrib.core.testing import World
from tadrib.organisations.models import Organisation
from tadrib.people.models import Person

START = dt.date(2031, 1, 1)
END = dt.date(2031, 12, 31)
PDF = b"%PDF-1.4 test report\n%%EOF\n"


def facility_a(w: World) -> Organisation:
    """A nation-A facility under the brigade: the programme's host."""
    if "facility_a" not in w.extra:
        w.extra["facility_a"] = testing.organisation(
            w.nation_a, "A-FAC", parent=w.brigade_a, kind="facility"
        )
    return w.extra["facility_a"]


def ministry_c(w: World) -> Organisation:
    """The ministry of a third nation: the partner supported."""
    if "ministry_c" not in w.extra:
        w.extra["ministry_c"] = testing.organisation(
            testing.nation("SA", "host"), "C-MOD", kind="ministry"
        )
    return w.extra["ministry_c"]


def programme(w: World) -> Programme:
    if "programme" not in w.extra:
        agreement = save_agreement(
            Agreement(
                owner=w.battalion_a,
                reference="TA-2031",
                kind="memorandum",
                name_en="Technical assistance memorandum",
            ),
            actor=None,
        )
        clause = save_clause(
            Clause(agreement=agreement, number="1", areas=["technical_assistance"]), actor=None
        )
        w.extra["programme"] = save_programme(
            Programme(
                code="TA-PRG",
                name_en="Technical assistance programme",
                owner=w.battalion_a,
                clause=clause,
                host_organisation=facility_a(w),
                partner_organisation=ministry_c(w),
                starts_on=START,
            ),
            actor=None,
        )
    return w.extra["programme"]


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

"""End to end, in a real Chromium: one nomination walks from draft to
completed, each step taken by the side whose step it is — the sending
nation's office nominates, submits and approves; the host academy's registrar
vets, offers a seat, accepts, enrols, starts the course, grades and closes it
with a certificate."""

from __future__ import annotations

from typing import Any

import pytest

from tadrib.core import testing
from tadrib.core.choices import Role
from tadrib.core.tests.browser import OUTPUT, sign_in
from tadrib.training import testing as tt
from tadrib.training.models import Nomination

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _as(page: Any, base: str, username: str) -> None:
    page.context.clear_cookies()
    sign_in(page, base, username, f"pw-{username}")


def _step(page: Any, step: str, reason: str = "", session: int | None = None) -> str:
    page.select_option("#step-form select[name=step]", step)
    if session is not None:
        page.select_option("#step-form select[name=session]", str(session))
    if reason:
        page.fill("#step-form textarea[name=reason]", reason)
    page.click("#take-step")
    page.wait_for_load_state("load")
    return str(page.get_attribute("#nomination-status", "data-status"))


def test_a_nomination_walks_from_draft_to_completed(
    live_server: Any, browser_page: Any, settings: Any
) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    world = testing.build_world()
    academy = tt.academy_c(world)
    testing.user("registrar_c", (academy, Role.REGISTRAR))
    tt.programme_c(world)  # nation A reads nation C's catalogue through it
    course = tt.course(world, 1, at=academy, code="EOD-1", name_en="Explosive ordnance disposal")
    session = tt.session(world, 1, of=course)
    exam = tt.assessment(world, 1, of=session, weight=100, title="Final exam")
    person = tt.nominee(world)
    page, base = browser_page, live_server.url

    # The sending nation's ministry nominates and submits.
    _as(page, base, "manager_a")
    page.goto(f"{base}/training/nominations/add/?course={course.pk}")
    page.select_option("select[name=owner]", str(world.battalion_a.pk))
    page.select_option("select[name=person]", str(person.pk))
    page.select_option("select[name=session]", str(session.pk))
    page.fill("input[name=priority]", "30")
    page.fill("input[name=medical_cleared_on]", tt.CLEARED.isoformat())
    page.fill("input[name=passport_number]", "N9876543")
    page.fill("input[name=passport_expires_on]", "2040-12-31")
    page.click("form.card button[type=submit]")
    page.wait_for_selector("#nomination-status")
    nomination = Nomination.objects.get(person=person, course=course)
    assert page.get_attribute("#nomination-status", "data-status") == "draft"
    assert _step(page, "submit") == "eligible"
    assert page.locator("#eligibility .text-bg-success").count() == 5

    # The host academy vets.
    _as(page, base, "registrar_c")
    page.goto(f"{base}/training/nominations/{nomination.pk}/")
    assert _step(page, "vet", reason="No adverse information found.") == "vetted"

    # The sending nation approves.
    _as(page, base, "manager_a")
    page.goto(f"{base}/training/nominations/{nomination.pk}/")
    assert _step(page, "approve") == "approved"

    # The host offers the seat, accepts, enrols, starts.
    _as(page, base, "registrar_c")
    page.goto(f"{base}/training/nominations/{nomination.pk}/")
    assert _step(page, "offer", session=session.pk) == "offered"
    assert _step(page, "accept") == "accepted"
    assert _step(page, "enrol") == "enrolled"
    assert _step(page, "start") == "in_training"

    # Grades the final exam through the form, then closes the course.
    page.goto(f"{base}/training/grades/add/?nomination={nomination.pk}")
    page.select_option("select[name=assessment]", str(exam.pk))
    page.fill("input[name=score]", "84")
    page.click("form.card button[type=submit]")
    page.wait_for_selector("#object-title")
    page.goto(f"{base}/training/sessions/{session.pk}/")
    page.click("#complete-session")
    page.wait_for_load_state("load")
    page.goto(f"{base}/training/nominations/{nomination.pk}/")
    assert page.get_attribute("#nomination-status", "data-status") == "completed"
    code = page.inner_text("#certificate-link")
    nomination.refresh_from_db()
    assert code == nomination.certificate_code and nomination.final_grade == 84
    page.screenshot(path=str(OUTPUT / "nomination-completed.png"), full_page=True)

    # The sending nation sees the result; another nation sees nothing.
    _as(page, base, "manager_a")
    page.goto(f"{base}/training/nominations/{nomination.pk}/")
    assert page.get_attribute("#nomination-status", "data-status") == "completed"
    _as(page, base, "manager_b")
    response = page.goto(f"{base}/training/nominations/{nomination.pk}/")
    assert response is not None and response.status == 404

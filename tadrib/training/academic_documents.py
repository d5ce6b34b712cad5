"""The transcript of records that closes a learning agreement: a PDF in
English, Arabic (right to left) or Turkish, with table A (what the cadet took
at the host, the latest grade and the credits earned) and table B (what the
home academy recognises). The callers have found the agreement in the
reader's scope."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.template.loader import render_to_string
from django.utils import formats
from django.utils.translation import get_language_bidi, override
from django.utils.translation import gettext as _

from tadrib.core import calendars
from tadrib.core.choices import Calendar
from tadrib.reports.pdf import ascii_filename, css_content, html_to_pdf, page_counter
from tadrib.training import academic_rules as rules
from tadrib.training.models import LearningAgreement, TermResult

TRANSCRIPT_TEMPLATE = "training/transcript_pdf.html"
TRANSCRIPT_LANGUAGES = ("en", "ar", "tr")


def _number(value: Decimal | None) -> str:
    return formats.localize(value.normalize()) if value is not None else "—"


def table_a(agreement: LearningAgreement) -> list[dict[str, Any]]:
    """Each table A line with the cadet's latest grade, whether the best
    attempt passed, and the credits earned (two queries)."""
    pass_mark = agreement.enrolment.cohort.programme.pass_mark
    lines = list(
        agreement.components.select_related("component").order_by(
            "component__year", "component__term", "component__code"
        )
    )
    grades: dict[int, list[tuple[int, Decimal]]] = {}
    for component_id, attempt, grade in TermResult.objects.filter(
        enrolment_id=agreement.enrolment_id, component__in=[line.component_id for line in lines]
    ).values_list("component_id", "attempt", "grade"):
        grades.setdefault(component_id, []).append((attempt, grade))
    rows = []
    for line in lines:
        component = line.component
        found = sorted(grades.get(component.pk, []))
        latest = found[-1][1] if found else None
        best = max((grade for _attempt, grade in found), default=None)
        passed = best is not None and rules.passed(best, pass_mark)
        rows.append(
            {
                "line": line,
                "component": component,
                "latest": latest,
                "passed": passed,
                "graded": best is not None,
                "earned": component.ects if passed else Decimal(0),
            }
        )
    return rows


def table_b(agreement: LearningAgreement, a_rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    passed = {row["line"].pk: row["passed"] for row in a_rows}
    return [
        {"line": line, "counts": passed.get(line.host_line_id, False)}
        for line in agreement.recognitions.select_related("host_line__component").order_by(
            "home_code"
        )
    ]


def render_transcript_html(agreement: LearningAgreement, language: str) -> str:
    if language not in TRANSCRIPT_LANGUAGES:
        raise ValueError(f"Transcripts are not written in {language!r}.")
    enrolment = agreement.enrolment
    person = enrolment.person
    programme = enrolment.cohort.programme
    a_rows = table_a(agreement)
    b_rows = table_b(agreement, a_rows)
    with override(language):
        title = _("Transcript of records")
        return render_to_string(
            TRANSCRIPT_TEMPLATE,
            {
                "language": language,
                "direction": "rtl" if get_language_bidi() else "ltr",
                "title": title,
                "running_header": css_content(f"{agreement.transcript_code} · {title}"),
                "page_counter": page_counter(),
                "code": agreement.transcript_code,
                "issued_on": calendars.format_date(
                    agreement.transcript_issued_on, Calendar.GREGORIAN
                )
                if agreement.transcript_issued_on
                else "",
                "academy": programme.institution.name,
                "home": agreement.home_institution.name,
                "name_latin": person.full_name_latin,
                "name": person.full_name,
                "service_number": person.service_number,
                "nation": person.nation.name,
                "programme": f"{programme.code} — {programme.name}",
                "academic_year": f"{agreement.academic_year}/{(agreement.academic_year + 1) % 100:02d}",
                "version": agreement.version,
                "pass_mark": _number(programme.pass_mark),
                "a_rows": [
                    {
                        **row,
                        "ects": _number(row["component"].ects),
                        "latest": _number(row["latest"]),
                        "earned": _number(row["earned"]),
                        "name": row["component"].name,
                    }
                    for row in a_rows
                ],
                "b_rows": [{**row, "credits": _number(row["line"].credits)} for row in b_rows],
                "total_ects": _number(sum((r["component"].ects for r in a_rows), Decimal(0))),
                "total_earned": _number(sum((r["earned"] for r in a_rows), Decimal(0))),
                "total_recognised": _number(
                    sum((r["line"].credits for r in b_rows if r["counts"]), Decimal(0))
                ),
            },
        )


def transcript_pdf(agreement: LearningAgreement, language: str) -> bytes:
    return html_to_pdf(render_transcript_html(agreement, language))


def transcript_filename(agreement: LearningAgreement, language: str) -> str:
    return ascii_filename("transcript", agreement.transcript_code or str(agreement.pk), language)

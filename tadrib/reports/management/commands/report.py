"""``tadrib report agreement-status REFERENCE --language ar --out FILE.pdf``:
the PDF reports, written from the command line as the system."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from tadrib.accounts.models import User
from tadrib.agreements.models import Agreement
from tadrib.agreements.selectors import agreements_for
from tadrib.core import audit
from tadrib.reports.agreement_status import (
    agreement_status_pdf,
    status_report_filename,
    system_reader,
)
from tadrib.reports.pdf import report_languages


class Command(BaseCommand):
    help = _("Write a report as a PDF: 'report agreement-status REFERENCE'.")

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="verb", required=True)
        status = sub.add_parser(
            "agreement-status", help=_("An agreement's status, clauses and programmes.")
        )
        status.add_argument("reference", help=_("The agreement's reference."))
        status.add_argument(
            "--language",
            default="en",
            help=_("The language of the report: %(languages)s.")
            % {"languages": ", ".join(report_languages())},
        )
        status.add_argument(
            "--out", default="", help=_("The file to write (default: named after the agreement).")
        )
        status.add_argument(
            "--owner",
            default="",
            help=_("The code of the office keeping the record, when several share the reference."),
        )
        status.add_argument(
            "--user",
            default="",
            help=_("Write the report as this user sees it (default: everything, as the system)."),
        )

    def handle(self, *args: Any, **options: Any) -> None:
        token = audit.system_actor_var.set("cli")
        try:
            if options["verb"] == "agreement-status":
                self.handle_agreement_status(options)
        finally:
            audit.system_actor_var.reset(token)

    def handle_agreement_status(self, options: dict[str, Any]) -> None:
        language = options["language"]
        if language not in report_languages():
            raise CommandError(
                _("Unknown language %(language)s: choose one of %(languages)s.")
                % {"language": language, "languages": ", ".join(report_languages())}
            )
        user = self.user(options["user"]) if options["user"] else None
        agreement = self.agreement(options["reference"], options["owner"], user)
        out = Path(options["out"] or status_report_filename(agreement, language))
        data = agreement_status_pdf(agreement, language=language, user=user)
        try:
            out.write_bytes(data)
        except OSError as error:
            raise CommandError(
                _("Cannot write %(path)s: %(why)s") % {"path": out, "why": error.strerror}
            ) from error
        self.stdout.write(str(out))

    def user(self, username: str) -> User:
        found = User.objects.filter(username=username, is_active=True).first()
        if found is None:
            raise CommandError(_("No active user named %(name)s.") % {"name": username})
        return found

    def agreement(self, reference: str, owner: str, user: User | None) -> Agreement:
        found = agreements_for(user if user is not None else system_reader()).filter(
            reference=reference
        )
        if owner:
            found = found.filter(owner__code=owner)
        matches = list(found[:2])
        if not matches:
            raise CommandError(
                _("No agreement with reference %(reference)s.") % {"reference": reference}
            )
        if len(matches) > 1:
            raise CommandError(
                _(
                    "Several agreements have the reference %(reference)s: "
                    "name the office keeping the record with --owner CODE."
                )
                % {"reference": reference}
            )
        return matches[0]

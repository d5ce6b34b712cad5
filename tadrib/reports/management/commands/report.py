"""``tadrib report agreement-status REFERENCE --language ar --out FILE.pdf``
and ``tadrib report att --year 2025 --side exports --format xlsx --out FILE``:
the reports, written from the command line as the system (or as a user)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
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
    help = _(
        "Write a report: 'report agreement-status REFERENCE' (PDF), "
        "'report att --year YEAR --side exports' (Arms Trade Treaty, XLSX or CSV)."
    )

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

        att = sub.add_parser(
            "att", help=_("The Arms Trade Treaty annual report: exports or imports of a year.")
        )
        att.add_argument("--year", required=True, help=_("The calendar year reported."))
        att.add_argument("--side", required=True, help=_("exports or imports."))
        att.add_argument("--format", default="xlsx", help=_("xlsx (default) or csv."))
        att.add_argument(
            "--basis",
            default="actual",
            help=_("actual (delivered in the year, default) or authorised (in the year)."),
        )
        att.add_argument(
            "--out", default="", help=_("The file to write (default: named after the report).")
        )
        att.add_argument(
            "--nation",
            default="",
            help=_("ISO 3166 code of the reporting nation (required without --user)."),
        )
        att.add_argument(
            "--user",
            default="",
            help=_("Write the report as this user sees it (default: everything, as the system)."),
        )

    def handle(self, *args: Any, **options: Any) -> None:
        token = audit.system_actor_var.set("cli")
        try:
            if options["verb"] == "agreement-status":
                self.handle_agreement_status(options)
            elif options["verb"] == "att":
                self.handle_att(options)
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

    def handle_att(self, options: dict[str, Any]) -> None:
        from tadrib.equipment import report_sheets, reports

        fmt = options["format"]
        if fmt not in ("xlsx", "csv"):
            raise CommandError(
                _("Unknown format %(format)s: choose xlsx or csv.") % {"format": fmt}
            )
        user = self.user(options["user"]) if options["user"] else None
        try:
            query = reports.treaty_query(
                year=options["year"],
                side=options["side"],
                basis=options["basis"],
                nation=options["nation"],
                user=user,
            )
        except ValidationError as error:
            raise CommandError(
                " ".join(
                    f"--{name}: {message}"
                    for name, messages in error.message_dict.items()
                    for message in messages
                )
            ) from error
        report = reports.treaty_report(query, user=user)
        sheets = report_sheets.att_sheets(report)
        out = Path(options["out"] or f"{report_sheets.treaty_basename('att', report)}.{fmt}")
        try:
            out.write_bytes(report_sheets.export_bytes(sheets, fmt))
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

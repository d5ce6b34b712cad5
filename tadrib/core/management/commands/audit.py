from __future__ import annotations

import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from tadrib.core.audit import verify_chain
from tadrib.core.models import AuditEntry


class Command(BaseCommand):
    help = _("Audit trail tools: 'audit verify' recomputes the hash chain.")

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="verb", required=True)
        sub.add_parser(
            "verify", help=_("Recompute the chain; exit 1 naming the first broken entry.")
        )

    def handle(self, *args: Any, **options: Any) -> None:
        total = AuditEntry.objects.count()
        tty = sys.stderr.isatty()

        def progress(seq: int) -> None:
            if tty and (seq % 1000 == 0 or seq == total):
                sys.stderr.write(f"\r{_('checked')} {seq}/{total}")

        first = next(iter(verify_chain(progress)), None)
        if tty:
            sys.stderr.write("\n")
        if first is not None:
            raise CommandError(
                _("Audit trail broken at entry #%(seq)s: %(why)s")
                % {"seq": first.seq, "why": first.message}
            )
        self.stdout.write(_("Audit trail intact: %(n)s entries verified.") % {"n": total})

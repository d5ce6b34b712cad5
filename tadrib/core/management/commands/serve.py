from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser
from django.utils.translation import gettext as _


class Command(BaseCommand):
    help = _("Serve Tadrib on TADRIB_PORT (default 8000); static files included.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default="127.0.0.1", help=_("Address to listen on."))
        parser.add_argument("--port", type=int, default=settings.PORT, help=_("Port to listen on."))
        parser.add_argument("--migrate", action="store_true", help=_("Apply migrations first."))

    def handle(self, *args: Any, **options: Any) -> None:
        if options["migrate"]:
            call_command("migrate", interactive=False, verbosity=1)
        address = f"{options['host']}:{options['port']}"
        self.stdout.write(_("Tadrib is at http://%(address)s/") % {"address": address})
        # Django's server with WhiteNoise serving the static files; for a
        # production deployment run tadrib.wsgi under gunicorn (docs/operations.md).
        call_command("runserver", address, use_reloader=False, use_threading=True)

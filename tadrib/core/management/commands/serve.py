from __future__ import annotations

import subprocess
import sys
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
        parser.add_argument(
            "--worker",
            action="store_true",
            help=_("Also run a background-task worker (allocation runs) while serving."),
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["migrate"]:
            call_command("migrate", interactive=False, verbosity=1)
        address = f"{options['host']}:{options['port']}"
        self.stdout.write(_("Tadrib is at http://%(address)s/") % {"address": address})
        # Django's server with WhiteNoise serving the static files; for a
        # production deployment run tadrib.wsgi under gunicorn (docs/operations.md).
        worker = None
        if options["worker"]:
            # One worker beside the server (a single-machine installation);
            # larger ones run `tadrib worker` as services of their own.
            worker = subprocess.Popen([sys.executable, "-m", "tadrib.cli", "worker"])
        try:
            call_command("runserver", address, use_reloader=False, use_threading=True)
        finally:
            if worker is not None:
                worker.terminate()
                worker.wait(timeout=30)

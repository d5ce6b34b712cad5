"""``tadrib allocate --problem problem.json --out result.json``: the seat
allocation solver on a JSON problem, without the database (the format is in
``tadrib.training.allocation``)."""

from __future__ import annotations

import json
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from tadrib.training.allocation import ProblemError, parse_problem, solve, to_json


class Command(BaseCommand):
    help = _(
        "Allocate seats optimally: read a problem (sessions, quotas, nominations) as JSON, "
        "write the assignments and the reason for every nomination left without a seat."
    )
    # No database: nothing here needs the system checks (some query it).
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--problem", required=True, help=_("The problem, a JSON file."))
        parser.add_argument("--out", required=True, help=_("The result file to write (JSON)."))

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.perf_counter()
        show = options["verbosity"] >= 2 or (options["verbosity"] >= 1 and sys.stderr.isatty())

        def progress(stage: str) -> None:
            if show:
                elapsed = time.perf_counter() - started
                self.stderr.write(f"{elapsed:7.2f} s  {stage}…")

        path, out = Path(options["problem"]), Path(options["out"])
        progress(_("reading %(path)s") % {"path": path})
        try:
            with path.open(encoding="utf-8") as f:
                data = json.load(f)
        except OSError as error:
            raise CommandError(
                _("Cannot read %(path)s: %(why)s") % {"path": path, "why": error.strerror}
            ) from error
        except (ValueError, UnicodeDecodeError) as error:  # JSONDecodeError is a ValueError
            raise CommandError(
                _("%(path)s is not valid JSON: %(why)s") % {"path": path, "why": error}
            ) from error
        progress(_("checking the problem"))
        try:
            problem = parse_problem(data)
        except ProblemError as error:
            raise CommandError(
                _("Malformed problem in %(path)s: %(why)s") % {"path": path, "why": error}
            ) from error
        del data
        result = solve(problem, progress=progress)
        progress(_("writing %(path)s") % {"path": out})
        write_atomically(out, to_json(result))
        self.stdout.write(
            _(
                "objective %(objective)s, %(assigned)s assigned, %(unassigned)s unassigned, "
                "%(seconds).2f s"
            )
            % {
                "objective": result.objective,
                "assigned": len(result.assignments),
                "unassigned": len(result.unassigned),
                "seconds": time.perf_counter() - started,
            }
        )


def write_atomically(out: Path, content: dict[str, Any]) -> None:
    """Write ``out`` whole or not at all: a scratch file beside it, renamed."""
    directory = out.parent if str(out.parent) else Path()
    try:
        handle, scratch = tempfile.mkstemp(prefix=f".{out.name}.", dir=directory)
    except OSError as error:
        raise CommandError(
            _("Cannot write %(path)s: %(why)s") % {"path": out, "why": error.strerror}
        ) from error
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as f:
            json.dump(content, f, ensure_ascii=False, indent=1)
            f.write("\n")
        os.replace(scratch, out)
    except OSError as error:
        Path(scratch).unlink(missing_ok=True)
        raise CommandError(
            _("Cannot write %(path)s: %(why)s") % {"path": out, "why": error.strerror}
        ) from error

"""``tadrib demo``: load the reference scenario; running it again adds only what is missing."""

from __future__ import annotations

import time
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor
from django.utils.translation import gettext as _

from tadrib.demo import scenario


class Command(BaseCommand):
    help = _(
        "Load the reference scenario (Türkiye, Saudi Arabia and Syria, their organisations, "
        "ranks, synthetic personnel and demo users). Running it again adds only what is missing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--seed",
            type=int,
            default=2025,
            help=_("Random seed: the same seed gives the same people."),
        )
        parser.add_argument(
            "--people",
            type=int,
            default=500,
            help=_("Number of synthetic Syrian personnel, the 61 officer cadets included."),
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["people"] < 0:
            raise CommandError(_("--people must be zero or more."))
        self.check_migrated()
        self.tty = self.stdout.isatty()
        started = time.monotonic()
        try:
            created = scenario.build(
                seed=options["seed"], people=options["people"], progress=self.progress
            )
        except ValidationError as error:
            raise CommandError(
                _("The scenario could not be loaded: %(error)s")
                % {"error": "; ".join(error.messages)}
            ) from error
        seconds = time.monotonic() - started
        made = ", ".join(
            f"{count} {kind.replace('_', ' ')}" for kind, count in created.items() if count
        )
        if made:
            self.stdout.write(
                _("Created %(what)s in %(seconds).1f s.") % {"what": made, "seconds": seconds}
            )
        else:
            self.stdout.write(_("Nothing to add: the scenario is already loaded."))
        self.print_users()

    def check_migrated(self) -> None:
        executor = MigrationExecutor(connections[DEFAULT_DB_ALIAS])
        if executor.migration_plan(executor.loader.graph.leaf_nodes()):
            raise CommandError(_("The database is not up to date: run 'tadrib migrate' first."))

    def progress(self, stage: str, done: int, total: int) -> None:
        """One line per stage; on a terminal the counter updates in place."""
        line = f"{stage} {done}/{total}"
        if self.tty:
            self.stdout.write(f"\r{line}", ending="\n" if done == total else "")
            self.stdout.flush()
        elif done == total or done % 100 == 0:
            self.stdout.write(line)

    def print_users(self) -> None:
        header = (_("username"), _("password"), _("membership"))
        rows = [
            header,
            *((username, scenario.PASSWORD, what) for username, what in scenario.DEMO_USERS),
        ]
        widths = [max(len(row[column]) for row in rows) for column in range(2)]
        self.stdout.write("")
        self.stdout.write(_("Demo users:"))
        for username, password, what in rows:
            self.stdout.write(f"  {username:<{widths[0]}}  {password:<{widths[1]}}  {what}")

"""``tadrib worker``: run queued background tasks (allocation runs, …) from
the database, as django-tasks-db's ``db_worker`` does. Start as many as
needed, on any hosts that reach the database."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django_tasks_db.management.commands.db_worker import Command as DatabaseWorker


class Command(DatabaseWorker):
    help = _(
        "Run queued background tasks (allocation runs) until stopped; "
        "--batch stops once the queue is empty."
    )

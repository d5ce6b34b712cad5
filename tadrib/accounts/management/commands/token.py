from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from tadrib.accounts.models import User
from tadrib.accounts.services import issue_token
from tadrib.core import audit


class Command(BaseCommand):
    help = _("Manage API tokens: 'token create USERNAME' prints a new token once.")

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="verb", required=True)
        create = sub.add_parser("create", help=_("Issue a token for a user."))
        create.add_argument("username")
        create.add_argument("--name", default="", help=_("A label for the token."))

    def handle(self, *args: Any, **options: Any) -> None:
        user = User.objects.filter(username=options["username"], is_active=True).first()
        if user is None:
            raise CommandError(_("No active user named %(name)s.") % {"name": options["username"]})
        token = audit.system_actor_var.set("cli")
        try:
            raw = issue_token(user, actor=None, name=options["name"])
        finally:
            audit.system_actor_var.reset(token)
        self.stdout.write(raw)

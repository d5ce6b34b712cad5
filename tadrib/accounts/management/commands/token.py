from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from tadrib.accounts.models import ApiToken, User
from tadrib.accounts.services import issue_token, revoke_token
from tadrib.core import audit


class Command(BaseCommand):
    help = _(
        "Manage API tokens: create USERNAME (prints the token once), list USERNAME, revoke PREFIX."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="verb", required=True)
        create = sub.add_parser("create", help=_("Issue a token for a user."))
        create.add_argument("username")
        create.add_argument("--name", default="", help=_("A label for the token."))
        listing = sub.add_parser("list", help=_("List a user's tokens (prefixes only)."))
        listing.add_argument("username")
        revoke = sub.add_parser("revoke", help=_("Revoke the token with this prefix."))
        revoke.add_argument("prefix")

    def handle(self, *args: Any, **options: Any) -> None:
        token = audit.system_actor_var.set("cli")
        try:
            getattr(self, f"handle_{options['verb']}")(options)
        finally:
            audit.system_actor_var.reset(token)

    def user(self, username: str) -> User:
        user = User.objects.filter(username=username, is_active=True).first()
        if user is None:
            raise CommandError(_("No active user named %(name)s.") % {"name": username})
        return user

    def handle_create(self, options: dict[str, Any]) -> None:
        self.stdout.write(
            issue_token(self.user(options["username"]), actor=None, name=options["name"])
        )

    def handle_list(self, options: dict[str, Any]) -> None:
        for row in ApiToken.objects.filter(user=self.user(options["username"])).order_by(
            "created_at"
        ):
            state = _("revoked") if row.revoked_at else _("active")
            self.stdout.write(f"{row.prefix}  {state}  {row.created_at:%Y-%m-%d}  {row.name}")

    def handle_revoke(self, options: dict[str, Any]) -> None:
        found = ApiToken.objects.filter(prefix=options["prefix"], revoked_at__isnull=True).first()
        if found is None:
            raise CommandError(
                _("No active token with prefix %(prefix)s.") % {"prefix": options["prefix"]}
            )
        revoke_token(found, actor=None)
        self.stdout.write(_("Revoked %(prefix)s.") % {"prefix": found.prefix})

from __future__ import annotations

import getpass
import sys
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.utils.translation import gettext as _

from tadrib.accounts.models import Membership
from tadrib.accounts.services import create_user, save_membership
from tadrib.core import audit
from tadrib.core.choices import Role
from tadrib.organisations.models import Organisation


class Command(BaseCommand):
    help = _("Manage users: 'user create USERNAME --membership CODE:ROLE …'.")

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="verb", required=True)
        create = sub.add_parser("create", help=_("Create a user with memberships."))
        create.add_argument("username")
        create.add_argument("--email", default="")
        create.add_argument("--language", default="en", choices=["en", "ar", "tr"])
        create.add_argument(
            "--superuser", action="store_true", help=_("An instance administrator.")
        )
        create.add_argument(
            "--membership",
            action="append",
            default=[],
            metavar="CODE:ROLE",
            help=_("Organisation code and role, e.g. SY-MOD-TRD:manager; repeat for several."),
        )
        create.add_argument(
            "--password-stdin",
            action="store_true",
            help=_("Read the password from standard input."),
        )

    def handle(self, *args: Any, **options: Any) -> None:
        memberships = [self.parse_membership(text) for text in options["membership"]]
        if options["password_stdin"]:
            password = sys.stdin.readline().rstrip("\n")
        else:
            password = getpass.getpass(_("Password: "))
        if len(password) < 8:
            raise CommandError(_("The password must have at least 8 characters."))
        token = audit.system_actor_var.set("cli")
        try:
            with transaction.atomic():
                user = create_user(
                    options["username"],
                    password=password,
                    actor=None,
                    email=options["email"],
                    is_superuser=options["superuser"],
                    language=options["language"],
                )
                for organisation, role in memberships:
                    save_membership(
                        Membership(user=user, organisation=organisation, role=role), actor=None
                    )
        except ValidationError as error:
            raise CommandError("; ".join(error.messages)) from None
        finally:
            audit.system_actor_var.reset(token)
        self.stdout.write(_("Created %(user)s.") % {"user": user.username})

    def parse_membership(self, text: str) -> tuple[Organisation, str]:
        code, _sep, role = text.partition(":")
        if role not in Role.values:
            raise CommandError(
                _("Unknown role %(role)s; use one of: %(roles)s")
                % {"role": role, "roles": ", ".join(Role.values)}
            )
        organisation = Organisation.objects.filter(code=code).first()
        if organisation is None:
            raise CommandError(_("No organisation with code %(code)s.") % {"code": code})
        return organisation, role

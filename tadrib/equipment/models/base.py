"""Access policies, validators and constraint helpers shared by the
equipment models."""

from __future__ import annotations

from typing import Any

from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from tadrib.core import constraints
from tadrib.core.access import policy
from tadrib.core.choices import Role
from tadrib.core.validators import SERIAL as SERIAL

R = Role
# Transfers, shipments, items, sites and custody: logistics officers and managers.
LOGISTICS_POLICY = policy(
    add=[R.ADMINISTRATOR, R.MANAGER, R.LOGISTICS_OFFICER],
    change=[R.ADMINISTRATOR, R.MANAGER, R.LOGISTICS_OFFICER],
    delete=[R.ADMINISTRATOR, R.MANAGER, R.LOGISTICS_OFFICER],
)
# Inspections and discrepancies: inspectors too.
INSPECTION_POLICY = policy(
    add=[R.ADMINISTRATOR, R.MANAGER, R.LOGISTICS_OFFICER, R.INSPECTOR],
    change=[R.ADMINISTRATOR, R.MANAGER, R.LOGISTICS_OFFICER, R.INSPECTOR],
    delete=[R.ADMINISTRATOR, R.MANAGER, R.INSPECTOR],
)
# Append-only: recorded, never changed or deleted.
CUSTODY_POLICY = policy(add=[R.ADMINISTRATOR, R.MANAGER, R.LOGISTICS_OFFICER], change=[], delete=[])
# Read by a transfer's two sides besides the record's owner.
TRANSFER_SIDES = ("importer", "end_user")

CURRENCY = RegexValidator(r"^[A-Z]{3}$", _("Use the three capital letters of ISO 4217."))


def check_rule(model: str, rule: str, condition: Q, message: Any) -> models.CheckConstraint:
    """A named check constraint of an equipment model (see ``core.constraints``)."""
    return constraints.check_rule(f"equipment_{model}", rule, condition, message)


def unique_rule(model: str, rule: str, fields: list[str], message: Any) -> models.UniqueConstraint:
    return constraints.unique_rule(f"equipment_{model}", rule, fields, message)


def known_choice(
    model: str, field: str, choices: type[models.TextChoices]
) -> models.CheckConstraint:
    return constraints.known_choice(f"equipment_{model}", field, choices)

"""Validators of values that several apps store."""

from __future__ import annotations

from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

# A serial number as it is engraved: no spaces.
SERIAL = RegexValidator(
    r"^[A-Za-z0-9][A-Za-z0-9/._-]*$",
    _("Use letters, digits, '/', '.', '-' or '_' (no spaces)."),
)

from django.db import models
from django.utils.translation import gettext_lazy as _


class NatoRankCode(models.TextChoices):
    """STANAG 2116 rank codes. Officer cadets are OF(D)."""

    OF_10 = "OF-10", "OF-10"
    OF_9 = "OF-9", "OF-9"
    OF_8 = "OF-8", "OF-8"
    OF_7 = "OF-7", "OF-7"
    OF_6 = "OF-6", "OF-6"
    OF_5 = "OF-5", "OF-5"
    OF_4 = "OF-4", "OF-4"
    OF_3 = "OF-3", "OF-3"
    OF_2 = "OF-2", "OF-2"
    OF_1 = "OF-1", "OF-1"
    OF_D = "OF(D)", _("OF(D) officer cadet")
    OR_9 = "OR-9", "OR-9"
    OR_8 = "OR-8", "OR-8"
    OR_7 = "OR-7", "OR-7"
    OR_6 = "OR-6", "OR-6"
    OR_5 = "OR-5", "OR-5"
    OR_4 = "OR-4", "OR-4"
    OR_3 = "OR-3", "OR-3"
    OR_2 = "OR-2", "OR-2"
    OR_1 = "OR-1", "OR-1"


class PersonCategory(models.TextChoices):
    OFFICER = "officer", _("Officer")
    NCO = "nco", _("Non-commissioned officer")
    ENLISTED = "enlisted", _("Enlisted")
    CADET = "cadet", _("Officer cadet")
    CIVILIAN = "civilian", _("Civilian")


class PersonStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    IN_TRAINING = "in_training", _("In training")
    DEPLOYED = "deployed", _("Deployed")
    ON_LEAVE = "on_leave", _("On leave")
    INACTIVE = "inactive", _("Inactive")


class VettingState(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    PENDING = "pending", _("Pending")
    CLEARED = "cleared", _("Cleared")
    REFUSED = "refused", _("Refused")


class Language(models.TextChoices):
    """Languages of instruction and proficiency (ISO 639-1)."""

    ARABIC = "ar", _("Arabic")
    TURKISH = "tr", _("Turkish")
    ENGLISH = "en", _("English")
    FRENCH = "fr", _("French")
    KURDISH = "ku", _("Kurdish")
    RUSSIAN = "ru", _("Russian")
    GERMAN = "de", _("German")


def nato_seniority(code: str) -> int:
    """A NATO rank code's place in one scale, junior to senior: OR-1 … OR-9,
    then OF(D) (officer cadet), then OF-1 … OF-10."""
    if code == NatoRankCode.OF_D:
        return 10
    kind, _dash, number = code.partition("-")
    return int(number) + (0 if kind == "OR" else 10)

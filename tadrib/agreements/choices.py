from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class AgreementKind(models.TextChoices):
    ACCORD = "accord", _("Accord")
    MEMORANDUM = "memorandum", _("Memorandum of understanding")
    CONTRACT = "contract", _("Contract")
    LETTER_OF_OFFER = "letter_of_offer", _("Letter of offer and acceptance")
    JOINT_STATEMENT = "joint_statement", _("Joint statement / exchange of notes")


class AgreementStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SIGNED = "signed", _("Signed")
    IN_FORCE = "in_force", _("In force")
    SUSPENDED = "suspended", _("Suspended")
    EXPIRED = "expired", _("Expired")
    TERMINATED = "terminated", _("Terminated")


S = AgreementStatus
# The one table of allowed status changes (from -> to).
AGREEMENT_TRANSITIONS: dict[str, frozenset[str]] = {
    S.DRAFT: frozenset({S.SIGNED, S.TERMINATED}),
    S.SIGNED: frozenset({S.IN_FORCE, S.TERMINATED}),
    S.IN_FORCE: frozenset({S.SUSPENDED, S.EXPIRED, S.TERMINATED}),
    S.SUSPENDED: frozenset({S.IN_FORCE, S.EXPIRED, S.TERMINATED}),
    S.EXPIRED: frozenset({S.IN_FORCE}),
    S.TERMINATED: frozenset(),
}


class PartyRole(models.TextChoices):
    HOST = "host", _("Host nation")
    PARTNER = "partner", _("Partner nation")
    SUPPLIER = "supplier", _("Supplier")
    RECIPIENT = "recipient", _("Recipient")
    PARTY = "party", _("Party")


class CooperationArea(models.TextChoices):
    PERSONNEL_EXCHANGE = "personnel_exchange", _("Personnel exchange")
    COUNTER_TERRORISM = "counter_terrorism", _("Advanced training: counter-terrorism")
    DEMINING = "demining", _("Advanced training: demining")
    CYBER_DEFENCE = "cyber_defence", _("Advanced training: cyber defence")
    LOGISTICS = "logistics", _("Advanced training: logistics")
    PEACEKEEPING = "peacekeeping", _("Advanced training: peacekeeping")
    TECHNICAL_ASSISTANCE = "technical_assistance", _("Technical assistance")
    EQUIPMENT_SUPPLY = "equipment_supply", _("Equipment supply")
    SECURITY = "security", _("Security cooperation")
    DIPLOMATIC = "diplomatic", _("Diplomatic relations")


class TargetPeriod(models.TextChoices):
    TOTAL = "total", _("in total")
    PER_YEAR = "per_year", _("per year")


class ProgrammeStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    ACTIVE = "active", pgettext_lazy("programme status", "Active")
    SUSPENDED = "suspended", _("Suspended")
    COMPLETED = "completed", _("Completed")
    CANCELLED = "cancelled", _("Cancelled")


class DocumentKind(models.TextChoices):
    SIGNED_TEXT = "signed_text", _("Signed text")
    TRANSLATION = "translation", _("Translation")
    AMENDMENT = "amendment", _("Amendment")
    ANNEX = "annex", _("Annex")
    CORRESPONDENCE = "correspondence", _("Correspondence")

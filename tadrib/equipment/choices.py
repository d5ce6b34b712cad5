"""Equipment vocabularies: the UN Register of Conventional Arms categories and
the small-arms / light-weapons sub-categories (with their published
definitions, shown in the UI), item, transfer, shipment, inspection and
discrepancy statuses, and the transition tables every status change checks."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class ArmsCategory(models.TextChoices):
    """UN Register of Conventional Arms categories I–VII, and the small arms
    and light weapons sub-categories used by the Register and the Arms Trade
    Treaty (VIII)."""

    BATTLE_TANKS = "I", _("I. Battle tanks")
    ARMOURED_COMBAT_VEHICLES = "II", _("II. Armoured combat vehicles")
    LARGE_CALIBRE_ARTILLERY = "III", _("III. Large-calibre artillery systems")
    COMBAT_AIRCRAFT = "IV", _("IV. Combat aircraft and unmanned combat aerial vehicles")
    ATTACK_HELICOPTERS = "V", _("V. Attack helicopters")
    WARSHIPS = "VI", _("VI. Warships")
    MISSILES = "VII", _("VII. Missiles and missile launchers")
    SA_PISTOLS = "SA-1", _("Small arms: revolvers and self-loading pistols")
    SA_RIFLES = "SA-2", _("Small arms: rifles and carbines")
    SA_SUBMACHINE_GUNS = "SA-3", _("Small arms: sub-machine guns")
    SA_ASSAULT_RIFLES = "SA-4", _("Small arms: assault rifles")
    SA_LIGHT_MACHINE_GUNS = "SA-5", _("Small arms: light machine guns")
    SA_OTHER = "SA-6", _("Small arms: others")
    LW_HEAVY_MACHINE_GUNS = "LW-1", _("Light weapons: heavy machine guns")
    LW_GRENADE_LAUNCHERS = (
        "LW-2",
        _("Light weapons: hand-held under-barrel and mounted grenade launchers"),
    )
    LW_ANTI_TANK_GUNS = "LW-3", _("Light weapons: portable anti-tank guns")
    LW_RECOILLESS_RIFLES = "LW-4", _("Light weapons: recoilless rifles")
    LW_ANTI_TANK_LAUNCHERS = (
        "LW-5",
        _("Light weapons: portable anti-tank missile launchers and rocket systems"),
    )
    LW_MORTARS = "LW-6", _("Light weapons: mortars of calibres less than 75 mm")
    LW_OTHER = "LW-7", _("Light weapons: others")


# The definitions behind each category, in the words of the Register's
# published descriptions (shortened where they list sub-items).
CATEGORY_DEFINITIONS = {
    ArmsCategory.BATTLE_TANKS: _(
        "Tracked or wheeled self-propelled armoured fighting vehicles with high cross-country "
        "mobility and a high level of self-protection, weighing at least 16.5 metric tonnes "
        "unladen, with a high muzzle velocity direct-fire main gun of at least 75 mm calibre."
    ),
    ArmsCategory.ARMOURED_COMBAT_VEHICLES: _(
        "Tracked, semi-tracked or wheeled self-propelled vehicles with armoured protection and "
        "cross-country capability, either designed and equipped to transport a squad of four or "
        "more infantrymen, or armed with an integral or organic weapon of at least 12.5 mm "
        "calibre or a missile launcher."
    ),
    ArmsCategory.LARGE_CALIBRE_ARTILLERY: _(
        "Guns, howitzers, artillery pieces combining the characteristics of a gun or a "
        "howitzer, mortars or multiple-launch rocket systems capable of engaging surface targets "
        "by delivering primarily indirect fire, with a calibre of 75 mm and above."
    ),
    ArmsCategory.COMBAT_AIRCRAFT: _(
        "Fixed-wing or variable-geometry wing aircraft, and unmanned aircraft, designed, equipped "
        "or modified to engage targets by employing guided missiles, unguided rockets, bombs, "
        "guns, cannons or other weapons of destruction, including versions that perform "
        "specialised electronic warfare, suppression of air defence or reconnaissance missions."
    ),
    ArmsCategory.ATTACK_HELICOPTERS: _(
        "Rotary-wing aircraft designed, equipped or modified to engage targets by employing "
        "guided or unguided anti-armour, air-to-surface, air-to-subsurface or air-to-air "
        "weapons, with an integrated fire-control and aiming system, including versions that "
        "perform specialised reconnaissance or electronic warfare missions."
    ),
    ArmsCategory.WARSHIPS: _(
        "Vessels or submarines armed and equipped for military use with a standard displacement "
        "of 500 metric tonnes or above, and those below 500 tonnes equipped for launching "
        "missiles with a range of at least 25 km or torpedoes with a similar range."
    ),
    ArmsCategory.MISSILES: _(
        "Guided or unguided rockets, ballistic or cruise missiles capable of delivering a warhead "
        "or weapon of destruction to a range of at least 25 km, and means designed or modified "
        "specifically for launching them (other than category I–VI systems); also man-portable "
        "air-defence systems (MANPADS)."
    ),
}
SALW_DEFINITION = _(
    "Small arms are weapons designed for individual use; light weapons are weapons designed "
    "for use by two or three persons serving as a crew, although some may be carried and used "
    "by a single person."
)


def category_definition(category: str) -> str:
    """The published definition of a Register category (small arms and light
    weapons share one)."""
    if category in CATEGORY_DEFINITIONS:
        return str(CATEGORY_DEFINITIONS[ArmsCategory(category)])
    return str(SALW_DEFINITION)


def is_salw(category: str) -> bool:
    return category.startswith(("SA-", "LW-"))


class CourseRole(models.TextChoices):
    OPERATOR = "operator", _("Operator")
    MAINTAINER = "maintainer", _("Maintainer")


class TransferStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    AUTHORISED = "authorised", _("Authorised")
    SUSPENDED = "suspended", _("Suspended")
    COMPLETED = "completed", _("Completed")
    CANCELLED = "cancelled", _("Cancelled")


TRANSFER_TRANSITIONS: dict[str, frozenset[str]] = {
    TransferStatus.DRAFT: frozenset({TransferStatus.AUTHORISED, TransferStatus.CANCELLED}),
    TransferStatus.AUTHORISED: frozenset(
        {TransferStatus.SUSPENDED, TransferStatus.COMPLETED, TransferStatus.CANCELLED}
    ),
    TransferStatus.SUSPENDED: frozenset({TransferStatus.AUTHORISED, TransferStatus.CANCELLED}),
    TransferStatus.COMPLETED: frozenset(),
    TransferStatus.CANCELLED: frozenset(),
}


class ShipmentStatus(models.TextChoices):
    PREPARING = "preparing", _("Preparing (serials being captured)")
    DISPATCHED = "dispatched", _("Dispatched")
    DELIVERED = "delivered", _("Delivered (hand-over countersigned)")
    CANCELLED = "cancelled", _("Cancelled")


class ItemStatus(models.TextChoices):
    PREPARED = "prepared", _("Prepared for shipment")
    IN_TRANSIT = "in_transit", _("In transit")
    IN_SERVICE = "in_service", _("In service")
    UNDER_REPAIR = "under_repair", _("Under repair")
    LOST = "lost", _("Lost")
    STOLEN = "stolen", _("Stolen")
    DESTROYED = "destroyed", _("Destroyed")
    DISPOSED = "disposed", _("Disposed of")
    RETRANSFERRED = "retransferred", _("Retransferred")


S = ItemStatus
# Held by a unit (counted as on hand).
HELD = frozenset({S.IN_SERVICE, S.UNDER_REPAIR})
# No longer anywhere: a move is refused.
GONE = frozenset({S.LOST, S.STOLEN, S.DESTROYED, S.DISPOSED, S.RETRANSFERRED})


class CustodyKind(models.TextChoices):
    DISPATCH = "dispatch", _("Dispatched by the exporter")
    DELIVERY = "delivery", _("Delivered (hand-over countersigned)")
    MOVE = "move", _("Moved to another unit or site")
    REPAIR = "repair", _("Sent for repair")
    RETURN = "return", _("Back from repair")
    LOSS = "loss", _("Reported lost")
    THEFT = "theft", _("Reported stolen")
    RECOVERY = "recovery", _("Recovered")
    DESTRUCTION = "destruction", _("Destroyed")
    DISPOSAL = "disposal", _("Disposed of")
    RETRANSFER = "retransfer", _("Retransferred")


K = CustodyKind
# The custody transition table: from which statuses an event of each kind may
# be recorded, and the status it leaves the item in (a move keeps it).
CUSTODY_TRANSITIONS: dict[str, tuple[frozenset[str], str | None]] = {
    K.DISPATCH: (frozenset({S.PREPARED}), S.IN_TRANSIT),
    K.DELIVERY: (frozenset({S.IN_TRANSIT}), S.IN_SERVICE),
    K.MOVE: (HELD, None),
    K.REPAIR: (frozenset({S.IN_SERVICE}), S.UNDER_REPAIR),
    K.RETURN: (frozenset({S.UNDER_REPAIR}), S.IN_SERVICE),
    K.LOSS: (HELD | {S.IN_TRANSIT}, S.LOST),
    K.THEFT: (HELD | {S.IN_TRANSIT}, S.STOLEN),
    K.RECOVERY: (frozenset({S.LOST, S.STOLEN}), S.IN_SERVICE),
    K.DESTRUCTION: (HELD | {S.IN_TRANSIT}, S.DESTROYED),
    K.DISPOSAL: (HELD, S.DISPOSED),
    K.RETRANSFER: (frozenset({S.IN_SERVICE}), S.RETRANSFERRED),
}
# Kinds recorded by the shipment services only, never typed in.
SHIPMENT_KINDS = frozenset({CustodyKind.DISPATCH, CustodyKind.DELIVERY})


class InspectionKind(models.TextChoices):
    INITIAL_INVENTORY = "initial_inventory", _("Initial inventory")
    ANNUAL_INVENTORY = "annual_inventory", _("Annual serial-number inventory")
    SITE_SECURITY = "site_security", _("Storage-site physical security check")
    POST_SHIPMENT = "post_shipment", _("Post-shipment on-site check")


INVENTORY_KINDS = frozenset({InspectionKind.INITIAL_INVENTORY, InspectionKind.ANNUAL_INVENTORY})


class FindingOutcome(models.TextChoices):
    FOUND = "found", _("Found")
    MISSING = "missing", _("Missing")
    UNEXPECTED = "unexpected", _("Unexpected (serial not known)")


class DiscrepancyKind(models.TextChoices):
    SHORTAGE = "shortage", _("Shortage")
    OVERAGE = "overage", _("Overage")
    WRONG_SERIAL = "wrong_serial", _("Wrong serial number")
    DAMAGE = "damage", _("Damage")
    LOSS = "loss", _("Loss")
    THEFT = "theft", _("Theft")
    DESTRUCTION = "destruction", _("Destruction")
    UNAUTHORISED_USE = "unauthorised_use", _("Unauthorised use")
    UNAUTHORISED_RETRANSFER = "unauthorised_retransfer", _("Unauthorised retransfer")


class DiscrepancyStatus(models.TextChoices):
    OPEN = "open", _("Open (not yet reported)")
    REPORTED = "reported", _("Reported to the exporter")
    INVESTIGATING = "investigating", _("Under investigation")
    ESCALATED = "escalated", _("Escalated: suspected diversion")
    RESOLVED = "resolved", _("Resolved")


D = DiscrepancyStatus
DISCREPANCY_TRANSITIONS: dict[str, frozenset[str]] = {
    D.OPEN: frozenset({D.REPORTED}),
    D.REPORTED: frozenset({D.INVESTIGATING, D.RESOLVED, D.ESCALATED}),
    D.INVESTIGATING: frozenset({D.RESOLVED, D.ESCALATED}),
    D.ESCALATED: frozenset({D.INVESTIGATING, D.RESOLVED}),
    D.RESOLVED: frozenset(),
}
# A step that needs a written reason (kept in the audit trail and on the record).
DISCREPANCY_REASON_REQUIRED = frozenset({D.RESOLVED, D.ESCALATED})
OPEN_DISCREPANCY = frozenset({D.OPEN, D.REPORTED, D.INVESTIGATING, D.ESCALATED})

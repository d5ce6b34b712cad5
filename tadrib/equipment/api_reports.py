"""API of the equipment reports."""

from ninja import Router

router = Router(tags=["equipment"])

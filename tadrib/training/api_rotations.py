"""API of rotations."""

from ninja import Router

router = Router(tags=["rotations"])

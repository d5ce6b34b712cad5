"""API of academics."""

from ninja import Router

router = Router(tags=["academics"])

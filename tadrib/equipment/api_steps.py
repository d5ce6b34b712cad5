"""API of the workflows (the same services as the pages)."""

from ninja import Router

router = Router(tags=["equipment"])

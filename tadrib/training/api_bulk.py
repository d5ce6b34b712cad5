"""API endpoints of training's bulk (added to the API by tadrib/api.py)."""

from ninja import Router

router = Router(tags=["training"])

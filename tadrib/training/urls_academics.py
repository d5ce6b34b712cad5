"""Pages of academics (filled in by the academics work)."""

urlpatterns: list = []

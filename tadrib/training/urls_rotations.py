"""Pages of rotations (filled in by the rotations work)."""

urlpatterns: list = []

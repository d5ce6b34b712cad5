from __future__ import annotations

from typing import Any

from tadrib.core import views as generic
from tadrib.organisations import selectors


class OrganisationDetailView(generic.ObjectDetailView):
    """An organisation with its place in the tree: the chain above it and the
    units directly below it, as far as the user may see them."""

    template_name = "organisations/organisation_detail.html"

    def extra_context(self, obj: Any) -> dict[str, Any]:
        visible = selectors.organisations_for(self.request.user)
        return {
            "ancestors": visible.filter(pk__in=obj.ancestors().values("pk")).order_by("depth"),
            "children": visible.filter(parent=obj).order_by("code"),
            "people_count": obj.people.count(),
        }

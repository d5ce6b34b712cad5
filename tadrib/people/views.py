from __future__ import annotations

from typing import Any

from tadrib.core import views as generic
from tadrib.people.models import LanguageProficiency


class PersonDetailView(generic.ObjectDetailView):
    """A person with their STANAG 6001 language profiles."""

    template_name = "people/person_detail.html"

    def extra_context(self, obj: Any) -> dict[str, Any]:
        return {
            "proficiencies": obj.language_proficiencies.all(),
            "add_language_url": generic.add_link(
                self.request.user, LanguageProficiency(person=obj), "person"
            ),
        }

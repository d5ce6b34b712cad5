from __future__ import annotations

from typing import Any

from django.urls import reverse

from tadrib.core import access
from tadrib.core import views as generic
from tadrib.core.choices import Action
from tadrib.people.models import LanguageProficiency


class PersonDetailView(generic.ObjectDetailView):
    """A person with their STANAG 6001 language profiles."""

    template_name = "people/person_detail.html"

    def extra_context(self, obj: Any) -> dict[str, Any]:
        return {
            "proficiencies": obj.language_proficiencies.all(),
            "can_add_language": access.can(
                self.request.user, Action.ADD, LanguageProficiency(person=obj)
            ),
            "add_language_url": reverse("people:languageproficiency_add") + f"?person={obj.pk}",
        }

from __future__ import annotations

from typing import Any

from django import forms

from tadrib.core.access import reach_paths
from tadrib.core.choices import Action
from tadrib.core.models import TadribModel


class ScopedModelForm(forms.ModelForm):
    """A model form whose choices of scoped records are limited to those under
    which the user may make this change, and styled for Bootstrap."""

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        model = self._meta.model
        action = Action.ADD if self.instance._state.adding else Action.CHANGE
        paths = reach_paths(user, model, action)
        # Fields naming another party (a partner ministry): any organisation of
        # any nation that is not a unit may be chosen.
        foreign = getattr(model, "foreign_organisation_fields", ())
        for name, field in self.fields.items():
            queryset = getattr(field, "queryset", None)
            if name in foreign and queryset is not None:
                field.queryset = queryset.exclude(kind="unit") | queryset.under(paths)  # type: ignore[attr-defined]
            elif (
                queryset is not None
                and issubclass(queryset.model, TadribModel)
                and queryset.model.access_scope != "reference"
            ):
                field.queryset = queryset.under(paths)  # type: ignore[attr-defined]
            widget = field.widget
            if isinstance(widget, forms.CheckboxSelectMultiple | forms.CheckboxInput):
                widget.attrs.setdefault("class", "form-check-input")
            elif isinstance(widget, forms.Select | forms.SelectMultiple):
                widget.attrs.setdefault("class", "form-select")
            else:
                widget.attrs.setdefault("class", "form-control")
            if isinstance(widget, forms.DateInput):
                widget.input_type = "date"
                widget.format = "%Y-%m-%d"

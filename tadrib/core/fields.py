"""Model fields shared by the apps."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _


class ChoiceListField(models.CharField):
    """Several choices kept in one column as ``a,b,c`` (sorted, no repeats).

    Read as a list; the ``contains`` lookup finds rows holding one choice (choice
    values must not contain one another). A form shows it as checkboxes.
    """

    # What django-stubs' plugin reads as the attribute's types.
    _pyi_private_set_type: list[str] | str  # type: ignore[assignment]
    _pyi_private_get_type: list[str]  # type: ignore[assignment]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 200)
        kwargs.setdefault("blank", True)
        kwargs.setdefault("default", list)
        super().__init__(*args, **kwargs)

    def deconstruct(self) -> Any:
        name, path, args, kwargs = super().deconstruct()
        # __init__ defaults blank to True: record it whichever way it is.
        kwargs["blank"] = self.blank
        return name, path, args, kwargs

    def _split(self, value: Any) -> list[str]:
        if value is None or value == "":
            return []
        if isinstance(value, str):
            return sorted({part for part in value.split(",") if part})
        if isinstance(value, Iterable):
            return sorted({str(part) for part in value if part})
        raise ValidationError(_("Choose from the list."), code="invalid")

    def from_db_value(self, value: Any, expression: Any, connection: Any) -> list[str]:
        return self._split(value)

    def to_python(self, value: Any) -> list[str]:
        return self._split(value)

    def get_prep_value(self, value: Any) -> str:
        if isinstance(value, str):  # a lookup value such as one choice
            return value
        return ",".join(self._split(value))

    def value_to_string(self, obj: models.Model) -> str:
        return self.get_prep_value(self.value_from_object(obj))

    def validate(self, value: Any, model_instance: models.Model | None) -> None:
        allowed = {str(key) for key, _label in self.flatchoices}
        for part in self._split(value):
            if part not in allowed:
                raise ValidationError(
                    _("“%(value)s” is not one of the choices.") % {"value": part},
                    code="invalid_choice",
                )
        if not self.blank and not self._split(value):
            raise ValidationError(self.error_messages["blank"], code="blank")

    def run_validators(self, value: Any) -> None:
        super().run_validators(self.get_prep_value(value))

    def formfield(self, **kwargs: Any) -> Any:  # type: ignore[override]
        return forms.TypedMultipleChoiceField(
            choices=self.choices or (),  # type: ignore[arg-type]
            required=not self.blank,
            label=self.verbose_name,
            help_text=self.help_text,
            widget=forms.CheckboxSelectMultiple,
            **{k: v for k, v in kwargs.items() if k in ("initial",)},
        )

    def contribute_to_class(
        self, cls: type[models.Model], name: str, private_only: bool = False
    ) -> None:
        super().contribute_to_class(cls, name, private_only=private_only)
        field = self

        def display(instance: models.Model) -> str:
            return ", ".join(field.labels(getattr(instance, field.attname)))

        setattr(cls, f"get_{name}_display", display)

    def labels(self, value: Any) -> list[str]:
        names = dict(self.flatchoices)
        return [str(names.get(part, part)) for part in self._split(value)]

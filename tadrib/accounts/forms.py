from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from tadrib.accounts.models import Membership, User
from tadrib.core.choices import Calendar
from tadrib.core.forms import ScopedModelForm


class MembershipForm(ScopedModelForm):
    user = forms.ModelChoiceField(
        queryset=User.objects.filter(is_active=True).order_by("username"),
        label=_("user"),
        to_field_name="username",
    )

    class Meta:
        model = Membership
        fields = ["user", "organisation", "role"]


class SecondFactorForm(forms.Form):
    token = forms.CharField(
        label=_("Code from your authenticator app"),
        min_length=6,
        max_length=8,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "class": "form-control"}
        ),
    )


class PreferencesForm(forms.Form):
    language = forms.ChoiceField(choices=settings.LANGUAGES, required=False, label=_("Language"))
    calendar = forms.ChoiceField(choices=Calendar.choices, required=False, label=_("Calendar"))
    next = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs.setdefault("class", "form-select form-select-sm")

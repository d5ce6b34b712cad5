from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from tadrib.accounts.models import Membership, User
from tadrib.core.access import reach_paths
from tadrib.core.choices import Action, Calendar
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

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, user=user, **kwargs)
        # Offer only users the administrator already deals with (a membership
        # within their reach) or new users without any membership: usernames
        # of other nations' staff are not listed.
        paths = reach_paths(user, Membership, Action.ADD)
        if paths is not None:
            within = Membership.objects.under(paths).values("user_id")
            self.fields["user"].queryset = (  # type: ignore[attr-defined]
                User.objects.filter(is_active=True)
                .filter(Q(pk__in=within) | Q(memberships__isnull=True))
                .distinct()
                .order_by("username")
            )


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

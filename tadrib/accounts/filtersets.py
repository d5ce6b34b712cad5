import django_filters
from django.utils.translation import gettext_lazy as _

from tadrib.accounts.models import Membership
from tadrib.core.choices import Role
from tadrib.core.filtersets import SearchFilterSet
from tadrib.organisations.filtersets import WithinFilter


class MembershipFilterSet(SearchFilterSet):
    search_fields = ("user__username", "user__first_name", "user__last_name", "organisation__code")
    role = django_filters.ChoiceFilter(choices=Role.choices, label=_("role"))
    within = WithinFilter(path_lookup="organisation__path")

    class Meta:
        model = Membership
        fields = ["q", "role", "within"]

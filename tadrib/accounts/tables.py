import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from tadrib.accounts.models import Membership


class MembershipTable(tables.Table):
    user = tables.Column(
        accessor="user__username",
        verbose_name=_("user"),
        linkify=lambda record: record.get_absolute_url(),
    )
    organisation = tables.Column(
        accessor="organisation", verbose_name=_("organisation"), linkify=True
    )
    nation = tables.Column(accessor="organisation__nation__iso_code", verbose_name=_("nation"))

    class Meta:
        model = Membership
        fields = ("user", "role", "organisation", "nation", "created_at")

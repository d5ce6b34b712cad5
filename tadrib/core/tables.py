import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from tadrib.core.models import AuditEntry


class AuditEntryTable(tables.Table):
    seq = tables.Column(verbose_name="#")
    at = tables.TemplateColumn("{{ value|caldatetime }}", verbose_name=_("time"))
    changes = tables.TemplateColumn(
        template_name="core/_changes_cell.html", orderable=False, verbose_name=_("changes")
    )

    class Meta:
        model = AuditEntry
        fields = (
            "seq",
            "at",
            "actor_username",
            "action",
            "object_type",
            "object_repr",
            "request_id",
            "changes",
        )

    def value_changes(self, value: dict) -> str:
        return "; ".join(f"{k}: {v[0]} → {v[1]}" for k, v in (value or {}).items())

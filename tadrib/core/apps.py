from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "tadrib.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from tadrib.core import columns  # noqa: F401 (registers the calendar columns)

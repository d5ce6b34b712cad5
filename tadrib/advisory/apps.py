from typing import cast

from django.apps import AppConfig
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _


class AdvisoryConfig(AppConfig):
    name = "tadrib.advisory"
    label = "advisory"
    verbose_name = _("Advisory")

    def ready(self) -> None:
        from tadrib.advisory import selectors
        from tadrib.advisory.models import DeploymentObjective
        from tadrib.agreements.models import ProgrammeObjective
        from tadrib.agreements.selectors import (
            ProgrammeActivity,
            register_indicator_source,
            register_programme_activity,
        )

        register_indicator_source(
            ProgrammeObjective,
            "advisory.deployments",
            _("Technical-assistance deployments (not cancelled)"),
            selectors.deployment_count,
        )
        register_indicator_source(
            ProgrammeObjective,
            "advisory.experts",
            _("Experts deployed (distinct people)"),
            selectors.expert_count,
        )
        register_indicator_source(
            DeploymentObjective,
            "advisory.reports",
            _("Reports submitted"),
            selectors.report_count,
        )
        register_indicator_source(
            DeploymentObjective,
            "advisory.milestones_completed",
            _("Milestones reached"),
            selectors.completed_milestone_count,
        )
        register_programme_activity(
            ProgrammeActivity(
                key="deployments",
                label=_("Technical-assistance deployments"),
                count=selectors.deployments_per_programme,
                list_url=cast(str, reverse_lazy("advisory:deployment_list")),
            )
        )

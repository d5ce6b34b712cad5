from typing import cast

from django.apps import AppConfig
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _


class TrainingConfig(AppConfig):
    name = "tadrib.training"
    label = "training"
    verbose_name = _("Training")

    def ready(self) -> None:
        from tadrib.agreements.models import ProgrammeObjective
        from tadrib.agreements.selectors import (
            ProgrammeActivity,
            register_indicator_source,
            register_programme_activity,
        )
        from tadrib.training import selectors

        register_indicator_source(
            ProgrammeObjective,
            "training.graduates",
            _("People who completed a course (distinct)"),
            selectors.graduate_count,
        )
        register_indicator_source(
            ProgrammeObjective,
            "training.in_training",
            _("People in training now"),
            selectors.in_training_count,
        )
        register_indicator_source(
            ProgrammeObjective,
            "training.placed_using_training",
            _("Graduates in posts that use their training"),
            selectors.placed_using_training_count,
        )
        register_programme_activity(
            ProgrammeActivity(
                key="sessions",
                label=_("Course sessions"),
                count=selectors.sessions_per_programme,
                list_url=cast(str, reverse_lazy("training:session_list")),
            )
        )

from django.urls import include, path, re_path

from tadrib.api import api, api_not_found

urlpatterns = [
    path("", include("tadrib.core.urls")),
    path("accounts/", include("tadrib.accounts.urls")),
    path("organisations/", include("tadrib.organisations.urls")),
    path("people/", include("tadrib.people.urls")),
    path("agreements/", include("tadrib.agreements.urls")),
    path("advisory/", include("tadrib.advisory.urls")),
    path("training/", include("tadrib.training.urls")),
    path("verify/", include("tadrib.training.urls_verify")),
    path("equipment/", include("tadrib.equipment.urls")),
    path("reports/", include("tadrib.reports.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/", api.urls),
    # Anything else under /api/ (a malformed id, an unknown path) is a JSON 404 too.
    re_path(r"^api/", api_not_found),
]

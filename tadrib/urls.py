from django.urls import include, path

from tadrib.api import api

urlpatterns = [
    path("", include("tadrib.core.urls")),
    path("accounts/", include("tadrib.accounts.urls")),
    path("organisations/", include("tadrib.organisations.urls")),
    path("people/", include("tadrib.people.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/", api.urls),
]

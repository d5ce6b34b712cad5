from django.urls import path

from tadrib.accounts import filtersets, forms, selectors, services, tables, views
from tadrib.accounts.models import Membership
from tadrib.core.views import object_views

app_name = "accounts"

urlpatterns = [
    path("login/", views.SignInView.as_view(), name="login"),
    path("login/code/", views.SecondFactorView.as_view(), name="second_factor"),
    path("logout/", views.SignOutView.as_view(), name="logout"),
    path("preferences/", views.PreferencesView.as_view(), name="preferences"),
    path("profile/", views.ProfileView.as_view(), name="profile"),
    path("profile/two-factor/<str:step>/", views.TwoFactorView.as_view(), name="two_factor"),
    *object_views(
        "memberships",
        model=Membership,
        selector=selectors.memberships_for,
        filterset=filtersets.MembershipFilterSet,
        table=tables.MembershipTable,
        form=forms.MembershipForm,
        save=services.save_membership,
        delete=services.delete_membership,
    ),
]

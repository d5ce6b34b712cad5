from tadrib.core.views import object_views
from tadrib.organisations import filtersets, forms, selectors, services, tables
from tadrib.organisations.models import Nation, Organisation
from tadrib.organisations.views import OrganisationDetailView

app_name = "organisations"

urlpatterns = [
    *object_views(
        "nations",
        model=Nation,
        selector=selectors.nations_for,
        filterset=filtersets.NationFilterSet,
        table=tables.NationTable,
        form=forms.NationForm,
        save=services.save_nation,
        delete=services.delete_nation,
    ),
    *object_views(
        "",
        model=Organisation,
        selector=selectors.organisations_for,
        filterset=filtersets.OrganisationFilterSet,
        table=tables.OrganisationTable,
        form=forms.OrganisationForm,
        save=services.save_organisation,
        delete=services.delete_organisation,
        detail_view=OrganisationDetailView,
    ),
]

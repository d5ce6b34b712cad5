from tadrib.core.views import object_views
from tadrib.people import filtersets, forms, selectors, services, tables
from tadrib.people.models import (
    LanguageProficiency,
    Person,
    PersonQualification,
    Qualification,
    Rank,
    Specialty,
)
from tadrib.people.views import PersonDetailView

app_name = "people"

urlpatterns = [
    *object_views(
        "ranks",
        model=Rank,
        selector=selectors.ranks_for,
        filterset=filtersets.RankFilterSet,
        table=tables.RankTable,
        form=forms.RankForm,
        save=services.save_rank,
        delete=services.delete_rank,
    ),
    *object_views(
        "specialties",
        model=Specialty,
        selector=selectors.specialties_for,
        filterset=filtersets.SpecialtyFilterSet,
        table=tables.SpecialtyTable,
        form=forms.SpecialtyForm,
        save=services.save_specialty,
        delete=services.delete_specialty,
    ),
    *object_views(
        "languages",
        model=LanguageProficiency,
        selector=selectors.language_proficiencies_for,
        filterset=filtersets.LanguageProficiencyFilterSet,
        table=tables.LanguageProficiencyTable,
        form=forms.LanguageProficiencyForm,
        save=services.save_language_proficiency,
        delete=services.delete_language_proficiency,
    ),
    *object_views(
        "qualifications",
        model=Qualification,
        selector=selectors.qualifications_for,
        filterset=filtersets.QualificationFilterSet,
        table=tables.QualificationTable,
        form=forms.QualificationForm,
        save=services.save_qualification,
        delete=services.delete_qualification,
    ),
    *object_views(
        "held-qualifications",
        model=PersonQualification,
        selector=selectors.person_qualifications_for,
        filterset=filtersets.PersonQualificationFilterSet,
        table=tables.PersonQualificationTable,
        form=forms.PersonQualificationForm,
        save=services.save_person_qualification,
        delete=services.delete_person_qualification,
    ),
    *object_views(
        "",
        model=Person,
        selector=selectors.people_for,
        filterset=filtersets.PersonFilterSet,
        table=tables.PersonTable,
        form=forms.PersonForm,
        save=services.save_person,
        delete=services.delete_person,
        detail_view=PersonDetailView,
    ),
]

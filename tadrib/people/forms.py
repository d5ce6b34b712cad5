from tadrib.core.forms import ScopedModelForm
from tadrib.people.models import (
    LanguageProficiency,
    Person,
    PersonQualification,
    Qualification,
    Rank,
    Specialty,
)


class PersonForm(ScopedModelForm):
    class Meta:
        model = Person
        fields = [
            "nation",
            "service_number",
            "given_names",
            "family_name",
            "given_names_latin",
            "family_name_latin",
            "date_of_birth",
            "category",
            "rank",
            "specialty",
            "unit",
            "status",
            "vetting_state",
        ]


class LanguageProficiencyForm(ScopedModelForm):
    class Meta:
        model = LanguageProficiency
        fields = ["person", "language", "listening", "speaking", "reading", "writing", "tested_on"]


class RankForm(ScopedModelForm):
    class Meta:
        model = Rank
        fields = ["nation", "code", "name_en", "name_ar", "name_tr", "nato_code", "order"]


class SpecialtyForm(ScopedModelForm):
    class Meta:
        model = Specialty
        fields = ["code", "name_en", "name_ar", "name_tr"]


class QualificationForm(ScopedModelForm):
    class Meta:
        model = Qualification
        fields = ["code", "name_en", "name_ar", "name_tr", "valid_for_months"]


class PersonQualificationForm(ScopedModelForm):
    class Meta:
        model = PersonQualification
        fields = ["person", "qualification", "awarded_on", "expires_on", "awarded_by"]

from tadrib.core.forms import ScopedModelForm
from tadrib.organisations.models import Nation, Organisation


class NationForm(ScopedModelForm):
    class Meta:
        model = Nation
        fields = ["iso_code", "name_en", "name_ar", "name_tr", "role"]


class OrganisationForm(ScopedModelForm):
    class Meta:
        model = Organisation
        fields = [
            "nation",
            "parent",
            "kind",
            "echelon",
            "code",
            "name_en",
            "name_ar",
            "name_tr",
            "is_active",
        ]

from tadrib.core import testing
from tadrib.core.testing import AccessCase, World, register
from tadrib.organisations.models import Nation, Organisation


def _nation(world: World, i: int) -> Nation:
    return testing.nation(f"Q{chr(65 + i % 26)}", "host")


register(
    AccessCase(
        model=Nation,
        api_prefix="/api/nations",
        make=_nation,
        form=lambda w: {
            "iso_code": "ZZ",
            "name_en": "Zedland",
            "name_ar": "",
            "name_tr": "",
            "role": "host",
        },
        api_payload=lambda w: {"iso_code": "ZY", "name_en": "Zyland", "role": "partner"},
        change=("name_en", "Renamed"),
        reference=True,
        writer="admin",
    )
)

register(
    AccessCase(
        model=Organisation,
        api_prefix="/api/organisations",
        make=lambda w, i: testing.organisation(
            w.nation_a, f"A-CO-{i}", parent=w.battalion_a, kind="unit", echelon="company"
        ),
        form=lambda w: {
            "nation": w.nation_a.pk,
            "parent": w.brigade_a.pk,
            "kind": "unit",
            "echelon": "battalion",
            "code": "A-BN-NEW",
            "name_en": "New battalion",
            "name_ar": "كتيبة",
            "name_tr": "Tabur",
            "is_active": "on",
        },
        api_payload=lambda w: {
            "nation_id": w.nation_a.pk,
            "parent_id": w.brigade_a.pk,
            "kind": "unit",
            "echelon": "battalion",
            "code": "A-BN-API",
            "name_en": "API battalion",
        },
        change=("name_en", "Renamed unit"),
        writer="administrator_a",  # managers create and change organisations; deleting one is for administrators
    )
)

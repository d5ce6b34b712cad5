from tadrib.accounts.models import Membership
from tadrib.accounts.services import save_membership
from tadrib.core import testing
from tadrib.core.choices import Role
from tadrib.core.testing import AccessCase, register

register(
    AccessCase(
        model=Membership,
        api_prefix="/api/memberships",
        make=lambda w, i: save_membership(
            Membership(
                user=testing.user(f"member{i}"), organisation=w.battalion_a, role=Role.VIEWER
            ),
            actor=None,
        ),
        form=lambda w: {"user": "viewer_a", "organisation": w.brigade_a.pk, "role": Role.INSPECTOR},
        api_payload=lambda w: {
            "user_id": w.viewer_a.pk,
            "organisation_id": w.battalion_a.pk,
            "role": Role.INSTRUCTOR,
        },
        change=("role", Role.REGISTRAR),
        writer="administrator_a",
    )
)

"""Test support shared by every app: factories, a small two-nation world, and
the registry of the generic access test (NetBox style).

Each app lists its models in ``<app>/tests/access_cases.py`` by calling
``register(AccessCase(...))``; ``core/tests/test_generic_access.py`` then checks
every list, detail, create, edit and delete view and API endpoint of every
registered model for the anonymous user, a user of another nation, a viewer and
a permitted writer, and pins the query count of every list.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import models
from django.test import Client

from tadrib.accounts.models import Membership, User
from tadrib.accounts.services import create_user, save_membership
from tadrib.core.choices import Role
from tadrib.organisations.models import Nation, Organisation
from tadrib.organisations.services import save_nation, save_organisation
from tadrib.people.models import Person, Rank
from tadrib.people.services import save_person, save_rank

_counter = itertools.count(1)


def nation(iso: str, role: str = "partner") -> Nation:
    found = Nation.objects.filter(iso_code=iso).first()
    return found or save_nation(
        Nation(iso_code=iso, name_en=f"Nation {iso}", role=role), actor=None
    )


def organisation(
    nation_: Nation,
    code: str,
    *,
    parent: Organisation | None = None,
    kind: str = "unit",
    echelon: str = "",
) -> Organisation:
    return save_organisation(
        Organisation(
            nation=nation_,
            parent=parent,
            kind=kind,
            echelon=echelon,
            code=code,
            name_en=f"Org {code}",
            name_ar=f"منظمة {code}",
            name_tr=f"Kurum {code}",
        ),
        actor=None,
    )


def rank(nation_: Nation, code: str = "LT", nato_code: str = "OF-1") -> Rank:
    found = Rank.objects.filter(nation=nation_, code=code).first()
    return found or save_rank(
        Rank(nation=nation_, code=code, name_en=code, nato_code=nato_code), actor=None
    )


def person(unit: Organisation, *, service_number: str | None = None, **fields: Any) -> Person:
    n = next(_counter)
    values: dict[str, Any] = {
        "nation": unit.nation,
        "service_number": service_number or f"SN-{n:06d}",
        "given_names": "أحمد",
        "family_name": f"الحسن{n}",
        "given_names_latin": "Ahmad",
        "family_name_latin": f"al-Hasan{n}",
        "category": "officer",
        "unit": unit,
    }
    values.update(fields)
    return save_person(Person(**values), actor=None)


def user(username: str, *memberships: tuple[Organisation, str], superuser: bool = False) -> User:
    created = create_user(username, password="pw-" + username, actor=None, is_superuser=superuser)
    for org, role in memberships:
        save_membership(Membership(user=created, organisation=org, role=role), actor=None)
    return created


@dataclass
class World:
    """Two nations. A (partner): ministry → directorate → brigade → battalion.
    B (host): ministry → academy."""

    nation_a: Nation
    nation_b: Nation
    ministry_a: Organisation
    directorate_a: Organisation
    brigade_a: Organisation
    battalion_a: Organisation
    ministry_b: Organisation
    academy_b: Organisation
    admin: User
    manager_a: User
    viewer_a: User
    registrar_a: User
    manager_b: User
    brigade_manager_a: User
    administrator_a: User
    extra: dict[str, Any] = field(default_factory=dict)


def build_world() -> World:
    a = nation("SY", "partner")
    b = nation("TR", "host")
    ministry_a = organisation(a, "A-MOD", kind="ministry")
    directorate_a = organisation(a, "A-TRD", parent=ministry_a, kind="directorate")
    brigade_a = organisation(a, "A-BDE", parent=ministry_a, kind="unit", echelon="brigade")
    battalion_a = organisation(a, "A-BN", parent=brigade_a, kind="unit", echelon="battalion")
    ministry_b = organisation(b, "B-MND", kind="ministry")
    academy_b = organisation(b, "B-ACAD", parent=ministry_b, kind="academy")
    return World(
        nation_a=a,
        nation_b=b,
        ministry_a=ministry_a,
        directorate_a=directorate_a,
        brigade_a=brigade_a,
        battalion_a=battalion_a,
        ministry_b=ministry_b,
        academy_b=academy_b,
        admin=user("admin", superuser=True),
        manager_a=user("manager_a", (ministry_a, Role.MANAGER)),
        viewer_a=user("viewer_a", (ministry_a, Role.VIEWER)),
        registrar_a=user("registrar_a", (directorate_a, Role.REGISTRAR)),
        manager_b=user("manager_b", (ministry_b, Role.MANAGER)),
        brigade_manager_a=user("brigade_manager_a", (brigade_a, Role.MANAGER)),
        administrator_a=user("administrator_a", (ministry_a, Role.ADMINISTRATOR)),
    )


@dataclass
class AccessCase:
    """How the generic access test exercises one model.

    ``make(world, i)`` stores the i-th record owned by nation A (under
    ``world.battalion_a`` where the model is scoped). ``form(world)`` and
    ``api_payload(world)`` describe a valid new record; ``change`` is a field
    and a new value valid for both the form and the API. ``append_only``:
    records are never changed or deleted, so the test checks instead that no
    edit or delete page or endpoint exists and the record stays.
    """

    model: type[models.Model]
    api_prefix: str
    make: Callable[[World, int], models.Model]
    form: Callable[[World], dict[str, Any]]
    api_payload: Callable[[World], dict[str, Any]]
    change: tuple[str, Any]
    reference: bool = False
    writer: str = "manager_a"
    # The API creates this record from a multipart upload (a document with its
    # file) rather than a JSON body.
    api_multipart: bool = False
    append_only: bool = False

    @property
    def label(self) -> str:
        return self.model._meta.label


REGISTRY: list[AccessCase] = []


def register(case: AccessCase) -> AccessCase:
    REGISTRY.append(case)
    return case


def load_access_cases() -> list[AccessCase]:
    """Import every app's ``tests/access_cases.py`` (once) and return the registry."""
    import importlib

    from django.apps import apps

    for app in apps.get_app_configs():
        if app.name.startswith("tadrib."):
            try:
                importlib.import_module(f"{app.name}.tests.access_cases")
            except ModuleNotFoundError as error:
                if error.name not in (f"{app.name}.tests", f"{app.name}.tests.access_cases"):
                    raise
    return REGISTRY


def client_for(user: Any) -> Client:
    """A test client signed in as ``user`` (``None``: anonymous)."""
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def post_json(client: Client, path: str, body: Any) -> Any:
    return client.post(path, data=json.dumps(body), content_type="application/json")


def stored_files() -> list[Path]:
    """Every file under the private media directory (uploaded documents)."""
    root = Path(settings.PRIVATE_MEDIA_ROOT)
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []

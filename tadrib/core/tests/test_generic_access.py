"""The generic access test: every registered model, every view and endpoint,
four kinds of user. See tadrib/core/testing.py."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.apps import apps
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tadrib.core.models import AuditEntry
from tadrib.core.testing import AccessCase, World, client_for, load_access_cases

CASES = {case.label: case for case in load_access_cases()}
pytestmark = pytest.mark.django_db


def cases(*, scoped_only: bool = False, append_only: bool | None = None) -> Any:
    """The registered cases (only scoped ones; only append-only ones or only
    the others)."""
    chosen = {
        k: c
        for k, c in CASES.items()
        if not (scoped_only and c.reference)
        and (append_only is None or c.append_only == append_only)
    }
    return pytest.mark.parametrize("case", list(chosen.values()), ids=list(chosen))


def url(case: AccessCase, suffix: str, *args: Any) -> str:
    meta = case.model._meta
    if case.append_only and suffix in ("_edit", "_delete"):
        # Never declared: the path such a page would have.
        return reverse(f"{meta.app_label}:{meta.model_name}", args=args) + f"{suffix[1:]}/"
    return reverse(f"{meta.app_label}:{meta.model_name}{suffix}", args=args)


def refused_write(case: AccessCase, usual: int) -> set[int]:
    """What an attempt to change or delete a record answers: ``usual``; for an
    append-only model, which has no such page or endpoint, 404 or 405 to
    anyone."""
    return {404, 405} if case.append_only else {usual}


def api(client: Client, method: str, path: str, body: Any = None) -> Any:
    return getattr(client, method)(
        path, data=json.dumps(body) if body is not None else None, content_type="application/json"
    )


def api_create(client: Client, case: AccessCase, payload: dict[str, Any]) -> Any:
    if case.api_multipart:
        return client.post(case.api_prefix, data=payload)
    return api(client, "post", case.api_prefix, payload)


def test_every_model_is_registered() -> None:
    """A new model without an access case fails here."""
    exempt = {"core.AuditEntry", "core.AuditHead", "accounts.User", "accounts.ApiToken"}
    models = {m._meta.label for m in apps.get_models() if m.__module__.startswith("tadrib.")}
    assert models - exempt - set(CASES) == set()


@cases()
def test_anonymous_is_refused_everywhere(case: AccessCase, world: World) -> None:
    obj = case.make(world, 0)
    client = Client()
    for path in (url(case, "_list"), url(case, "", obj.pk), url(case, "_add")):
        response = client.get(path)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"], path
    for path in (url(case, "_edit", obj.pk), url(case, "_delete", obj.pk)):
        response = client.get(path)
        if case.append_only:
            assert response.status_code in refused_write(case, 302), path
        else:
            assert response.status_code == 302 and "/accounts/login/" in response["Location"], path
    assert client.post(url(case, "_delete", obj.pk)).status_code in refused_write(case, 302)
    assert case.model.objects.filter(pk=obj.pk).exists()
    assert api(client, "get", case.api_prefix).status_code == 401
    assert api(client, "get", f"{case.api_prefix}/{obj.pk}").status_code == 401
    assert api_create(client, case, case.api_payload(world)).status_code == 401
    response = api(client, "delete", f"{case.api_prefix}/{obj.pk}")
    assert response.status_code in refused_write(case, 401)


@cases()
def test_user_of_another_nation_gets_404(case: AccessCase, world: World) -> None:
    obj = case.make(world, 0)
    client = client_for(world.manager_b)
    if case.reference:
        # Reference data is read by all; only an instance administrator writes it.
        assert client.get(url(case, "", obj.pk)).status_code == 200
    else:
        assert client.get(url(case, "", obj.pk)).status_code == 404
        assert api(client, "get", f"{case.api_prefix}/{obj.pk}").status_code == 404
        listed = api(client, "get", f"{case.api_prefix}?limit=500").json()["items"]
        assert obj.pk not in {row["id"] for row in listed}
        assert str(obj.pk) not in [
            row
            for row in client.get(url(case, "_list") + "?export=csv").getvalue().decode().split()
        ]
    refused = refused_write(case, 404)
    assert client.get(url(case, "_edit", obj.pk)).status_code in refused
    assert client.post(url(case, "_edit", obj.pk), case.form(world)).status_code in refused
    assert client.post(url(case, "_delete", obj.pk)).status_code in refused
    field, value = case.change
    assert (
        api(client, "patch", f"{case.api_prefix}/{obj.pk}", {field: value}).status_code in refused
    )
    assert api(client, "delete", f"{case.api_prefix}/{obj.pk}").status_code in refused
    assert case.model.objects.filter(pk=obj.pk).exists()


@cases(scoped_only=True)
def test_user_of_another_organisation_of_the_same_nation_gets_404(
    case: AccessCase, world: World
) -> None:
    """The directorate's registrar (nation A) does not reach the battalion,
    which sits in another branch of the same tree."""
    obj = case.make(world, 0)
    client = client_for(world.registrar_a)
    refused = refused_write(case, 404)
    assert client.get(url(case, "", obj.pk)).status_code == 404
    assert client.get(url(case, "_edit", obj.pk)).status_code in refused
    assert client.post(url(case, "_delete", obj.pk)).status_code in refused
    assert api(client, "get", f"{case.api_prefix}/{obj.pk}").status_code == 404
    field, value = case.change
    assert (
        api(client, "patch", f"{case.api_prefix}/{obj.pk}", {field: value}).status_code in refused
    )
    assert api(client, "delete", f"{case.api_prefix}/{obj.pk}").status_code in refused
    listed = api(client, "get", f"{case.api_prefix}?limit=500")
    assert obj.pk not in {row["id"] for row in listed.json().get("items", [])}
    assert case.model.objects.filter(pk=obj.pk).exists()


@cases()
def test_viewer_reads_but_cannot_write(case: AccessCase, world: World) -> None:
    obj = case.make(world, 0)
    form, payload = case.form(world), case.api_payload(world)
    client = client_for(world.viewer_a)
    before = AuditEntry.objects.count()
    if (
        case.model._meta.label != "accounts.Membership"
    ):  # memberships: managers and administrators only
        assert client.get(url(case, "", obj.pk)).status_code == 200
        assert client.get(url(case, "_list")).status_code == 200
        assert api(client, "get", f"{case.api_prefix}/{obj.pk}").status_code == 200
    assert client.get(url(case, "_add")).status_code == 403
    assert client.post(url(case, "_add"), form).status_code == 403
    assert api_create(client, case, payload).status_code == 403
    refused = refused_write(case, 404)
    assert client.post(url(case, "_edit", obj.pk), form).status_code in refused
    assert client.post(url(case, "_delete", obj.pk)).status_code in refused
    field, value = case.change
    assert (
        api(client, "patch", f"{case.api_prefix}/{obj.pk}", {field: value}).status_code in refused
    )
    assert api(client, "delete", f"{case.api_prefix}/{obj.pk}").status_code in refused
    assert AuditEntry.objects.count() == before
    assert case.model.objects.filter(pk=obj.pk).exists()


@cases()
def test_permitted_user_creates_through_the_form(case: AccessCase, world: World) -> None:
    client = client_for(getattr(world, case.writer))
    form = case.form(world)  # first: making its parents may add records of the model
    count = case.model.objects.count()
    response = client.post(url(case, "_add"), form)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert case.model.objects.count() == count + 1
    created = case.model.objects.order_by("-pk").first()
    assert AuditEntry.objects.filter(
        object_type=case.model._meta.label_lower,
        object_id=str(created.pk),
        action__endswith=".created",
    ).exists()
    assert client.get(response["Location"]).status_code == 200


@cases(append_only=False)
def test_permitted_user_edits_and_deletes_through_the_form(case: AccessCase, world: World) -> None:
    obj = case.make(world, 0)
    client = client_for(getattr(world, case.writer))
    field, value = case.change
    response = client.post(url(case, "_edit", obj.pk), {**case.form(world), field: value})
    assert response.status_code == 302, response.content.decode()[:2000]
    obj.refresh_from_db()
    assert getattr(obj, field) == value
    history = client.get(url(case, "", obj.pk)).content.decode()
    assert ".changed" in history
    response = client.post(url(case, "_delete", obj.pk))
    assert response.status_code == 302
    assert not case.model.objects.filter(pk=obj.pk).exists()
    assert AuditEntry.objects.filter(object_id=str(obj.pk), action__endswith=".deleted").exists()


@cases(append_only=True)
def test_an_append_only_record_is_never_changed_or_deleted(case: AccessCase, world: World) -> None:
    """Not even by its writer: no edit or delete page (nor a button to one),
    and the record and its trail stay as they were."""
    obj = case.make(world, 0)
    client = client_for(getattr(world, case.writer))
    field, value = case.change
    edit, delete = url(case, "_edit", obj.pk), url(case, "_delete", obj.pk)
    page = client.get(url(case, "", obj.pk)).content.decode()
    assert f'href="{edit}"' not in page and f'href="{delete}"' not in page
    for path in (edit, delete):
        assert client.get(path).status_code in (404, 405), path
        assert client.post(path, {**case.form(world), field: value}).status_code in (404, 405)
    assert case.model.objects.filter(pk=obj.pk).exists()
    assert getattr(case.model.objects.get(pk=obj.pk), field) == getattr(obj, field)
    trail = AuditEntry.objects.filter(
        object_type=case.model._meta.label_lower, object_id=str(obj.pk)
    )
    assert not trail.exclude(action__endswith=".created").exists()


@cases()
def test_permitted_user_uses_the_api(case: AccessCase, world: World) -> None:
    client = client_for(getattr(world, case.writer))
    response = api_create(client, case, case.api_payload(world))
    assert response.status_code == 201, response.content
    pk = response.json()["id"]
    assert api(client, "get", f"{case.api_prefix}/{pk}").status_code == 200
    field, value = case.change
    if case.append_only:
        assert api(client, "patch", f"{case.api_prefix}/{pk}", {field: value}).status_code == 405
        assert api(client, "delete", f"{case.api_prefix}/{pk}").status_code == 405
        assert case.model.objects.filter(pk=pk).exists()
        return
    response = api(client, "patch", f"{case.api_prefix}/{pk}", {field: value})
    assert response.status_code == 200, response.content
    assert response.json()[field] == value
    assert api(client, "delete", f"{case.api_prefix}/{pk}").status_code == 204
    assert not case.model.objects.filter(pk=pk).exists()


def _queries(client: Client, path: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
        if hasattr(response, "streaming_content"):
            b"".join(response.streaming_content)
    assert response.status_code == 200, path
    return len(captured.captured_queries)


@cases()
def test_list_query_count_does_not_grow_with_rows(case: AccessCase, world: World) -> None:
    client = client_for(world.admin)
    for i in range(2):
        case.make(world, i)
    few = {
        "page": _queries(client, url(case, "_list")),
        "api": _queries(client, f"{case.api_prefix}?limit=100"),
        "csv": _queries(client, url(case, "_list") + "?export=csv"),
    }
    for i in range(2, 14):
        case.make(world, i)
    many = {
        "page": _queries(client, url(case, "_list")),
        "api": _queries(client, f"{case.api_prefix}?limit=100"),
        "csv": _queries(client, url(case, "_list") + "?export=csv"),
    }
    assert many == few
    assert max(many.values()) <= 12, many

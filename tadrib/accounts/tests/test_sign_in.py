from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.test import Client
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from tadrib import settings as project_settings
from tadrib.accounts.models import ApiToken, User
from tadrib.accounts.services import create_user
from tadrib.core.testing import World

pytestmark = pytest.mark.django_db


def sign_in(client: Client, username: str, password: str, **extra: str) -> object:
    return client.post("/accounts/login/", {"username": username, "password": password, **extra})


def code_for(device: TOTPDevice, steps_ahead: int = 0) -> str:
    """The device's current code (or the next one: a code is accepted once)."""
    value = totp(
        device.bin_key,
        step=device.step,
        t0=device.t0,
        digits=device.digits,
        drift=device.drift + steps_ahead,
    )
    return f"{value:06d}"


def test_passwords_are_hashed_with_argon2(settings) -> None:  # type: ignore[no-untyped-def]
    settings.PASSWORD_HASHERS = project_settings.PASSWORD_HASHERS
    assert project_settings.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")
    user = create_user("hashed", password="a-long-pass-phrase", actor=None)
    assert user.password.startswith("argon2$")
    assert user.check_password("a-long-pass-phrase")


def test_signing_in_with_a_password(world: World) -> None:
    client = Client()
    response = sign_in(client, "manager_a", "pw-manager_a")
    assert response.status_code == 302
    assert client.get("/people/").status_code == 200


def test_a_wrong_password_is_refused_without_saying_which_part_was_wrong(world: World) -> None:
    response = sign_in(Client(), "manager_a", "nope")
    assert response.status_code == 200
    assert "correct username and password" in response.content.decode()


def test_repeated_failures_lock_the_account_out_even_for_the_right_password(
    world: World, settings
) -> None:  # type: ignore[no-untyped-def]
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, "viewer_a", "wrong")
    response = sign_in(client, "viewer_a", "pw-viewer_a")
    assert response.status_code == 429
    assert 'id="locked-out"' in response.content.decode()
    assert client.get("/people/").status_code == 302  # still not signed in
    # Another account from the same address is not locked.
    assert sign_in(Client(), "manager_a", "pw-manager_a").status_code == 302


def test_two_step_sign_in_with_totp(world: World, settings) -> None:  # type: ignore[no-untyped-def]
    settings.OTP_TOTP_THROTTLE_FACTOR = (
        0  # django-otp slows retries after a failure; not under test here
    )
    client = Client()
    client.force_login(world.manager_a)
    client.post("/accounts/profile/two-factor/start/")
    device = TOTPDevice.objects.get(user=world.manager_a)
    assert not device.confirmed
    assert client.get("/accounts/profile/").context["secret"]
    client.post(
        "/accounts/profile/two-factor/confirm/",
        {"token": "000000" if code_for(device) != "000000" else "111111"},
    )
    device.refresh_from_db()
    assert not device.confirmed  # a wrong code does not turn it on
    client.post("/accounts/profile/two-factor/confirm/", {"token": code_for(device)})
    device.refresh_from_db()
    assert device.confirmed
    client.post("/accounts/logout/")

    fresh = Client()
    response = sign_in(fresh, "manager_a", "pw-manager_a")
    assert response["Location"] == "/accounts/login/code/"
    assert fresh.get("/people/").status_code == 302  # not in yet
    response = fresh.post("/accounts/login/code/", {"token": "12345"})
    assert response.status_code == 200 and "token" in response.context["form"].errors
    device.refresh_from_db()
    response = fresh.post("/accounts/login/code/", {"token": code_for(device)})
    assert response.status_code == 200  # the code that confirmed the device cannot be replayed
    response = fresh.post("/accounts/login/code/", {"token": code_for(device, steps_ahead=1)})
    assert response.status_code == 302
    assert fresh.get("/people/").status_code == 200


def test_too_many_wrong_codes_end_the_attempt(world: World) -> None:
    TOTPDevice.objects.create(user=world.viewer_a, name="default", confirmed=True)
    client = Client()
    sign_in(client, "viewer_a", "pw-viewer_a")
    for _ in range(5):
        response = client.post("/accounts/login/code/", {"token": "999999x"})
    assert response["Location"] == "/accounts/login/"
    assert client.get("/accounts/login/code/")["Location"] == "/accounts/login/"


def test_api_tokens_from_the_command_line(world: World) -> None:
    out = io.StringIO()
    call_command("token", "create", "registrar_a", stdout=out)
    raw = out.getvalue().strip()
    assert raw.startswith("tdb_")
    token = ApiToken.objects.get(user=world.registrar_a)
    assert raw not in (token.key_hash, token.prefix)  # only a hash is stored
    client = Client()
    response = client.get("/api/me", HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert response.status_code == 200
    assert response.json()["username"] == "registrar_a"
    assert response.json()["memberships"][0]["role"] == "registrar"
    assert client.get("/api/me", HTTP_AUTHORIZATION="Bearer tdb_wrong").status_code == 401
    User.objects.filter(pk=world.registrar_a.pk).update(is_active=False)
    assert client.get("/api/me", HTTP_AUTHORIZATION=f"Bearer {raw}").status_code == 401


def test_token_create_refuses_an_unknown_user(world: World) -> None:
    from django.core.management import CommandError

    with pytest.raises(CommandError, match="nobody"):
        call_command("token", "create", "nobody")


def test_a_bearer_token_sees_only_what_its_user_may(world: World) -> None:
    from tadrib.core import testing

    testing.person(world.battalion_a)
    out = io.StringIO()
    call_command("token", "create", "manager_b", stdout=out)
    response = Client().get("/api/people", HTTP_AUTHORIZATION=f"Bearer {out.getvalue().strip()}")
    assert response.status_code == 200
    assert response.json()["count"] == 0


def test_language_and_calendar_preferences(world: World) -> None:
    client = Client()
    client.force_login(world.viewer_a)
    response = client.post("/accounts/preferences/", {"language": "ar", "next": "/people/"})
    assert response["Location"] == "/people/"
    world.viewer_a.refresh_from_db()
    assert world.viewer_a.language == "ar"
    page = client.get("/people/").content.decode()
    assert '<html lang="ar" dir="rtl">' in page
    assert "bootstrap.rtl.min.css" in page
    client.post("/accounts/preferences/", {"language": "tr", "calendar": "umm_al_qura"})
    world.viewer_a.refresh_from_db()
    assert (world.viewer_a.language, world.viewer_a.calendar) == ("tr", "umm_al_qura")
    page = client.get("/").content.decode()
    assert '<html lang="tr" dir="ltr">' in page


def test_preferences_refuse_an_offsite_redirect(world: World) -> None:
    client = Client()
    client.force_login(world.viewer_a)
    response = client.post(
        "/accounts/preferences/", {"language": "en", "next": "https://evil.example/"}
    )
    assert response["Location"] == "/"


def test_user_create_from_the_command_line(world: World, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from django.core.management import CommandError

    from tadrib.accounts.models import Membership

    monkeypatch.setattr("sys.stdin", io.StringIO("a-long-password\n"))
    call_command(
        "user",
        "create",
        "new.registrar",
        "--membership",
        "A-TRD:registrar",
        "--password-stdin",
        stdout=io.StringIO(),
    )
    user = User.objects.get(username="new.registrar")
    assert user.check_password("a-long-password")
    assert list(Membership.objects.filter(user=user).values_list("organisation__code", "role")) == [
        ("A-TRD", "registrar")
    ]
    with pytest.raises(CommandError, match="Unknown role"):
        call_command("user", "create", "x", "--membership", "A-TRD:general", "--password-stdin")
    monkeypatch.setattr("sys.stdin", io.StringIO("a-long-password\n"))
    with pytest.raises(CommandError, match="already exists"):
        call_command("user", "create", "new.registrar", "--password-stdin")
    assert User.objects.filter(username="x").count() == 0


def test_the_membership_form_lists_only_users_within_reach(world: World) -> None:
    from tadrib.core import testing

    testing.user("newcomer")
    client = Client()
    client.force_login(world.administrator_a)
    offered = {
        u.username
        for u in client.get("/accounts/memberships/add/").context["form"].fields["user"].queryset
    }
    assert {"viewer_a", "registrar_a", "newcomer"} <= offered
    assert "manager_b" not in offered  # another nation's staff
    response = client.post(
        "/accounts/memberships/add/",
        {"user": "manager_b", "organisation": world.brigade_a.pk, "role": "viewer"},
    )
    assert "user" in response.context["form"].errors


def test_a_revoked_token_stops_working(world: World) -> None:
    out = io.StringIO()
    call_command("token", "create", "viewer_a", stdout=out)
    raw = out.getvalue().strip()
    client = Client()
    assert client.get("/api/me", HTTP_AUTHORIZATION=f"Bearer {raw}").status_code == 200
    listing = io.StringIO()
    call_command("token", "list", "viewer_a", stdout=listing)
    assert raw[:10] in listing.getvalue() and "active" in listing.getvalue()
    call_command("token", "revoke", raw[:10], stdout=io.StringIO())
    assert client.get("/api/me", HTTP_AUTHORIZATION=f"Bearer {raw}").status_code == 401
    from django.core.management import CommandError

    with pytest.raises(CommandError, match="No active token"):
        call_command("token", "revoke", raw[:10])

"""Sign-in (password, then a TOTP code for users who enrolled one), the second
factor's enrolment, and the user's language and calendar."""

from __future__ import annotations

import base64
from typing import Any

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.mixins import LoginRequiredMixin
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render, resolve_url
from django.urls import reverse
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views import View
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from tadrib.accounts import services
from tadrib.accounts.forms import PreferencesForm, SecondFactorForm
from tadrib.accounts.models import User
from tadrib.accounts.selectors import own_memberships
from tadrib.core import audit

PENDING_USER = "tadrib_pending_user"
PENDING_BACKEND = "tadrib_pending_backend"
PENDING_NEXT = "tadrib_pending_next"
PENDING_TRIES = "tadrib_pending_tries"
MAX_CODE_TRIES = 5


def safe_next(request: HttpRequest, target: str | None) -> str:
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return resolve_url(settings.LOGIN_REDIRECT_URL)


def _finish_login(request: HttpRequest, user: User, backend: str, target: str) -> HttpResponse:
    login(request, user, backend=backend)
    translation.activate(user.language)
    response = HttpResponseRedirect(target)
    response.set_cookie(settings.LANGUAGE_COOKIE_NAME, user.language, samesite="Lax")
    return response


def confirmed_device(user: User) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


class SignInView(View):
    template_name = "accounts/login.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            return HttpResponseRedirect(safe_next(request, request.GET.get("next")))
        form = AuthenticationForm(request)
        return render(
            request, self.template_name, {"form": form, "next": request.GET.get("next", "")}
        )

    def post(self, request: HttpRequest) -> HttpResponse:
        form = AuthenticationForm(request, data=request.POST)
        target = safe_next(request, request.POST.get("next"))
        if not form.is_valid():
            return render(
                request, self.template_name, {"form": form, "next": request.POST.get("next", "")}
            )
        user: Any = form.get_user()
        if confirmed_device(user) is not None:
            request.session[PENDING_USER] = user.pk
            request.session[PENDING_BACKEND] = user.backend
            request.session[PENDING_NEXT] = target
            request.session[PENDING_TRIES] = 0
            return HttpResponseRedirect(reverse("accounts:second_factor"))
        return _finish_login(request, user, user.backend, target)


class SecondFactorView(View):
    template_name = "accounts/second_factor.html"

    def pending_user(self, request: HttpRequest) -> User | None:
        pk = request.session.get(PENDING_USER)
        return User.objects.filter(pk=pk, is_active=True).first() if pk else None

    def get(self, request: HttpRequest) -> HttpResponse:
        if self.pending_user(request) is None:
            return HttpResponseRedirect(reverse("accounts:login"))
        return render(request, self.template_name, {"form": SecondFactorForm()})

    def post(self, request: HttpRequest) -> HttpResponse:
        user = self.pending_user(request)
        if user is None:
            return HttpResponseRedirect(reverse("accounts:login"))
        form = SecondFactorForm(request.POST)
        device = confirmed_device(user)
        if (
            form.is_valid()
            and device is not None
            and device.verify_token(form.cleaned_data["token"])
        ):
            backend = request.session.pop(PENDING_BACKEND)
            target = request.session.pop(PENDING_NEXT, None) or safe_next(request, None)
            request.session.pop(PENDING_USER, None)
            response = _finish_login(request, user, backend, target)
            otp_login(request, device)
            return response
        tries = request.session.get(PENDING_TRIES, 0) + 1
        request.session[PENDING_TRIES] = tries
        if tries >= MAX_CODE_TRIES:
            request.session.flush()
            messages.error(request, _("Too many wrong codes. Sign in again."))
            return HttpResponseRedirect(reverse("accounts:login"))
        form.add_error(
            "token", _("This code is not valid. Check your device's clock and try again.")
        )
        return render(request, self.template_name, {"form": form})


class SignOutView(View):
    def post(self, request: HttpRequest) -> HttpResponse:
        logout(request)
        return HttpResponseRedirect(reverse("accounts:login"))


class PreferencesView(View):
    """Language and calendar: stored on the user when signed in, and in a
    cookie so the sign-in page follows too."""

    def post(self, request: HttpRequest) -> HttpResponse:
        form = PreferencesForm(request.POST)
        form.is_valid()
        data = form.cleaned_data
        target = safe_next(request, data.get("next") or request.META.get("HTTP_REFERER"))
        language = data.get("language") or None
        if request.user.is_authenticated:
            services.set_preferences(
                request.user, language=language, calendar=data.get("calendar") or None
            )  # type: ignore[arg-type]
        response = HttpResponseRedirect(target)
        if language:
            response.set_cookie(settings.LANGUAGE_COOKIE_NAME, language, samesite="Lax")
        return response


class ProfileView(LoginRequiredMixin, View):
    template_name = "accounts/profile.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        user: Any = request.user
        device = TOTPDevice.objects.filter(user=user).first()
        context: dict[str, Any] = {
            "memberships": own_memberships(user),
            "device": device,
            "form": SecondFactorForm(),
            "tokens": user.api_tokens.filter(revoked_at__isnull=True),
        }
        if device is not None and not device.confirmed:
            image = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathImage)
            context["qr_svg"] = mark_safe(image.to_string(encoding="unicode"))
            context["secret"] = base64.b32encode(device.bin_key).decode()
        return render(request, self.template_name, context)


class TwoFactorView(LoginRequiredMixin, View):
    """start: create an unconfirmed device; confirm: check a code; remove: with a code."""

    def post(self, request: HttpRequest, step: str) -> HttpResponse:
        user: Any = request.user
        device = TOTPDevice.objects.filter(user=user).first()
        with transaction.atomic():
            if step == "start" and device is None:
                device = TOTPDevice.objects.create(user=user, name="default", confirmed=False)
                audit.record(user, "user.second_factor_started", user)
            elif step in ("confirm", "remove") and device is not None:
                form = SecondFactorForm(request.POST)
                if not (form.is_valid() and device.verify_token(form.cleaned_data["token"])):
                    messages.error(
                        request,
                        _("This code is not valid. Check your device's clock and try again."),
                    )
                elif step == "confirm":
                    device.confirmed = True
                    device.save(update_fields=["confirmed"])
                    audit.record(user, "user.second_factor_enabled", user)
                    messages.success(request, _("Two-step sign-in is on."))
                else:
                    device.delete()
                    audit.record(user, "user.second_factor_removed", user)
                    messages.success(request, _("Two-step sign-in is off."))
        return HttpResponseRedirect(reverse("accounts:profile"))

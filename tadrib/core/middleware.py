from __future__ import annotations

import re
import uuid
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils import translation

from tadrib.core import audit, calendars

_SAFE_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")


class RequestIdMiddleware:
    """Gives every request an id (or keeps a sane one sent by a proxy), so audit
    entries of one request can be found together."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        incoming = request.headers.get("X-Request-ID", "")
        request_id = incoming if _SAFE_REQUEST_ID.match(incoming) else uuid.uuid4().hex
        request.request_id = request_id  # type: ignore[attr-defined]
        token = audit.request_id_var.set(request_id)
        try:
            response = self.get_response(request)
        finally:
            audit.request_id_var.reset(token)
        response["X-Request-ID"] = request_id
        return response


class PreferencesMiddleware:
    """Applies a signed-in user's saved language and calendar."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        calendar = calendars.DEFAULT
        if user is not None and user.is_authenticated:
            calendar = user.calendar or calendars.DEFAULT
            explicit = "HTTP_ACCEPT_LANGUAGE" in request.META and request.path.startswith("/api/")
            if user.language and not explicit:
                translation.activate(user.language)
                request.LANGUAGE_CODE = translation.get_language()
        token = calendars.calendar_var.set(calendar)
        try:
            return self.get_response(request)
        finally:
            calendars.calendar_var.reset(token)

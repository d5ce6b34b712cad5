"""Generic, scoped JSON API endpoints, reused by every app.

``crud()`` adds list, read, create, change and delete endpoints for one model
to a router. The list takes the model's django-filter ``FilterSet`` (the one
the UI list uses) as query parameters. Access goes through the same selectors
and services as the UI, so a record outside the caller's reach is a 404 here
as there.
"""

import datetime as dt
from collections.abc import Callable
from typing import Annotated, Any, Literal

import django_filters
from django.core.exceptions import (
    NON_FIELD_ERRORS,
    PermissionDenied,
    RequestDataTooBig,
    ValidationError,
)
from django.db import models
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import File, Form, NinjaAPI, Query, Router, Schema, Status, UploadedFile
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.pagination import LimitOffsetPagination, paginate
from ninja.security import HttpBearer, django_auth
from pydantic import Field, create_model
from pydantic.fields import FieldInfo

from tadrib.core import access
from tadrib.core.choices import Action


class BearerTokenAuth(HttpBearer):
    """``Authorization: Bearer <token>``, for tokens from ``tadrib token create``."""

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        from tadrib.accounts.models import ApiToken, hash_token

        found = (
            ApiToken.objects.select_related("user")
            .filter(key_hash=hash_token(token), revoked_at__isnull=True, user__is_active=True)
            .first()
        )
        if found is None:
            return None
        now = timezone.now()
        if found.last_used_at is None or now - found.last_used_at > dt.timedelta(minutes=5):
            ApiToken.objects.filter(pk=found.pk).update(last_used_at=now)
        request.user = found.user
        return found.user


AUTH = [BearerTokenAuth(), django_auth]


class ErrorOut(Schema):
    detail: Any


class InvalidQuery(Exception):
    """A list's filters did not validate; reported per query parameter."""

    def __init__(self, errors: dict[str, list[str]]) -> None:
        super().__init__(errors)
        self.errors = errors


# Error responses every operation may give, documented in the spec.
ERRORS: dict[int, Any] = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}


def responses(status: int, schema: Any, *codes: int) -> dict[int, Any]:
    return {status: schema, **{code: ERRORS[code] for code in (401, *codes)}}


class Pagination(LimitOffsetPagination):
    """``limit`` (1–500, default 50) and ``offset``, both bounded so that no
    value reaches the database as an overflow."""

    class Input(Schema):
        limit: int = Field(50, ge=1, le=500)
        offset: int = Field(0, ge=0, le=2_000_000_000)

    # Called with the page's records before they are serialised, so that
    # values computed from other records are fetched once per page.
    prepare: Callable[[list[Any]], None] | None = None

    def paginate_queryset(
        self, queryset: QuerySet, pagination: Any, request: HttpRequest, **params: Any
    ) -> Any:
        page = super().paginate_queryset(queryset, pagination, request, **params)
        if self.prepare is not None:
            items = list(page[self.items_attribute])
            self.prepare(items)
            page[self.items_attribute] = items
        return page


def current_user(request: HttpRequest) -> Any:
    return request.user


def _message_for(error: dict[str, Any]) -> str:
    kind = str(error.get("type", ""))
    messages = {
        "missing": _("This field is required."),
        "json_invalid": _("The request body is not valid JSON."),
        "int_parsing": _("Enter a whole number."),
        "int_type": _("Enter a whole number."),
        "string_type": _("Enter text."),
        "date_from_datetime_parsing": _("Enter a valid date (YYYY-MM-DD)."),
        "date_parsing": _("Enter a valid date (YYYY-MM-DD)."),
        "date_type": _("Enter a valid date (YYYY-MM-DD)."),
        "bool_parsing": _("Enter true or false."),
        "extra_forbidden": _("This field is not accepted here."),
        "string_too_long": _("This value is too long."),
        "enum": _("Choose one of the allowed values."),
        "literal_error": _("Choose one of the allowed values."),
        "model_attributes_type": _("The request body must be a JSON object."),
        "dict_type": _("The request body must be a JSON object."),
    }
    return messages.get(kind, _("This value is not valid."))


def _field_location(loc: list[Any]) -> list[Any]:
    # ninja reports ["body", "payload", "field"]; callers want ["body", "field"].
    return [part for part in loc if part != "payload"]


def install_error_handlers(api: NinjaAPI) -> None:
    """Every error the API returns is translated and names the field."""

    @api.exception_handler(NinjaValidationError)
    def invalid_request(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
        detail = [
            {
                "loc": _field_location(list(error.get("loc", []))),
                "msg": _message_for(error),
                "type": error.get("type", "invalid"),
            }
            for error in exc.errors
        ]
        return api.create_response(request, {"detail": detail}, status=422)

    @api.exception_handler(HttpError)
    def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        if exc.status_code == 400 and "parse request body" in str(exc):
            detail: Any = [
                {
                    "loc": ["body"],
                    "msg": _("The request body is not valid JSON."),
                    "type": "json_invalid",
                }
            ]
        else:
            detail = str(exc)
        return api.create_response(request, {"detail": detail}, status=exc.status_code)

    @api.exception_handler(InvalidQuery)
    def invalid_query(request: HttpRequest, exc: InvalidQuery) -> HttpResponse:
        detail = [
            {"loc": ["query", name], "msg": message, "type": "invalid"}
            for name, messages in exc.errors.items()
            for message in messages
        ]
        return api.create_response(request, {"detail": detail}, status=422)

    @api.exception_handler(ValidationError)
    def invalid_record(request: HttpRequest, exc: ValidationError) -> HttpResponse:
        return api.create_response(request, {"detail": validation_detail(exc)}, status=422)

    @api.exception_handler(RequestDataTooBig)
    def too_big(request: HttpRequest, exc: RequestDataTooBig) -> HttpResponse:
        return api.create_response(
            request,
            {"detail": _("The request is too large; send it in smaller parts.")},
            status=400,
        )

    @api.exception_handler(Http404)
    def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
        return api.create_response(request, {"detail": _("Not found.")}, status=404)

    @api.exception_handler(PermissionDenied)
    def forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
        message = str(exc) or _("You may not do this.")
        return api.create_response(request, {"detail": message}, status=403)

    @api.exception_handler(AuthenticationError)
    def unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        return api.create_response(
            request, {"detail": _("Sign in, or send a valid API token.")}, status=401
        )


def validation_detail(
    exc: ValidationError, field_names: set[str] | None = None
) -> list[dict[str, Any]]:
    detail = []
    error_dict = (
        exc.error_dict if hasattr(exc, "error_dict") else {NON_FIELD_ERRORS: exc.error_list}
    )
    for field, errors in error_dict.items():
        loc: list[Any] = ["body"] if field == NON_FIELD_ERRORS else ["body", field]
        for error in errors:
            for message in error.messages:
                detail.append({"loc": loc, "msg": message, "type": error.code or "invalid"})
    return detail


def _api_field_errors(exc: ValidationError, payload_fields: set[str]) -> ValidationError:
    """Report ``unit`` as ``unit_id`` when that is what the caller sent."""
    if not hasattr(exc, "error_dict"):
        return exc
    renamed = {
        (f"{field}_id" if f"{field}_id" in payload_fields else field): errors
        for field, errors in exc.error_dict.items()
    }
    return ValidationError(renamed)


# An id as the database can hold it: larger numbers are refused before any query.
RecordId = Annotated[int, Field(ge=0, le=2**63 - 1)]


def _filter_type(definition: django_filters.Filter) -> Any:
    """The OpenAPI type of one filter, so that the spec says what it accepts."""
    if isinstance(definition, django_filters.ModelChoiceFilter):
        return RecordId  # the primary key (ModelChoiceFilter is also a ChoiceFilter)
    if isinstance(definition, django_filters.ChoiceFilter):
        values = tuple(str(value) for value, _label in definition.extra.get("choices", ()))
        return Literal[values] if values else str  # type: ignore[valid-type]
    if isinstance(definition, django_filters.BooleanFilter):
        return bool
    if isinstance(definition, django_filters.DateFilter):
        return dt.date
    if isinstance(definition, django_filters.NumberFilter):
        return RecordId
    # Text: leave the parameter out rather than send it empty.
    return Annotated[str, Field(min_length=1, max_length=200)]


def filter_schema(filterset: type, name: str) -> type[Schema]:
    """Query parameters of the API list: the FilterSet's filters, all optional."""
    fields: dict[str, Any] = {
        filter_name: (_filter_type(definition) | None, None)
        for filter_name, definition in filterset.base_filters.items()  # type: ignore[attr-defined]
    }
    return create_model(name, __base__=Schema, **fields)


def model_values(model: type[models.Model], data: dict[str, Any]) -> dict[str, Any]:
    """A request body as model values: ``null`` for optional text is the empty
    string; ``null`` for anything that cannot be empty is refused, naming it."""
    values = {}
    for field, value in data.items():
        model_field: Any = model._meta.get_field(field.removesuffix("_id"))
        if value is None and not model_field.null:
            if not (model_field.blank and isinstance(model_field, models.CharField)):
                raise ValidationError({field: _("This field cannot be empty.")})
            value = ""
        values[field] = value
    return values


def patch_schema(schema: type[Schema], *, exclude: tuple[str, ...] = ()) -> type[Schema]:
    """The PATCH body of a create schema: the same fields and constraints, each
    optional; ``exclude`` lists the fields a change may not touch."""
    fields: dict[str, Any] = {}
    for name, info in schema.model_fields.items():
        if name in exclude:
            continue
        annotation: Any = info.annotation
        fields[name] = (annotation | None, FieldInfo.merge_field_infos(info, default=None))
    return create_model(f"{schema.__name__.removesuffix('In')}Patch", __base__=Schema, **fields)


def crud(
    router: Router,
    *,
    model: type[models.Model],
    prefix: str,
    out_schema: type[Schema],
    create_schema: type[Schema] | None,
    update_schema: type[Schema] | None,
    filterset: type,
    selector: Callable[[Any, str], QuerySet],
    save: Callable[..., Any],
    delete: Callable[..., Any] | None,
    prepare_page: Callable[[list[Any]], None] | None = None,
) -> None:
    """``create_schema=None``: the model is created some other way (see
    ``documents()``). ``update_schema=None`` and ``delete=None``: records are
    never changed or deleted (append-only), so there is no PATCH or DELETE.
    ``prepare_page(records)`` runs on each list page before it is serialised
    (to compute, in one go, what the schema shows per row)."""
    name = model._meta.model_name
    page_class = (
        type(f"{model.__name__}Pagination", (Pagination,), {"prepare": staticmethod(prepare_page)})
        if prepare_page is not None
        else Pagination
    )
    label = str(model._meta.verbose_name)
    filters_schema = filter_schema(filterset, f"{model.__name__}Filters")

    def fetch(request: HttpRequest, pk: int, action: str) -> Any:
        return fetch_scoped(selector, request, pk, action)

    def reload(request: HttpRequest, obj: Any) -> Any:
        return reload_scoped(selector, request, obj)

    @router.get(
        f"/{prefix}",
        response=responses(200, list[out_schema], 422),  # type: ignore[valid-type]
        operation_id=f"list_{name}",
        summary=f"List {model._meta.verbose_name_plural}",
    )
    @paginate(page_class)
    def list_records(request: HttpRequest, filters: Query[filters_schema]) -> QuerySet:  # type: ignore[valid-type]
        repeated = {
            name: [_("Give this parameter once.")]
            for name in filterset.base_filters  # type: ignore[attr-defined]
            if len(request.GET.getlist(name)) > 1
        }
        if repeated:
            raise InvalidQuery(repeated)
        queryset = selector(current_user(request), Action.VIEW)
        bound = filterset(request.GET, queryset=queryset, request=request)
        if not bound.is_valid():
            raise InvalidQuery({name: list(errors) for name, errors in bound.errors.items()})
        return bound.qs

    @router.get(
        f"/{prefix}/{{int:pk}}",
        response=responses(200, out_schema, 404),
        operation_id=f"get_{name}",
        summary=f"Read one {label}",
    )
    def read_record(request: HttpRequest, pk: int) -> Any:
        return fetch(request, pk, Action.VIEW)

    if create_schema is not None:

        @router.post(
            f"/{prefix}",
            response=responses(201, out_schema, 400, 403, 422),
            operation_id=f"create_{name}",
            summary=f"Create a {label}",
        )
        def create_record(request: HttpRequest, payload: create_schema) -> Any:  # type: ignore[valid-type]
            data = model_values(model, payload.model_dump())  # type: ignore[attr-defined]
            obj = create(request, model, data, save)
            return Status(201, reload(request, obj))

    if update_schema is not None:

        @router.patch(
            f"/{prefix}/{{int:pk}}",
            response=responses(200, out_schema, 400, 404, 422),
            operation_id=f"update_{name}",
            summary=f"Change a {label}",
        )
        def update_record(request: HttpRequest, pk: int, payload: update_schema) -> Any:  # type: ignore[valid-type]
            obj = fetch(request, pk, Action.CHANGE)
            data = model_values(model, payload.model_dump(exclude_unset=True))  # type: ignore[attr-defined]
            for field, value in data.items():
                setattr(obj, field, value)
            try:
                check_relations(obj)
                save(obj, actor=current_user(request))
            except ValidationError as error:
                raise _api_field_errors(error, set(data)) from None
            return reload(request, obj)

    if delete is not None:

        @router.delete(
            f"/{prefix}/{{int:pk}}",
            response=responses(204, None, 404, 422),
            operation_id=f"delete_{name}",
            summary=f"Delete a {label}",
        )
        def delete_record(request: HttpRequest, pk: int) -> Any:
            obj = fetch(request, pk, Action.DELETE)
            delete(obj, actor=current_user(request))
            return Status(204, None)


def fetch_scoped(
    selector: Callable[[Any, str], QuerySet], request: HttpRequest, pk: int, action: str
) -> Any:
    """The record the caller may take ``action`` on, or 404."""
    obj = selector(current_user(request), action).filter(pk=pk).first()
    if obj is None:
        raise Http404
    return obj


def reload_scoped(selector: Callable[[Any, str], QuerySet], request: HttpRequest, obj: Any) -> Any:
    """A record just written, read back with the selector's joins."""
    return selector(current_user(request), Action.VIEW).filter(pk=obj.pk).first() or obj


def check_relations(instance: models.Model) -> None:
    """Refuse, naming the field, a body that names by id a record that does not
    exist (services read the records a new one hangs on before validating it)."""
    errors: dict[str, Any] = {}
    for field in instance._meta.concrete_fields:
        value = getattr(instance, field.attname)
        if field.is_relation and value is not None:
            try:
                field.validate(value, instance)
            except ValidationError as error:
                errors[field.name] = error.error_list
    if errors:
        raise ValidationError(errors)


def create(
    request: HttpRequest, model: type[models.Model], data: dict[str, Any], save: Callable[..., Any]
) -> Any:
    user = current_user(request)
    if not access.can_add_anywhere(user, model):
        raise PermissionDenied(_("You may not add records of this kind."))
    obj = model(**data)
    try:
        check_relations(obj)
        save(obj, actor=user)
    except ValidationError as error:
        raise _api_field_errors(error, set(data)) from None
    return obj


def documents(
    router: Router,
    *,
    model: type[models.Model],
    prefix: str,
    out_schema: type[Schema],
    form_schema: type[Schema],
    selector: Callable[[Any, str], QuerySet],
    save: Callable[..., Any],
) -> None:
    """Upload (``multipart/form-data``: the fields of ``form_schema`` and
    ``file``, a PDF) and download of a model of ``StoredDocument``; list, read,
    change and delete come from ``crud(create_schema=None)``."""
    from tadrib.core.files import download

    name = model._meta.model_name
    label = str(model._meta.verbose_name)

    @router.post(
        f"/{prefix}",
        response=responses(201, out_schema, 400, 403, 422),
        operation_id=f"create_{name}",
        summary=f"Upload a {label} (PDF)",
    )
    def upload(
        request: HttpRequest,
        payload: Form[form_schema],  # type: ignore[valid-type]
        file: File[UploadedFile],
    ) -> Any:
        data = model_values(model, payload.model_dump())  # type: ignore[attr-defined]
        obj = create(request, model, {**data, "file": file}, save)
        return Status(201, reload_scoped(selector, request, obj))

    @router.get(
        f"/{prefix}/{{int:pk}}/file",
        response={200: None, **responses(200, None, 404)},
        operation_id=f"download_{name}",
        summary=f"Download a {label}",
    )
    def download_file(request: HttpRequest, pk: int) -> Any:
        return download(fetch_scoped(selector, request, pk, Action.VIEW))


__all__ = ["AUTH", "HttpError", "crud", "install_error_handlers"]

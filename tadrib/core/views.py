"""Generic list, detail, edit and delete views, reused by every app.

An app declares a model's views in a few lines (model, selector, filter set,
table, form, services); access, filtering, pagination, CSV export, history and
error handling live here once.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.urls import URLPattern, path, reverse
from django.utils.http import urlencode
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views import View
from django_tables2 import RequestConfig

from tadrib.core import access
from tadrib.core.choices import Action
from tadrib.core.exports import csv_response, xlsx_response
from tadrib.core.history import describe
from tadrib.core.selectors import history_of

Selector = Callable[[Any, str], QuerySet]


def url_name(model: type[models.Model], suffix: str = "") -> str:
    meta = model._meta
    return f"{meta.app_label}:{meta.model_name}{suffix}"


def add_link(user: Any, child: models.Model, parent: str) -> str | None:
    """The add page of ``child``'s kind, prefilled with its ``parent`` (a
    record page's "Add …" button), or ``None`` when the user may not add it
    there."""
    if not access.can(user, Action.ADD, child):
        return None
    query = urlencode({parent: getattr(child, f"{parent}_id")})
    return f"{reverse(url_name(type(child), '_add'))}?{query}"


class ScopedView(LoginRequiredMixin, View):
    model: ClassVar[type[models.Model]]
    # Returns the queryset the user may take an action on, joins declared.
    selector: ClassVar[Selector | None] = None

    def scoped(self, action: str = Action.VIEW) -> QuerySet:
        if self.selector is not None:
            selector: Selector = self.selector  # type: ignore[assignment]
            return selector(self.request.user, action)
        return self.model.objects.for_user(self.request.user, action)  # type: ignore[attr-defined]

    def get_object(self, pk: int, action: str = Action.VIEW) -> Any:
        obj = self.scoped(action).filter(pk=pk).first()
        if obj is None:
            raise Http404(_("No such record, or it is not yours to see."))
        return obj

    def base_context(self) -> dict[str, Any]:
        meta = self.model._meta
        return {
            "model_meta": meta,
            "verbose_name": meta.verbose_name,
            "verbose_name_plural": meta.verbose_name_plural,
            "list_url": reverse(url_name(self.model, "_list")),
            "can_add": access.can_add_anywhere(self.request.user, self.model),
            "add_url": reverse(url_name(self.model, "_add")),
        }


class DocumentFileView(ScopedView):
    """The stored PDF of a ``StoredDocument``, for readers of the record it
    belongs to; 404 otherwise. Declared per model with
    ``DocumentFileView.as_view(model=…, selector=…)``."""

    model = models.Model  # replaced by as_view(model=…)

    def get(self, request: HttpRequest, pk: int) -> HttpResponseBase:
        from tadrib.core.files import download

        return download(self.get_object(pk))


class ObjectListView(ScopedView):
    filterset_class: ClassVar[type]
    table_class: ClassVar[type]
    template_name = "core/object_list.html"
    per_page = 25

    def get(self, request: HttpRequest) -> HttpResponseBase:
        queryset = self.scoped(Action.VIEW)
        filterset = self.filterset_class(request.GET or None, queryset=queryset, request=request)
        rows = filterset.qs if filterset.is_bound and filterset.is_valid() else queryset
        if filterset.is_bound and not filterset.is_valid():
            rows = queryset.none()
        table = self.table_class(rows, request=request)
        export = request.GET.get("export")
        if export in ("csv", "xlsx"):
            basename = slugify(str(self.model._meta.verbose_name_plural))
            if export == "xlsx":
                return xlsx_response(table, basename)
            return csv_response(table, basename)
        RequestConfig(request, paginate={"per_page": self.per_page}).configure(table)
        context = {**self.base_context(), "table": table, "filter": filterset}
        template = (
            "core/_object_table.html" if getattr(request, "htmx", False) else self.template_name
        )
        return render(request, template, context)


class ObjectDetailView(ScopedView):
    template_name = "core/object_detail.html"
    fields: ClassVar[list[str]] = []
    # Records that are never changed or deleted (a custody event): no edit or
    # delete page exists, so none is offered.
    append_only: ClassVar[bool] = False

    def extra_context(self, obj: Any) -> dict[str, Any]:
        return {}

    def field_rows(self, obj: Any) -> list[tuple[str, Any, str | None]]:
        rows = []
        for name in self.fields:
            field = obj._meta.get_field(name)
            display = getattr(obj, f"get_{name}_display", None)
            value = display() if display else getattr(obj, name)
            link = None
            if isinstance(value, models.Model) and hasattr(value, "get_absolute_url"):
                link = value.get_absolute_url()
            rows.append((str(field.verbose_name), value, link))
        return rows

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        obj = self.get_object(pk)
        user = request.user
        writable = not self.append_only
        context = {
            **self.base_context(),
            "object": obj,
            "field_rows": self.field_rows(obj),
            "history": describe(list(history_of(obj)), type(obj)),
            "can_change": writable and access.can(user, Action.CHANGE, obj),
            "can_delete": writable and access.can(user, Action.DELETE, obj),
            "edit_url": reverse(url_name(self.model, "_edit"), args=[obj.pk]) if writable else None,
            "delete_url": (
                reverse(url_name(self.model, "_delete"), args=[obj.pk]) if writable else None
            ),
            **self.extra_context(obj),
        }
        return render(request, self.template_name, context)


class ObjectEditView(ScopedView):
    form_class: ClassVar[type]
    save_service: ClassVar[Callable[..., Any]]
    template_name = "core/object_edit.html"

    def new_object(self) -> Any:
        if not access.can_add_anywhere(self.request.user, self.model):
            raise PermissionDenied(_("You may not add records of this kind."))
        return self.model()

    def initial(self) -> dict[str, Any]:
        """Prefill a new record from the query string (``?person=12``)."""
        names = {f.name for f in self.model._meta.concrete_fields}
        return {k: v for k, v in self.request.GET.items() if k in names}

    def render_form(self, form: Any, obj: Any) -> HttpResponse:
        context = {**self.base_context(), "form": form, "object": obj if obj.pk else None}
        return render(self.request, self.template_name, context)

    def get(self, request: HttpRequest, pk: int | None = None) -> HttpResponse:
        obj = self.get_object(pk, Action.CHANGE) if pk else self.new_object()
        form = self.form_class(instance=obj, user=request.user, initial=self.initial())
        return self.render_form(form, obj)

    def post(self, request: HttpRequest, pk: int | None = None) -> HttpResponse:
        obj = self.get_object(pk, Action.CHANGE) if pk else self.new_object()
        form = self.form_class(request.POST, request.FILES, instance=obj, user=request.user)
        if form.is_valid():
            try:
                saved = self.save_service(form.instance, actor=request.user)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Saved “%(record)s”.") % {"record": saved})
                return HttpResponseRedirect(saved.get_absolute_url())
        return self.render_form(form, obj)


class ObjectDeleteView(ScopedView):
    delete_service: ClassVar[Callable[..., Any]]
    template_name = "core/object_delete.html"

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        obj = self.get_object(pk, Action.DELETE)
        return render(request, self.template_name, {**self.base_context(), "object": obj})

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        obj = self.get_object(pk, Action.DELETE)
        text = str(obj)
        try:
            self.delete_service(obj, actor=request.user)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
            return HttpResponseRedirect(obj.get_absolute_url())
        messages.success(request, _("Deleted “%(record)s”.") % {"record": text})
        return HttpResponseRedirect(reverse(url_name(self.model, "_list")))


def object_urls(
    prefix: str,
    *,
    list_view: type[ObjectListView],
    detail_view: type[ObjectDetailView],
    edit_view: type[ObjectEditView],
    delete_view: type[ObjectDeleteView] | None,
) -> list[URLPattern]:
    """The five URLs of one model, named ``<model>_list``, ``<model>``,
    ``<model>_add``, ``<model>_edit`` and ``<model>_delete``; only the first
    three when there is no ``delete_view`` (an append-only model)."""
    name = list_view.model._meta.model_name
    base = f"{prefix}/" if prefix else ""
    urls = [
        path(base, list_view.as_view(), name=f"{name}_list"),
        path(f"{base}add/", edit_view.as_view(), name=f"{name}_add"),
        path(f"{base}<int:pk>/", detail_view.as_view(), name=f"{name}"),
    ]
    if delete_view is None:
        return urls
    return [
        *urls,
        path(f"{base}<int:pk>/edit/", edit_view.as_view(), name=f"{name}_edit"),
        path(f"{base}<int:pk>/delete/", delete_view.as_view(), name=f"{name}_delete"),
    ]


def object_views(
    prefix: str,
    *,
    model: type[models.Model],
    selector: Selector,
    filterset: type,
    table: type,
    form: type,
    save: Callable[..., Any],
    delete: Callable[..., Any] | None,
    fields: list[str] | None = None,
    detail_view: type[ObjectDetailView] = ObjectDetailView,
    append_only: bool = False,
) -> list[URLPattern]:
    """Declare a model's list, detail, edit and delete pages in one call. The
    detail page shows ``fields``, by default the form's. ``append_only``:
    records are added, never changed or deleted (``delete`` may be ``None``);
    there is no edit or delete page."""
    fields = fields if fields is not None else list(form._meta.fields)  # type: ignore[attr-defined]
    common = {"model": model, "selector": staticmethod(selector)}
    name = model.__name__
    delete_view = None
    if not append_only and delete is not None:
        delete_view = type(
            f"{name}DeleteView",
            (ObjectDeleteView,),
            {**common, "delete_service": staticmethod(delete)},
        )
    return object_urls(
        prefix,
        list_view=type(
            f"{name}ListView",
            (ObjectListView,),
            {**common, "filterset_class": filterset, "table_class": table},
        ),
        detail_view=type(
            f"{name}DetailView",
            (detail_view,),
            {**common, "fields": fields, "append_only": append_only},
        ),
        edit_view=type(
            f"{name}EditView",
            (ObjectEditView,),
            {**common, "form_class": form, "save_service": staticmethod(save)},
        ),
        delete_view=delete_view,
    )

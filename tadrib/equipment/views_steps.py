"""Record pages with their workflow steps: transfer, shipment, inspection,
discrepancy. Each step is a POST view calling one service; a step the user's
side may not take is a 403, a refused step a message on the page with
nothing stored."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q, QuerySet, Sum
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from tadrib.core import access
from tadrib.core import views as generic
from tadrib.core.choices import Action
from tadrib.core.views import add_link
from tadrib.equipment import imports, selectors, services
from tadrib.equipment.choices import (
    DISCREPANCY_REASON_REQUIRED,
    INVENTORY_KINDS,
    OPEN_DISCREPANCY,
    DiscrepancyStatus,
    FindingOutcome,
    ItemStatus,
    ShipmentStatus,
    TransferStatus,
)
from tadrib.equipment.forms_steps import (
    CountForm,
    DiscrepancyStatusForm,
    InventoryForm,
    SerialsForm,
    TransferStatusForm,
    discrepancy_steps,
    transfer_steps,
)
from tadrib.equipment.models import (
    Discrepancy,
    Inspection,
    InspectionFinding,
    Item,
    Shipment,
    ShipmentLine,
    Transfer,
    TransferLine,
)
from tadrib.equipment.reconciliation import Reconciliation
from tadrib.organisations.models import Organisation

# Rows of a long list shown on a record page (the full list is a report).
SHOWN = 200


def own_side(user: Any, transfer: Transfer, model: type) -> Organisation | None:
    """The organisation of the transfer's two sides on whose behalf the user
    may add ``model`` records (an inspection, a discrepancy)."""
    for organisation in (transfer.exporter, transfer.end_user, transfer.importer):
        if services.acts_for(user, organisation, model, Action.ADD):
            return organisation
    return None


def report_errors(request: HttpRequest, error: ValidationError | PermissionDenied) -> None:
    for text in getattr(error, "messages", None) or [str(error)]:
        messages.error(request, text)


def add_errors(form: Any, error: ValidationError) -> None:
    """A refusal on the form: on the field it names when the form has it,
    above the form otherwise."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for name, errors in error.error_dict.items():
        form.add_error(name if name in form.fields else None, errors)


def reconciliation_summary(result: Reconciliation) -> dict[str, Any]:
    """Counts of the hand-over reconciliation, and its differences."""
    kinds = result.types.values()
    differences = result.differences()
    return {
        "matched": result.matched,
        "missing": sum(len(t.missing) for t in kinds),
        "unexpected": sum(len(t.unexpected) for t in kinds),
        "wrong": sum(len(t.wrong) for t in kinds),
        "short": sum(max(c.shipped - (c.received or 0), 0) for c in result.counts),
        "over": sum(max((c.received or 0) - c.shipped, 0) for c in result.counts),
        "exact": result.is_exact,
        "differences": [d.describe() for d in differences[:SHOWN]],
        "more_differences": max(len(differences) - SHOWN, 0),
    }


def days_to(day: dt.date) -> int:
    return (day - timezone.localdate()).days


class StepsDetailView(generic.ObjectDetailView):
    """A record page whose cards show some of the fields themselves (the
    hand-over, the deadline): those are left out of the particulars."""

    shown_in_cards: tuple[str, ...] = ()

    def field_rows(self, obj: Any) -> list[tuple[str, Any, str | None]]:
        rows = super().field_rows(obj)
        return [
            row
            for name, row in zip(self.fields, rows, strict=True)
            if name not in self.shown_in_cards
        ]


# --- transfer --------------------------------------------------------------------------


class TransferDetailView(StepsDetailView):
    model = Transfer
    selector = staticmethod(selectors.transfers_for)
    template_name = "equipment/transfer_detail.html"
    shown_in_cards = (
        "status_reason",
        "retransfer_needs_consent",
        "onsite_checks_allowed",
        "end_use",
    )

    def extra_context(self, obj: Transfer) -> dict[str, Any]:
        user = self.request.user
        moving = [ShipmentStatus.DISPATCHED, ShipmentStatus.DELIVERED]
        lines = obj.lines.select_related("item_type").annotate(
            preparing=Sum(
                "shipment_lines__quantity_shipped",
                filter=Q(shipment_lines__shipment__status=ShipmentStatus.PREPARING),
            ),
            shipped=Sum(
                "shipment_lines__quantity_shipped",
                filter=Q(shipment_lines__shipment__status__in=moving),
            ),
            delivered=Sum(
                "shipment_lines__quantity_received",
                filter=Q(shipment_lines__shipment__status=ShipmentStatus.DELIVERED),
            ),
        )
        by_status = dict(
            Item.objects.filter(transfer=obj)
            .order_by()
            .values_list("status")
            .annotate(n=Count("pk"))
            .values_list("status", "n")
        )
        recorder = own_side(user, obj, Inspection)  # inspections and discrepancies alike
        steps = transfer_steps(obj) if services.is_exporter_side(user, obj) else []
        return {
            "lines": lines,
            "shipments": selectors.shipments_for(user).filter(transfer=obj),
            "items_by_status": [
                (label, by_status[value])
                for value, label in ItemStatus.choices
                if by_status.get(value)
            ],
            "items_total": sum(by_status.values()),
            "items_url": f"{reverse('equipment:item_list')}?transfer={obj.pk}",
            "open_discrepancies": selectors.discrepancies_for(user).filter(
                transfer=obj, status__in=OPEN_DISCREPANCY
            ),
            "inspections": selectors.inspections_for(user).filter(transfer=obj),
            "status_form": TransferStatusForm(transfer=obj) if steps else None,
            "status_url": reverse("equipment:transfer_status", args=[obj.pk]),
            "add_line_url": add_link(user, TransferLine(transfer=obj), "transfer")
            if obj.status == TransferStatus.DRAFT
            else None,
            "add_shipment_url": add_link(user, Shipment(transfer=obj), "transfer")
            if obj.status == TransferStatus.AUTHORISED
            else None,
            "add_inspection_url": add_link(
                user, Inspection(transfer=obj, owner=recorder), "transfer"
            )
            if recorder is not None
            else None,
            "add_discrepancy_url": add_link(
                user, Discrepancy(transfer=obj, owner=recorder), "transfer"
            )
            if recorder is not None
            else None,
        }


class StatusStepView(generic.ScopedView):
    """Move a record to the next status with a reason (the form sits on the
    record's page): the side check, the form, then the service."""

    refusal: Any = ""

    def may(self, user: Any, obj: Any) -> bool:
        raise NotImplementedError

    def make_form(self, data: Any, obj: Any) -> Any:
        raise NotImplementedError

    def step(self, obj: Any, target: str, *, actor: Any, reason: str) -> Any:
        raise NotImplementedError

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        return HttpResponseRedirect(self.get_object(pk).get_absolute_url())

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        obj = self.get_object(pk)
        if not self.may(request.user, obj):
            raise PermissionDenied(self.refusal)
        form = self.make_form(request.POST, obj)
        if not form.is_valid():
            for errors in form.errors.values():
                for text in errors:
                    messages.error(request, str(text))
            return HttpResponseRedirect(obj.get_absolute_url())
        try:
            changed = self.step(
                obj,
                form.cleaned_data["status"],
                actor=request.user,
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            report_errors(request, error)
        else:
            messages.success(
                request,
                _("“%(record)s” is now %(status)s.")
                % {"record": changed, "status": changed.get_status_display()},
            )
        return HttpResponseRedirect(obj.get_absolute_url())


class TransferStatusView(StatusStepView):
    """Authorise, suspend, resume, complete or cancel a transfer (the
    exporter's side only)."""

    model = Transfer
    selector = staticmethod(selectors.transfers_for)
    refusal = _lazy("Only the exporter's side takes this step.")

    def may(self, user: Any, obj: Transfer) -> bool:
        return services.is_exporter_side(user, obj)

    def make_form(self, data: Any, obj: Transfer) -> TransferStatusForm:
        return TransferStatusForm(data, transfer=obj)

    def step(self, obj: Transfer, target: str, *, actor: Any, reason: str) -> Transfer:
        return services.change_transfer_status(obj, target, actor=actor, reason=reason)


# --- shipment --------------------------------------------------------------------------


def counted_lines(shipment: Shipment) -> list[ShipmentLine]:
    """The shipment's lines counted by quantity (bulk item types)."""
    return [
        line
        for line in shipment.lines.select_related("transfer_line__item_type")
        if not line.transfer_line.item_type.serial_tracked
    ]


class ShipmentDetailView(StepsDetailView):
    model = Shipment
    selector = staticmethod(selectors.shipments_for)
    template_name = "equipment/shipment_detail.html"
    shown_in_cards = (
        "dispatched_on",
        "counted_at",
        "exporter_signed_by",
        "exporter_signed_at",
        "importer_signed_by",
        "importer_signed_at",
        "delivered_at",
    )

    def extra_context(self, obj: Shipment) -> dict[str, Any]:
        user = self.request.user
        exporter = services.is_exporter_side(user, obj.transfer)
        importer = services.is_importer_side(user, obj)
        lines = list(obj.lines.select_related("transfer_line__item_type"))
        captured = dict(
            Item.objects.filter(shipment=obj)
            .order_by()
            .values_list("item_type__code")
            .annotate(n=Count("pk"))
            .values_list("item_type__code", "n")
        )
        preparing = obj.status == ShipmentStatus.PREPARING
        dispatched = obj.status == ShipmentStatus.DISPATCHED
        counted = obj.counted_at is not None
        return {
            "lines": lines,
            "captured": [
                {
                    "code": line.transfer_line.item_type.code,
                    "type": line.transfer_line.item_type,
                    "count": captured.get(line.transfer_line.item_type.code, 0),
                    "shipped": line.quantity_shipped,
                }
                for line in lines
                if line.transfer_line.item_type.serial_tracked
            ],
            "items_url": f"{reverse('equipment:item_list')}?shipment={obj.pk}",
            "exporter_side": exporter,
            "importer_side": importer,
            "can_capture": preparing and exporter,
            "can_dispatch": preparing and exporter,
            "can_count": dispatched and importer,
            "can_sign_exporter": dispatched and counted and exporter and not obj.exporter_signed_at,
            "can_sign_importer": dispatched and counted and importer and not obj.importer_signed_at,
            "serials_form": SerialsForm() if preparing and exporter else None,
            "default_type": imports.default_type(obj) if preparing else "",
            "count_form": CountForm(counted_lines=counted_lines(obj))
            if dispatched and importer
            else None,
            "summary": reconciliation_summary(services.reconciliation_of(obj)) if counted else None,
            "reconciliation_url": reverse("equipment:shipment_reconciliation", args=[obj.pk]),
            "discrepancies": selectors.discrepancies_for(user).filter(shipment=obj),
            "inspections": selectors.inspections_for(user).filter(shipment=obj),
        }


class ShipmentStepView(generic.ScopedView):
    """A step on a shipment: read with the user's view scope (the other side
    sees it too); the service checks which side may take the step."""

    model = Shipment
    selector = staticmethod(selectors.shipments_for)

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        return HttpResponseRedirect(self.get_object(pk).get_absolute_url())


class ShipmentSerialsView(ShipmentStepView):
    """Capture serials before dispatch: pasted, typed or uploaded, all or
    nothing."""

    def render_form(
        self, shipment: Shipment, form: SerialsForm, errors: list[dict[str, Any]] | None = None
    ) -> HttpResponse:
        context = {
            "object": shipment,
            "form": form,
            "errors": errors,
            "types": imports.serial_types(shipment),
            "default_type": imports.default_type(shipment),
            "max_serials": imports.MAX_SERIALS,
        }
        template = "equipment/serials_report.html" if errors else "equipment/serials_form.html"
        return render(self.request, template, context)

    def check(self, shipment: Shipment) -> None:
        if not services.is_exporter_side(self.request.user, shipment.transfer):
            raise PermissionDenied(_("Only the exporter's side takes this step."))

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        shipment = self.get_object(pk)
        self.check(shipment)
        return self.render_form(shipment, SerialsForm())

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        shipment = self.get_object(pk)
        self.check(shipment)
        form = SerialsForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.render_form(shipment, form)
        try:
            report = imports.capture_from(
                shipment,
                text=form.cleaned_data["text"],
                upload=form.cleaned_data["file"],
                actor=request.user,  # type: ignore[arg-type]
            )
        except ValidationError as error:
            add_errors(form, error)
            return self.render_form(shipment, form)
        if not report.ok:
            return self.render_form(shipment, form, imports.row_errors(report.errors))
        messages.success(
            request,
            _("%(count)s serials captured.") % {"count": report.stored},
        )
        return HttpResponseRedirect(shipment.get_absolute_url())


class ShipmentDispatchView(ShipmentStepView):
    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        shipment = self.get_object(pk)
        try:
            services.dispatch_shipment(shipment, actor=request.user)  # type: ignore[arg-type]
        except ValidationError as error:
            report_errors(request, error)
        else:
            messages.success(request, _("The shipment has been dispatched."))
        return HttpResponseRedirect(shipment.get_absolute_url())


class ShipmentCountView(ShipmentStepView):
    """The importer's count at the hand-over."""

    def render_form(
        self, shipment: Shipment, form: CountForm, errors: list[dict[str, Any]] | None = None
    ) -> HttpResponse:
        context = {
            "object": shipment,
            "form": form,
            "errors": errors,
            "max_serials": imports.MAX_SERIALS,
        }
        return render(self.request, "equipment/count_form.html", context)

    def check(self, shipment: Shipment) -> None:
        if not services.is_importer_side(self.request.user, shipment):
            raise PermissionDenied(_("Only the importer's side takes this step."))

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        shipment = self.get_object(pk)
        self.check(shipment)
        return self.render_form(shipment, CountForm(counted_lines=counted_lines(shipment)))

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        shipment = self.get_object(pk)
        self.check(shipment)
        form = CountForm(request.POST, request.FILES, counted_lines=counted_lines(shipment))
        if not form.is_valid():
            return self.render_form(shipment, form)
        try:
            parsed = imports.read_for_count(
                shipment, text=form.cleaned_data["text"], upload=form.cleaned_data["file"]
            )
            if not parsed.ok:
                return self.render_form(shipment, form, imports.row_errors(parsed.errors))
            result = services.record_count(
                shipment,
                serials=parsed.pairs(),
                quantities=form.quantities(),
                actor=request.user,  # type: ignore[arg-type]
            )
        except ValidationError as error:
            add_errors(form, error)
            return self.render_form(shipment, form)
        if result.is_exact:
            messages.success(request, _("Counted: everything shipped has arrived."))
        else:
            messages.warning(
                request,
                _("Counted, with %(count)s differences; both sides countersign the count.")
                % {"count": result.difference_count},
            )
        return HttpResponseRedirect(shipment.get_absolute_url())


class ShipmentCountersignView(ShipmentStepView):
    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        shipment = self.get_object(pk)
        side = request.POST.get("side", "")
        try:
            signed = services.countersign(shipment, side=side, actor=request.user)  # type: ignore[arg-type]
        except ValidationError as error:
            report_errors(request, error)
        else:
            if signed.status == ShipmentStatus.DELIVERED:
                messages.success(request, _("Both sides have countersigned: delivered."))
            else:
                messages.success(request, _("Countersigned; the other side signs next."))
        return HttpResponseRedirect(shipment.get_absolute_url())


# --- inspection ------------------------------------------------------------------------


def findings_of(inspection: Inspection) -> dict[str, Any]:
    findings = InspectionFinding.objects.filter(inspection=inspection)
    counts = dict(
        findings.order_by()
        .values_list("outcome")
        .annotate(n=Count("pk"))
        .values_list("outcome", "n")
    )

    def listed(outcome: str) -> QuerySet[InspectionFinding]:
        return findings.filter(outcome=outcome).order_by("serial_number")[:SHOWN]

    return {
        "found": counts.get(FindingOutcome.FOUND, 0),
        "missing": counts.get(FindingOutcome.MISSING, 0),
        "unexpected": counts.get(FindingOutcome.UNEXPECTED, 0),
        "missing_list": listed(FindingOutcome.MISSING),
        "unexpected_list": listed(FindingOutcome.UNEXPECTED),
        "shown": SHOWN,
    }


class InspectionDetailView(generic.ObjectDetailView):
    model = Inspection
    selector = staticmethod(selectors.inspections_for)
    template_name = "equipment/inspection_detail.html"

    def extra_context(self, obj: Inspection) -> dict[str, Any]:
        user = self.request.user
        recordable = services.may_record_inventory(user, obj)
        return {
            "findings": findings_of(obj),
            "is_inventory": obj.kind in INVENTORY_KINDS,
            "inventory_form": InventoryForm() if recordable else None,
            "expected": services.expected_items(obj).count() if recordable else None,
            "discrepancies": selectors.discrepancies_for(user).filter(inspection=obj),
        }


class InspectionInventoryView(generic.ScopedView):
    """Record an inventory from the serials scanned."""

    model = Inspection
    selector = staticmethod(selectors.inspections_for)

    def render_form(
        self, inspection: Inspection, form: InventoryForm, errors: list[Any] | None = None
    ) -> HttpResponse:
        context = {
            "object": inspection,
            "form": form,
            "errors": errors,
            "expected": services.expected_items(inspection).count(),
            "max_serials": imports.MAX_SERIALS,
        }
        return render(self.request, "equipment/inventory_form.html", context)

    def check(self, inspection: Inspection) -> None:
        if not access.can(self.request.user, Action.CHANGE, inspection):
            raise PermissionDenied(_("You may not record this inspection."))

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        inspection = self.get_object(pk)
        self.check(inspection)
        if not services.may_record_inventory(request.user, inspection):
            return HttpResponseRedirect(inspection.get_absolute_url())
        return self.render_form(inspection, InventoryForm())

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        inspection = self.get_object(pk)
        self.check(inspection)
        form = InventoryForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.render_form(inspection, form)
        data = form.cleaned_data
        try:
            parsed = imports.read(text=data["text"], upload=data["file"])
            if not parsed.ok:
                return self.render_form(inspection, form, imports.row_errors(parsed.errors))
            services.record_inventory(
                inspection,
                serials=parsed.serials(),
                conducted_on=data["conducted_on"],
                actor=request.user,  # type: ignore[arg-type]
                inspectors=data["inspectors"],
                summary=data["summary"],
            )
        except ValidationError as error:
            add_errors(form, error)
            return self.render_form(inspection, form)
        messages.success(request, _("The inventory has been recorded."))
        return HttpResponseRedirect(inspection.get_absolute_url())


# --- discrepancy -----------------------------------------------------------------------


class DiscrepancyDetailView(StepsDetailView):
    model = Discrepancy
    selector = staticmethod(selectors.discrepancies_for)
    template_name = "equipment/discrepancy_detail.html"
    shown_in_cards = (
        "description",
        "report_due_on",
        "reported_on",
        "investigation",
        "resolution",
        "resolved_on",
    )

    def extra_context(self, obj: Discrepancy) -> dict[str, Any]:
        user = self.request.user
        steps = discrepancy_steps(obj) if services.may_steer_discrepancy(user, obj) else []
        days = days_to(obj.report_due_on) if obj.reported_on is None else None
        return {
            "days_left": days if days is not None and days >= 0 else None,
            "days_overdue": -days if days is not None and days < 0 else None,
            "status_form": DiscrepancyStatusForm(discrepancy=obj) if steps else None,
            "status_url": reverse("equipment:discrepancy_status", args=[obj.pk]),
            "reason_required": [
                str(DiscrepancyStatus(target).label)
                for target in sorted(DISCREPANCY_REASON_REQUIRED)
            ],
        }


class DiscrepancyStatusView(StatusStepView):
    """Report, investigate, escalate or resolve a discrepancy (the recording
    side or the exporter)."""

    model = Discrepancy
    selector = staticmethod(selectors.discrepancies_for)
    refusal = _lazy("You may not make this change in this organisation.")

    def may(self, user: Any, obj: Discrepancy) -> bool:
        return services.may_steer_discrepancy(user, obj)

    def make_form(self, data: Any, obj: Discrepancy) -> DiscrepancyStatusForm:
        return DiscrepancyStatusForm(data, discrepancy=obj)

    def step(self, obj: Discrepancy, target: str, *, actor: Any, reason: str) -> Discrepancy:
        return services.change_discrepancy_status(obj, target, actor=actor, reason=reason)

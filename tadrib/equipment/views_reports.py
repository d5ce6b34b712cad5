"""Pages of the equipment reports, with their XLSX and CSV exports: the Arms
Trade Treaty report and the UN Register return, a shipment's serial-number
reconciliation, accountability (overdue inspections, open discrepancies) and
the crew gap. The figures come from ``reports``, the layouts from
``report_sheets``; the views only read the query string and render."""

from __future__ import annotations

from typing import Any, ClassVar

from django import forms
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views import View

from tadrib.core.views import ScopedView
from tadrib.equipment import report_sheets, reports
from tadrib.equipment.models import Shipment
from tadrib.organisations.models import Nation, Organisation

EXPORTS = ("xlsx", "csv")


class _SmallWidgets:
    def small_widgets(self) -> None:
        for bound in self.fields.values():  # type: ignore[attr-defined]
            select = isinstance(bound.widget, forms.Select)
            bound.widget.attrs.setdefault(
                "class", "form-select form-select-sm" if select else "form-control form-control-sm"
            )


class TreatyForm(_SmallWidgets, forms.Form):
    """Year, side, basis and reporting nation (the user's own)."""

    year = forms.IntegerField(
        label=_("calendar year"), min_value=reports.YEAR_MIN, max_value=reports.YEAR_MAX
    )
    side = forms.ChoiceField(label=_("side"), choices=reports.Side.choices)
    basis = forms.ChoiceField(label=_("basis"), choices=reports.Basis.choices)
    nation = forms.ModelChoiceField(
        label=_("reporting nation"), queryset=Nation.objects.none(), to_field_name="iso_code"
    )

    def __init__(self, *args: Any, user: Any, with_basis: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["nation"].queryset = reports.reporting_nations(user)  # type: ignore[attr-defined]
        if not with_basis:
            del self.fields["basis"]
        self.small_widgets()

    def query(self) -> reports.TreatyQuery:
        data = self.cleaned_data
        return reports.treaty_query(
            year=data["year"],
            side=data["side"],
            basis=data.get("basis") or reports.Basis.ACTUAL,
            nation=data["nation"].iso_code,
            user=self.user,
        )


def _defaults(user: Any) -> dict[str, str]:
    nations = list(reports.reporting_nations(user).values_list("iso_code", flat=True)[:2])
    return {
        "year": str(timezone.localdate().year),
        "side": reports.Side.EXPORTS,
        "basis": reports.Basis.ACTUAL,
        # An administrator (every nation) chooses; a user of one nation reports for it.
        "nation": nations[0] if len(nations) == 1 else "",
    }


class TreatyReportView(LoginRequiredMixin, View):
    """The Arms Trade Treaty report (``layout="att"``) or the UN Register
    return (``layout="un"``) of the year, as a page, XLSX or CSV."""

    layout: ClassVar[str] = "att"
    titles: ClassVar[dict[str, Any]] = {
        "att": _("Arms Trade Treaty annual report"),
        "un": _("UN Register of Conventional Arms return"),
    }

    def get(self, request: HttpRequest) -> HttpResponseBase:
        defaults = _defaults(request.user)
        with_basis = self.layout == "att"
        if not request.GET and not defaults["nation"]:
            # Someone who may report for several nations chooses one first.
            form = TreatyForm(initial=defaults, user=request.user, with_basis=with_basis)
        else:
            data = {**defaults, **request.GET.dict()}
            form = TreatyForm(data, user=request.user, with_basis=with_basis)
        sheets = None
        if form.is_bound and form.is_valid():
            try:
                report = reports.treaty_report(form.query(), user=request.user)
            except ValidationError as error:
                for name, messages in error.message_dict.items():
                    form.add_error(name if name in form.fields else None, messages)
            else:
                sheets = report_sheets.TREATY_LAYOUTS[self.layout](report)
                export = request.GET.get("export")
                if export in EXPORTS:
                    basename = report_sheets.treaty_basename(self.layout, report)
                    return report_sheets.export_response(sheets, basename, export)
        context = {
            "title": self.titles[self.layout],
            "layout": self.layout,
            "form": form,
            "sheets": sheets,
            "query": request.GET.urlencode(),
            "other": "un" if self.layout == "att" else "att",
        }
        return render(request, "equipment/treaty_report.html", context)


class ShipmentReconciliationView(ScopedView):
    """A shipment's serials shipped against those counted at the hand-over."""

    model = Shipment

    def get(self, request: HttpRequest, pk: int) -> HttpResponseBase:
        shipment = self.get_object(pk)
        result = reports.shipment_reconciliation(shipment)
        sheets = report_sheets.reconciliation_sheets(result)
        export = request.GET.get("export")
        if export in EXPORTS:
            return report_sheets.export_response(
                sheets, f"reconciliation-shipment-{shipment.pk}", export
            )
        context = {
            "shipment": shipment,
            "result": result,
            "summary": sheets[0],
            "differences": result.serial_lines(with_matched=False),
            "shipment_url": reports.record_url(shipment),
        }
        return render(request, "equipment/reconciliation.html", context)


class AccountabilityView(LoginRequiredMixin, View):
    """Overdue inspections and open discrepancies, overdue ones first."""

    def get(self, request: HttpRequest) -> HttpResponse:
        figures = reports.accountability(request.user)
        context = {
            "figures": figures,
            "inspections_chart": {
                "labels": [k.label for k in figures.inspections_by_kind],
                "values": [k.count for k in figures.inspections_by_kind],
            },
            "discrepancies_chart": {
                "labels": [k.label for k in figures.discrepancies_by_kind],
                "values": [k.count for k in figures.discrepancies_by_kind],
            },
        }
        return render(request, "equipment/accountability.html", context)


class CrewGapForm(_SmallWidgets, forms.Form):
    unit = forms.ModelChoiceField(
        label=_("unit"), queryset=Organisation.objects.none(), required=False
    )
    subunits = forms.BooleanField(label=_("with its sub-units"), required=False)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = reports.crew_gap_units(user)  # type: ignore[attr-defined]
        self.small_widgets()
        self.fields["subunits"].widget.attrs["class"] = "form-check-input"


class CrewGapView(LoginRequiredMixin, View):
    """Per unit (``?unit=``) or overall: operators and maintainers required
    against those trained, with a chart and an XLSX/CSV export."""

    def get(self, request: HttpRequest) -> HttpResponseBase:
        form = CrewGapForm(request.GET or None, user=request.user)
        rows: list[reports.CrewGapRow] = []
        unit = None
        if not form.is_bound or form.is_valid():
            unit = form.cleaned_data.get("unit") if form.is_bound else None
            rows = reports.crew_gap(
                [unit] if unit is not None else None,
                request.user,
                include_subunits=bool(form.is_bound and form.cleaned_data.get("subunits")),
            )
        totals = reports.crew_gap_totals(rows)
        sheets = report_sheets.crew_gap_sheets(rows, totals)
        export = request.GET.get("export")
        if export in EXPORTS and (not form.is_bound or form.is_valid()):
            name = f"crew-gap-unit-{unit.pk}" if unit is not None else "crew-gap"
            return report_sheets.export_response(sheets, name, export)
        context = {
            "form": form,
            "unit": unit,
            "rows": rows,
            "totals": totals,
            "sheets": sheets,
            "query": request.GET.urlencode(),
            "chart": crew_gap_chart(totals),
        }
        return render(request, "equipment/crew_gap.html", context)


def crew_gap_chart(totals: list[reports.CrewGapTotal]) -> dict[str, Any]:
    """Grouped bars per item type: operators and maintainers, required and trained."""
    series = (
        (_("Operators required"), "operators_required"),
        (_("Operators trained"), "operators_trained"),
        (_("Maintainers required"), "maintainers_required"),
        (_("Maintainers trained"), "maintainers_trained"),
    )
    return {
        "labels": [total.item_type_code for total in totals],
        "datasets": [
            {"label": str(label), "values": [getattr(total, name) for total in totals]}
            for label, name in series
        ],
    }

"""Forms of the workflow steps: serials pasted or uploaded (capture, count,
inventory), a transfer's or a discrepancy's next status with its reason."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tadrib.core.spreadsheets import ACCEPT
from tadrib.equipment.choices import (
    DISCREPANCY_TRANSITIONS,
    TRANSFER_TRANSITIONS,
    DiscrepancyStatus,
    TransferStatus,
)
from tadrib.equipment.imports import MAX_SERIALS
from tadrib.equipment.models import Discrepancy, ShipmentLine, Transfer

# Pasted text: 20,000 serials of 60 characters with an item type each.
MAX_TEXT = MAX_SERIALS * 110


def _style(fields: Iterable[forms.Field]) -> None:
    for field in fields:
        widget = field.widget
        if isinstance(widget, forms.CheckboxInput):
            widget.attrs.setdefault("class", "form-check-input")
        elif isinstance(widget, forms.Select):
            widget.attrs.setdefault("class", "form-select")
        else:
            widget.attrs.setdefault("class", "form-control")
        if isinstance(widget, forms.DateInput):
            widget.input_type = "date"
            widget.format = "%Y-%m-%d"


class SerialsForm(forms.Form):
    """Serials typed or pasted, or a CSV/XLSX file of them: one or the other."""

    text = forms.CharField(
        label=gettext_lazy("serials"),
        required=False,
        max_length=MAX_TEXT,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 8, "dir": "ltr", "spellcheck": "false"}),
        help_text=gettext_lazy(
            "One a line: ITEM_TYPE,SERIAL (or with ; or a tab between them), or just SERIAL "
            "when there is only one item type."
        ),
    )
    file = forms.FileField(
        label=gettext_lazy("or a file"),
        required=False,
        help_text=gettext_lazy(
            "CSV (UTF-8, comma or semicolon) or XLSX (the first sheet) with the columns "
            "item_type and serial."
        ),
    )
    # Text (a count of nothing read is still a count) may be left empty.
    allow_empty = False

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["file"].widget.attrs["accept"] = ACCEPT
        _style(self.fields.values())

    def clean(self) -> dict[str, Any]:
        cleaned: dict[str, Any] = super().clean() or {}
        text, upload = cleaned.get("text", ""), cleaned.get("file")
        if upload is not None and text.strip():
            self.add_error("text", _("Paste the serials or upload a file, not both."))
        elif upload is None and not text.strip() and not self.allow_empty and not self.errors:
            self.add_error("text", _("Paste the serials or upload a file."))
        return cleaned


def quantity_field_name(line: ShipmentLine) -> str:
    return f"quantity_{line.pk}"


class CountForm(SerialsForm):
    """The hand-over count: the serials read off the items (item type
    optional) and how many of each counted (bulk) line arrived."""

    allow_empty = True

    def __init__(self, *args: Any, counted_lines: Iterable[ShipmentLine], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.counted_lines = list(counted_lines)
        self.fields["text"].help_text = _(
            "The serials read at the hand-over, one a line: SERIAL, or ITEM_TYPE,SERIAL."
        )
        for line in self.counted_lines:
            field = forms.IntegerField(
                label=_("%(type)s received (of %(shipped)s shipped)")
                % {"type": line.transfer_line.item_type.code, "shipped": line.quantity_shipped},
                min_value=0,
                max_value=10**9,
                initial=line.quantity_received,
            )
            field.widget.attrs["class"] = "form-control"
            self.fields[quantity_field_name(line)] = field

    def quantity_fields(self) -> list[Any]:
        return [self[quantity_field_name(line)] for line in self.counted_lines]

    def quantities(self) -> dict[int, int]:
        return {
            line.pk: self.cleaned_data[quantity_field_name(line)] for line in self.counted_lines
        }


class InventoryForm(SerialsForm):
    """An inventory: the serials scanned, when, by whom, and what was seen."""

    allow_empty = True

    conducted_on = forms.DateField(label=gettext_lazy("conducted on"))
    inspectors = forms.CharField(label=gettext_lazy("inspectors"), max_length=300, required=False)
    summary = forms.CharField(
        label=gettext_lazy("summary"),
        max_length=20_000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"conducted_on": timezone.localdate()})
        super().__init__(*args, **kwargs)
        self.fields["text"].help_text = _("The serials scanned, one a line.")
        self.fields["file"].help_text = _(
            "CSV (UTF-8, comma or semicolon) or XLSX (the first sheet) with a serial column."
        )
        _style([self.fields["conducted_on"], self.fields["inspectors"], self.fields["summary"]])


TRANSFER_STEP_LABELS: dict[str, Any] = {
    TransferStatus.AUTHORISED: gettext_lazy("Authorise"),
    TransferStatus.SUSPENDED: gettext_lazy("Suspend"),
    TransferStatus.COMPLETED: gettext_lazy("Complete"),
    TransferStatus.CANCELLED: gettext_lazy("Cancel"),
}


def transfer_steps(transfer: Transfer) -> list[tuple[str, str]]:
    """(target status, label) of the steps the transition table allows now."""
    steps = []
    for target in TransferStatus.values:
        if target not in TRANSFER_TRANSITIONS.get(transfer.status, frozenset()):
            continue
        label = TRANSFER_STEP_LABELS.get(target, TransferStatus(target).label)
        if target == TransferStatus.AUTHORISED and transfer.status == TransferStatus.SUSPENDED:
            label = gettext_lazy("Resume")
        steps.append((target, str(label)))
    return steps


class TransferStatusForm(forms.Form):
    status = forms.ChoiceField(label=gettext_lazy("step"))
    reason = forms.CharField(
        label=gettext_lazy("reason"),
        max_length=500,
        required=False,
        help_text=gettext_lazy("Required to suspend or cancel."),
    )

    def __init__(self, *args: Any, transfer: Transfer, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = transfer_steps(transfer)  # type: ignore[attr-defined]
        _style(self.fields.values())


DISCREPANCY_STEP_LABELS: dict[str, Any] = {
    DiscrepancyStatus.REPORTED: gettext_lazy("Report to the exporter"),
    DiscrepancyStatus.INVESTIGATING: gettext_lazy("Investigate"),
    DiscrepancyStatus.ESCALATED: gettext_lazy("Escalate: suspected diversion"),
    DiscrepancyStatus.RESOLVED: gettext_lazy("Resolve"),
}


def discrepancy_steps(discrepancy: Discrepancy) -> list[tuple[str, str]]:
    allowed = DISCREPANCY_TRANSITIONS.get(discrepancy.status, frozenset())
    return [
        (target, str(DISCREPANCY_STEP_LABELS.get(target, DiscrepancyStatus(target).label)))
        for target in DiscrepancyStatus.values
        if target in allowed
    ]


class DiscrepancyStatusForm(forms.Form):
    status = forms.ChoiceField(label=gettext_lazy("step"))
    reason = forms.CharField(
        label=gettext_lazy("reason or finding"),
        max_length=20_000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy(
            "Added to the investigation notes (when resolving: the resolution)."
        ),
    )

    def __init__(self, *args: Any, discrepancy: Discrepancy, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = discrepancy_steps(discrepancy)  # type: ignore[attr-defined]
        _style(self.fields.values())

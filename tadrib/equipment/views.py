"""Record pages beyond the generic ones: an item type with its category's
published definition and qualifying courses; an item with its custody trail,
parts and discrepancies; a storage site with its certification and what it
holds. (Transfers, shipments, inspections and discrepancies, with their
workflow steps, are in ``views_steps``.)"""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.http import urlencode
from django_tables2 import RequestConfig

from tadrib.core import views as generic
from tadrib.core.choices import Action
from tadrib.core.views import add_link
from tadrib.equipment import selectors, services
from tadrib.equipment.choices import HELD, ItemStatus, category_definition
from tadrib.equipment.models import CustodyEvent, Item, ItemType, ItemTypeCourse, StorageSite
from tadrib.equipment.tables import ItemHistoryTable, certification_state, status_badge


class ItemTypeDetailView(generic.ObjectDetailView):
    template_name = "equipment/itemtype_detail.html"

    def extra_context(self, obj: ItemType) -> dict[str, Any]:
        return {
            "category_definition": category_definition(obj.category),
            "courses": obj.courses.select_related("course__institution").order_by(
                "role", "course__code"
            ),
            "add_course_url": add_link(
                self.request.user, ItemTypeCourse(item_type=obj), "item_type"
            ),
        }


def record_event_link(user: Any, item: Item) -> str | None:
    """The page recording a custody event of ``item``, prefilled, when the
    user acts for the unit holding it (the exporter while it travels)."""
    if item.status == ItemStatus.PREPARED:
        return None
    holder = item.custodian or item.transfer.exporter
    if not services.acts_for(user, holder, CustodyEvent, Action.ADD):
        return None
    return f"{reverse('equipment:custodyevent_add')}?{urlencode({'item': item.pk})}"


class ItemDetailView(generic.ObjectDetailView):
    template_name = "equipment/item_detail.html"

    def extra_context(self, obj: Item) -> dict[str, Any]:
        user = self.request.user
        history = ItemHistoryTable(selectors.item_history(obj), prefix="history-")
        RequestConfig(self.request, paginate={"per_page": 25}).configure(history)
        return {
            "status_badge": status_badge(obj.status, obj.get_status_display()),  # type: ignore[attr-defined]
            "parts": obj.parts.select_related("item_type").order_by(
                "item_type__code", "serial_number"
            ),
            "history_table": history,
            "discrepancies": selectors.discrepancies_for(user).filter(item=obj),
            "record_event_url": record_event_link(user, obj),
        }


class StorageSiteDetailView(generic.ObjectDetailView):
    template_name = "equipment/storagesite_detail.html"

    def extra_context(self, obj: StorageSite) -> dict[str, Any]:
        state, colour = certification_state(obj)
        return {
            "certification": state,
            "certification_colour": colour,
            "items_held": Item.objects.filter(site=obj, status__in=sorted(HELD)).count(),
            "items_url": f"{reverse('equipment:item_list')}?{urlencode({'site': obj.pk})}",
        }

"""Record pages with their workflow steps: transfer, shipment, inspection,
discrepancy."""

from __future__ import annotations

from tadrib.core import views as generic


class TransferDetailView(generic.ObjectDetailView):
    pass


class ShipmentDetailView(generic.ObjectDetailView):
    pass


class InspectionDetailView(generic.ObjectDetailView):
    pass


class DiscrepancyDetailView(generic.ObjectDetailView):
    pass

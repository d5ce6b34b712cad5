"""The JSON API: OpenAPI 3.1 at /api/openapi.json, documentation at /api/docs.

Every endpoint takes a session (with its CSRF token) or ``Authorization: Bearer
<token>``; see ``tadrib token create``.
"""

from django.http import HttpRequest, JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from ninja import NinjaAPI

from tadrib import __version__
from tadrib.accounts.api import router as accounts_router
from tadrib.advisory.api import router as advisory_router
from tadrib.agreements.api import router as agreements_router
from tadrib.core.api import AUTH, install_error_handlers
from tadrib.equipment.api import router as equipment_router
from tadrib.equipment.api_reports import router as equipment_reports_router
from tadrib.equipment.api_steps import router as equipment_steps_router
from tadrib.organisations.api import router as organisations_router
from tadrib.people.api import router as people_router
from tadrib.reports.api import router as reports_router
from tadrib.training.api import router as training_router
from tadrib.training.api_academics import router as training_academics_router
from tadrib.training.api_allocation import router as training_allocation_router
from tadrib.training.api_bulk import router as training_bulk_router
from tadrib.training.api_documents import router as training_documents_router
from tadrib.training.api_reports import router as training_reports_router
from tadrib.training.api_rotations import router as training_rotations_router

api = NinjaAPI(
    title="Tadrib API",
    version=__version__,
    description=(
        "Scoped to the caller's memberships: a record outside them is a 404. "
        "Lists take the same filters as the web lists, plus limit and offset."
    ),
    auth=AUTH,
    urls_namespace="api",
)
install_error_handlers(api)
api.add_router("/", organisations_router)
api.add_router("/", people_router)
api.add_router("/", accounts_router)
api.add_router("/", agreements_router)
api.add_router("/", advisory_router)
api.add_router("/", training_router)
api.add_router("/", training_bulk_router)
api.add_router("/", training_allocation_router)
api.add_router("/", training_documents_router)
api.add_router("/", training_reports_router)
api.add_router("/", training_academics_router)
api.add_router("/", training_rotations_router)
api.add_router("/", equipment_router)
api.add_router("/", equipment_steps_router)
api.add_router("/", equipment_reports_router)
api.add_router("/", reports_router)


@csrf_exempt  # it only ever answers 404
def api_not_found(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"detail": _("Not found.")}, status=404)

"""Background tasks of training (the Django tasks API; ``tadrib worker`` runs
them from the database queue)."""

from __future__ import annotations

from django_tasks import task

from tadrib.training import allocation_services


@task()
def run_allocation(run_id: int) -> None:
    """Solve one allocation run; its progress and outcome are on the run."""
    allocation_services.execute_run(run_id)

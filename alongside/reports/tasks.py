"""Background tasks. The database backend stores them in a table; ``alongside db_worker`` runs them."""

from django_tasks import task

from .writer import write_export


@task()
def run_export(export_id: int) -> None:
    write_export(export_id)

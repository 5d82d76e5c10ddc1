"""Background tasks for check-ins; ``alongside db_worker`` runs them."""

from django_tasks import task

from .models import Questionnaire
from .reliability import refresh


@task()
def refresh_reliability(organisation_id: int, questionnaire_id: int) -> None:
    refresh(organisation_id, Questionnaire.objects.get(pk=questionnaire_id))

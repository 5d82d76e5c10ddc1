"""Background tasks: ``alongside db_worker`` sends notifications (immediately with ALONGSIDE_TASKS=immediate)."""

from __future__ import annotations

from django.utils import timezone
from django_tasks import default_task_backend, task

from .delivery import attempt
from .models import Delivery, Status


@task()
def deliver(delivery_id: int) -> None:
    tried = attempt(delivery_id)
    if tried is not None and tried.status == Status.WAITING:  # failed this time: again at its new time
        schedule(tried)


def schedule(delivery: Delivery) -> None:
    """Hand a waiting delivery to the worker: now, or at its time when the worker can wait that long.

    A backend that cannot wait (the immediate one) leaves it to ``alongside notifications send-waiting``.
    """
    if delivery.due_at <= timezone.now():
        deliver.enqueue(delivery.pk)
    elif default_task_backend.supports_defer:
        deliver.using(run_after=delivery.due_at).enqueue(delivery.pk)

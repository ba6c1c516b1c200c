"""The worker's side of webhooks: one attempt per task, the sweep of due ones."""

import logging

from django.dispatch import receiver
from django_tasks import default_task_backend, task

from partners import webhooks

logger = logging.getLogger("partners.webhooks")


@task()
def deliver_webhook(delivery_id):
    webhooks.attempt(delivery_id)


@task()
def send_due_webhooks():
    return webhooks.send_due()


@receiver(webhooks.delivery_due, dispatch_uid="partners.queue_delivery")
def queue_delivery(sender, delivery_id, run_after=None, **kwargs):
    """Queue the send of a due delivery for the worker."""
    # A backend that cannot defer (the immediate one) would send at once:
    # send_due() sends those when they are due.
    if run_after is not None and not default_task_backend.supports_defer:
        return
    try:
        if run_after is not None:
            deliver_webhook.using(run_after=run_after).enqueue(delivery_id)
        else:
            deliver_webhook.enqueue(delivery_id)
    except Exception:  # noqa: BLE001 - the row stays due: send_due() sends it
        logger.warning("webhook delivery %s not queued", delivery_id, exc_info=True)

"""The worker's side of webhooks: one attempt per task, the sweep of due ones."""

from django_tasks import task

from partners import webhooks


@task()
def deliver_webhook(delivery_id):
    webhooks.attempt(delivery_id)


@task()
def send_due_webhooks():
    return webhooks.send_due()

"""django-tasks-db's `db_worker`, with a heartbeat /healthz/ can see.

Same options and behaviour as the library's command (this app comes first in
INSTALLED_APPS, so `manage.py db_worker` is this one). Beside the worker's
loop, a thread writes the worker's heartbeat to the shared cache six times per
TASK_WORKER_HEARTBEAT_MAX_AGE: a process that is frozen, killed or cut from
the cache stops beating, and every app server's /healthz/ sees it.
"""

import threading

from django.conf import settings
from django_tasks_db.management.commands import db_worker

from cms.health import record_worker_heartbeat


def beat(worker_id, stop):
    while True:
        record_worker_heartbeat(worker_id)
        if stop.wait(settings.TASK_WORKER_HEARTBEAT_MAX_AGE / 6):
            return


class Command(db_worker.Command):
    def handle(self, *args, **options):
        stop = threading.Event()
        worker_id = options["worker_id"]
        threading.Thread(target=beat, args=(worker_id, stop), daemon=True).start()
        try:
            super().handle(*args, **options)
        finally:
            stop.set()

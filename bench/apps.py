"""The bench as a Django app, first in the bench's INSTALLED_APPS: its peers' API fields.

Wagtail's REST API v2 reads a model's `api_fields` on each request, but v3
builds its page schemas from them once, when its modules are first imported,
which `wagtail.contrib.redirects` does in its own `ready()`. Set here, in the
first `ready()` (every model is loaded by then), both peers see them.
"""

from django.apps import AppConfig


class BenchConfig(AppConfig):
    name = "bench"
    label = "bench"
    verbose_name = "Benchmark"

    def ready(self):
        from wagtail.api import APIField

        from pages.models import ContentPage, EventPage, HomePage

        def expose(model, *names):
            model.api_fields = [APIField(name) for name in names]

        # Bench only: the API fields the peers need, set on the models at run time.
        expose(HomePage, "introduction", "body")
        expose(ContentPage, "introduction", "body")
        expose(
            EventPage,
            *("start", "end", "place", "address", "status", "region", "agenda"),
            "body",
        )

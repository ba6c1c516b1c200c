from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GraphqlApiConfig(AppConfig):
    name = "graphql_api"
    verbose_name = _("GraphQL API")

    def ready(self):
        # Connect the signal receivers that empty the answer cache, warm it
        # again and forget the read model of changed pages.
        # The read model's receivers first: a prepared answer is emptied
        # before the answer cache is.
        from graphql_api.caching import (  # noqa: F401, I001
            read_model,
            read_model_freshness,
        )
        from graphql_api.caching import invalidation, warming  # noqa: F401

        # Registers how a page's body is prepared with its read model, for
        # the worker too, which serves no request and imports no schema.
        from graphql_api.content import prepared_bodies  # noqa: F401

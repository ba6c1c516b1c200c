from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GraphqlApiConfig(AppConfig):
    name = "graphql_api"
    verbose_name = _("GraphQL API")

    def ready(self):
        # Connect the signal receivers that empty the answer cache, warm it
        # again and forget the read model of changed pages.
        from graphql_api.caching import (  # noqa: F401
            invalidation,
            read_model,
            warming,
        )

        # Registers how a page's body is prepared with its read model, for
        # the worker too, which serves no request and imports no schema.
        from graphql_api.content import prepared_bodies  # noqa: F401

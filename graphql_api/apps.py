from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GraphqlApiConfig(AppConfig):
    name = "graphql_api"
    verbose_name = _("GraphQL API")

    def ready(self):
        # Connect the signal receivers that empty the response cache.
        from graphql_api import public_changes  # noqa: F401

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CmsConfig(AppConfig):
    name = "cms"
    verbose_name = _("CMS")

    def ready(self):
        from cms import http_cache
        from graphql_api.caching.answers import answers_emptied

        answers_emptied.connect(http_cache.purge_on_change)

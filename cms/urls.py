from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from cms.health import healthz
from graphql_api.views import graphql_view
from pages.sitemap import robots_txt, sitemap_xml

urlpatterns = [
    path("healthz/", healthz, name="healthz"),
    path("sitemap.xml", sitemap_xml, name="sitemap_xml"),
    path("robots.txt", robots_txt, name="robots_txt"),
    path("graphql/", graphql_view, name="graphql"),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
]

if settings.DEBUG:
    from django.conf.urls.static import static
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# Wagtail's page serving comes last: it matches every remaining path. French, the
# default language, has no prefix; English pages live under /en/.
urlpatterns += i18n_patterns(
    path("", include("forms_workflows.urls")),
    path("", include("forms_workflows.proposals.urls")),
    path("", include("forms_workflows.editor_forms.urls")),
    path("", include("pages.urls")),
    path("", include(wagtail_urls)),
    prefix_default_language=False,
)

handler404 = "cms.errors.page_not_found"

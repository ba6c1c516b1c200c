"""The project's URLs plus the benchmark's floor and peers, before Wagtail's catch-all.

- floor: a plain Django view answering the precomputed bytes of a scenario;
- peers: Wagtail's REST API v2 and its successor v3 (django-ninja) serving the
  same content, configured here only. v3 serves pages only (no snippets) and
  lists pages as summaries, so it is a peer for single pages and search.
  The pages' API fields both read are set in `bench/apps.py`.
"""

from functools import cache

from django.conf import settings
from django.http import Http404, HttpResponse
from django.urls import path
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.utils import BadRequestError
from wagtail.api.v2.views import BaseAPIViewSet, PagesAPIViewSet
from wagtail.api.v3.urls import api as v3_api
from wagtail.images.api.v2.views import ImagesAPIViewSet

from cms.urls import urlpatterns as project_urlpatterns
from pages.models import Signatory

FLOOR_DIR = settings.RESULTS_DIR / "floor"


@cache
def floor_bytes(scenario):
    try:
        return (FLOOR_DIR / f"{scenario}.json").read_bytes()
    except FileNotFoundError:
        raise Http404(scenario) from None


def floor(request, scenario):
    """The framework's floor: no database, no serialisation, the same bytes."""
    return HttpResponse(floor_bytes(scenario), content_type="application/json")


class SignatoriesAPIViewSet(BaseAPIViewSet):
    """Signatories are snippets: REST API v2 serves them through a plain viewset."""

    model = Signatory
    body_fields = BaseAPIViewSet.body_fields + [
        "name",
        "kind",
        "website",
        "signed_on",
        "logo",
        "region",
        "collaboration_plan",
    ]
    listing_default_fields = body_fields
    nested_default_fields = BaseAPIViewSet.nested_default_fields + ["name"]
    known_query_parameters = BaseAPIViewSet.known_query_parameters | {
        "site_id",
        "name_contains",
    }
    name = "signatories"

    def get_queryset(self):
        site = self.request.GET.get("site_id")
        if not site:
            raise BadRequestError("site_id is required")
        queryset = Signatory.objects.filter(
            site_id=site, is_active=True, locale__language_code="fr"
        )
        # v2 filters fields by exact value only: the filtered list's name lookup
        # is the one parameter this viewset adds to what v2 offers.
        if name := self.request.GET.get("name_contains"):
            queryset = queryset.filter(name__icontains=name)
        return queryset.select_related("region", "logo").order_by("name", "pk")


api_router = WagtailAPIRouter("bench_api")
api_router.register_endpoint("pages", PagesAPIViewSet)
api_router.register_endpoint("images", ImagesAPIViewSet)
api_router.register_endpoint("signatories", SignatoriesAPIViewSet)


urlpatterns = [
    path("bench/floor/<slug:scenario>/", floor),
    path("bench/api/v2/", api_router.urls),
    path("bench/api/v3/", v3_api.urls),
    *project_urlpatterns,
]

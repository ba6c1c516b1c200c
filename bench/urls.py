"""The project's URLs plus the benchmark's floor and peer, before Wagtail's catch-all.

- floor: a plain Django view answering the precomputed bytes of a scenario;
- peer: Wagtail's REST API v2 serving the same content, configured here only.
"""

from functools import cache

from django.conf import settings
from django.http import Http404, HttpResponse
from django.urls import path
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.utils import BadRequestError
from wagtail.api.v2.views import BaseAPIViewSet, PagesAPIViewSet
from wagtail.images.api.v2.views import ImagesAPIViewSet

from cms.urls import urlpatterns as project_urlpatterns
from pages.models import ContentPage, EventPage, HomePage, Signatory

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
    known_query_parameters = BaseAPIViewSet.known_query_parameters | {"site_id"}
    name = "signatories"

    def get_queryset(self):
        site = self.request.GET.get("site_id")
        if not site:
            raise BadRequestError("site_id is required")
        return (
            Signatory.objects.filter(
                site_id=site, is_active=True, locale__language_code="fr"
            )
            .select_related("region", "logo")
            .order_by("name", "pk")
        )


def expose(model, *names):
    from wagtail.api import APIField

    model.api_fields = [APIField(name) for name in names]


# Bench only: the API fields the peer needs, set on the models at run time.
expose(HomePage, "introduction", "body")
expose(ContentPage, "introduction", "body")
expose(
    EventPage, "start", "end", "place", "address", "status", "region", "agenda", "body"
)

api_router = WagtailAPIRouter("bench_api")
api_router.register_endpoint("pages", PagesAPIViewSet)
api_router.register_endpoint("images", ImagesAPIViewSet)
api_router.register_endpoint("signatories", SignatoriesAPIViewSet)

urlpatterns = [
    path("bench/floor/<slug:scenario>/", floor),
    path("bench/api/v2/", api_router.urls),
    *project_urlpatterns,
]

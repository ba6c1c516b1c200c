"""The public record: projects holding a stage of the label, public fields only.

Shared by the API's `projects` and the hosted labelled-projects page.
"""

from django.core.paginator import Paginator
from django.db.models import Q
from django.template.response import TemplateResponse
from django.utils import translation
from django.views.decorators.http import require_GET
from wagtail.models import Site

from forms_workflows.proposals.models import STAGES, LabelAward
from pages.models import Region


def awards(stage=None, region=None, year=None, site=None):
    """The awards (of a network's site), newest campaign first, with what the
    public fields need."""
    queryset = LabelAward.objects.select_related(
        "project", "project__region", "campaign"
    ).order_by("-campaign__year", "project__name", "pk")
    if site is not None:
        queryset = queryset.filter(of_site(site))
    if stage is not None:
        queryset = queryset.filter(stage=stage)
    if region:
        queryset = queryset.filter(project__region__code=region)
    if year is not None:
        queryset = queryset.filter(campaign__year=year)
    return queryset


def of_site(site):
    """The awards of a network: those of the proposals its site took.

    Awards entered by hand (labels older than this system) and proposals taken
    without a site belong to the default site's network, which runs the label.
    """
    own = Q(proposal__site=site)
    if site.is_default_site:
        own |= Q(proposal__isnull=True) | Q(proposal__site__isnull=True)
    return own


def network_of(award):
    """The id of the network whose `projects` list `award` (see `of_site`)."""
    proposal = award.proposal if award.proposal_id else None
    if proposal is not None and proposal.site_id:
        return proposal.site_id
    return (
        Site.objects.filter(is_default_site=True).values_list("pk", flat=True).first()
    )


def region_names(items, language_code):
    """{translation_key: name} of the items' regions in a language, in one query."""

    keys = {a.project.region.translation_key for a in items if a.project.region}
    if not keys:
        return {}
    return dict(
        Region.objects.filter(
            translation_key__in=keys, locale__language_code=language_code
        ).values_list("translation_key", "name")
    )


def public_entry(award, names, language_code):
    """The only fields of an award anybody may see, in a language."""
    project, region = award.project, award.project.region
    return {
        "name": project.name,
        "commune": project.commune,
        "region": names.get(region.translation_key, region.name) if region else None,
        "region_code": region.code if region else None,
        "stage": award.stage,
        "year": award.campaign.year,
        "public_summary": project.public_summary_in(language_code),
    }


def _int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


@require_GET
def labelled_projects(request):
    """The hosted list of labelled projects, filtered like the API's `projects`."""
    stage = _int(request.GET.get("stage"))
    year = _int(request.GET.get("year"))
    region = (request.GET.get("region") or "").strip()[:20]
    site = Site.find_for_request(request)
    listed = awards(stage, region, year, site)
    page = Paginator(listed, 50).get_page(request.GET.get("page"))
    language = translation.get_language() or "fr"
    names = region_names(page.object_list, language)
    return TemplateResponse(
        request,
        "proposals/labelled_projects.html",
        {
            "page": page,
            "entries": [
                public_entry(award, names, language) for award in page.object_list
            ],
            "stages": STAGES,
            "stage": stage,
            "year": year,
            "region": region,
        },
    )

"""The review screen's chart: self-assessment against the experts' mean, per dimension.

Server-rendered SVG with its figures written out, in black and grey with a
hatch, so it reads without colour, without JavaScript and on paper.
"""

from django.db.models import Avg
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from forms_workflows.proposals.models import ExpertScore, ProposalAnswer
from pages.models import Dimension

BAR = 14
ROW = 2 * BAR + 22
LEFT = 230
WIDTH = 560
SCALE = (WIDTH - LEFT - 60) / 3


def dimension_means(proposal):
    """[(dimension title, self mean or None, experts' mean or None)]."""

    dimensions = Dimension.objects.filter(
        referentiel_id=proposal.campaign.referentiel_id
    ).order_by("number")
    own = dict(
        ProposalAnswer.objects.filter(proposal=proposal, self_assessment__isnull=False)
        .values_list("commitment__dimension")
        .annotate(mean=Avg("self_assessment"))
    )
    experts = dict(
        ExpertScore.objects.filter(review__assignment__proposal=proposal)
        .values_list("commitment__dimension")
        .annotate(mean=Avg("score"))
    )
    return [(d.title, own.get(d.pk), experts.get(d.pk)) for d in dimensions]


def _bar(y, value, fill, label):
    if value is None:
        no_score = _("no score")
        return (
            f'<text x="{LEFT + 4}" y="{y + BAR - 3}" font-size="11">'
            f"{escape(label)}: {escape(no_score)}</text>"
        )
    width = max(value * SCALE, 1)
    return (
        f'<rect x="{LEFT}" y="{y}" width="{width:.1f}" height="{BAR}" '
        f'fill="{fill}" stroke="#000"/>'
        f'<text x="{LEFT + width + 4:.1f}" y="{y + BAR - 3}" font-size="11">'
        f"{escape(label)} {value:.1f}</text>"
    )


def render_svg(proposal):
    rows = dimension_means(proposal)
    height = 40 + ROW * len(rows)
    own_label, experts_label = _("self-assessment"), _("experts' mean")
    title = _("Self-assessment and experts' mean score (0 to 3) per dimension")
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" '
        f'aria-labelledby="chart-title" viewBox="0 0 {WIDTH} {height}" '
        f'width="{WIDTH}" height="{height}" font-family="sans-serif">',
        f'<title id="chart-title">{escape(title)}</title>',
        '<defs><pattern id="hatch" width="6" height="6" patternUnits="userSpaceOnUse" '
        'patternTransform="rotate(45)"><rect width="6" height="6" fill="#fff"/>'
        '<line x1="0" y1="0" x2="0" y2="6" stroke="#000" stroke-width="2"/>'
        "</pattern></defs>",
    ]
    for tick in range(4):
        x = LEFT + tick * SCALE
        parts.append(
            f'<line x1="{x:.1f}" y1="20" x2="{x:.1f}" y2="{height - 10}" '
            f'stroke="#999" stroke-dasharray="2,3"/>'
            f'<text x="{x:.1f}" y="14" font-size="11" text-anchor="middle">{tick}</text>'
        )
    for index, (dimension, own, experts) in enumerate(rows):
        y = 26 + index * ROW
        parts.append(
            f'<text x="0" y="{y + BAR + 4}" font-size="12">'
            f"{escape(dimension[:38])}</text>"
        )
        parts.append(_bar(y, own, "#777", own_label))
        parts.append(_bar(y + BAR + 2, experts, "url(#hatch)", experts_label))
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text above is escaped

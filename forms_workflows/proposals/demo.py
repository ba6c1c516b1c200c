"""Demo data of the label process: three campaigns, projects at several stages and
2026 proposals in every state, each state reached through `transition()`.

Project names are invented; communes and regions are real.
"""

import datetime

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile

from forms_workflows import notifications
from forms_workflows.proposals import services
from forms_workflows.proposals.models import (
    Campaign,
    ExpertAssignment,
    ExpertReview,
    ExpertScore,
    LabelAward,
    ProjectProposal,
)
from forms_workflows.workflow import transition
from pages.models import Commitment, Referentiel, Region

DEMO_PDF = b"%PDF-1.4\n% demo file\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
EXPERTS = ("expert-1", "expert-2")

# The current year's campaign is open all year, so the demo's hosted form works.
CURRENT = datetime.date.today().year
CAMPAIGNS = [
    # year, opens, closes, deciding body
    (CURRENT - 2, (CURRENT - 2, 1, 15), (CURRENT - 2, 5, 15), "regional"),
    (CURRENT - 1, (CURRENT - 1, 1, 15), (CURRENT - 1, 5, 15), "regional"),
    (CURRENT, (CURRENT, 1, 1), (CURRENT, 12, 31), "national"),
]

# name, commune, region, context, hectares, homes, leading body, kind, summary,
# stages awarded in earlier campaigns {stage: year}
PROJECTS = [
    (
        "Les Jardins de la Filature",
        "Roubaix",
        "HDF",
        "urban",
        "14.5",
        620,
        "Ville de Roubaix",
        "municipality",
        "Une ancienne filature devient un quartier mixte autour d'un parc inondable.",
        {1: CURRENT - 2, 2: CURRENT - 1},
    ),
    (
        "Cœur de Bourg",
        "Saint-Jean-de-Boiseau",
        "PDL",
        "rural",
        "3.2",
        85,
        "Commune de Saint-Jean-de-Boiseau",
        "municipality",
        "Un centre-bourg densifié autour de la halle, avec des logements pour tous les âges.",
        {1: CURRENT - 1},
    ),
    (
        "Quai des Tanneurs",
        "Strasbourg",
        "GES",
        "urban",
        "9.8",
        410,
        "SPL Deux-Rives",
        "development_company",
        "Des friches portuaires transformées en quartier sobre en énergie.",
        {1: CURRENT - 2},
    ),
    (
        "Les Coteaux Partagés",
        "Échirolles",
        "ARA",
        "suburban",
        "6.0",
        240,
        "Grenoble-Alpes Métropole",
        "intercommunality",
        "",
        {},
    ),
    (
        "Hameau des Lavandières",
        "Pessac",
        "NAQ",
        "suburban",
        "4.1",
        120,
        "Collectif Habiter Pessac",
        "collective",
        "",
        {},
    ),
    (
        "Les Prés du Moulin",
        "Brétigny-sur-Orge",
        "IDF",
        "suburban",
        "11.0",
        500,
        "EPA Paris-Saclay",
        "public_development_body",
        "",
        {},
    ),
    (
        "Îlot des Capucins",
        "Angers",
        "PDL",
        "urban",
        "2.4",
        150,
        "Ville d'Angers",
        "municipality",
        "",
        {},
    ),
]

# The English readers' public summary, by project name (an editor's translation).
SUMMARIES_EN = {
    "Les Jardins de la Filature": "A former spinning mill becomes a mixed "
    "neighbourhood around a park that takes in floods.",
    "Cœur de Bourg": "A village centre made denser around its market hall, with "
    "homes for every age.",
    "Quai des Tanneurs": "Port wasteland turned into an energy-sparing neighbourhood.",
}

# project index, stage, the actions that lead to its state, applicant's language
PROPOSALS = [
    (0, 3, ["submit", "check_eligibility", "start_expert_review"], "fr"),
    (1, 2, [], "fr"),
    (
        2,
        2,
        ["submit", "check_eligibility", "start_expert_review", "send_to_commission"],
        "fr",
    ),
    (3, 1, ["submit"], "fr"),
    (4, 1, ["submit", "check_eligibility", "request_changes"], "en"),
    (5, 1, ["submit", "check_eligibility", "send_to_commission", "award"], "fr"),
    (6, 1, ["submit", "withdraw"], "fr"),
]
COMMENTS = {
    "request_changes": "Merci de joindre le plan masse à jour.",
    "award": "La commission salue la concertation menée avec les habitants.",
}


class _Commission:
    """The demo's decider: acts as a member of the label commission."""

    pk = None
    is_active = True
    is_authenticated = True

    def has_perm(self, permission):
        return True


def _referentiel():
    return (
        Referentiel.objects.filter(locale__language_code="fr", version="2016").first()
        or Referentiel.objects.filter(locale__language_code="fr").first()
    )


def _campaigns(referentiel):
    campaigns = {}
    for year, opens, closes, body in CAMPAIGNS:
        campaigns[year], _created = Campaign.objects.get_or_create(
            year=year,
            defaults={
                "referentiel": referentiel,
                "opens_on": datetime.date(*opens),
                "closes_on": datetime.date(*closes),
                "pre_application_deadline": datetime.date(year, 4, 15),
                "complete_file_deadline": datetime.date(year, 5, 15),
                "review_starts_on": datetime.date(year, 5, 16),
                "review_ends_on": datetime.date(year, 8, 15),
                "commission_date": datetime.date(year, 10, 15),
                "deciding_body": body,
            },
        )
    return campaigns


def _experts():
    group = Group.objects.get(name="Experts")
    experts = []
    for username in EXPERTS:
        user, created = get_user_model().objects.get_or_create(
            username=username,
            defaults={"email": f"{username}@demo.invalid", "is_staff": True},
        )
        if created:
            # load_demo gives it the demo password with the other accounts
            user.set_unusable_password()
            user.save()
        user.groups.add(group)
        experts.append(user)
    return experts


def _data(project, stage, language):
    commitments = Commitment.objects.filter(
        dimension__referentiel=_referentiel()
    ).order_by("number")
    return {
        "project_name": project[0],
        "commune": project[1],
        "region": project[2],
        "context": project[3],
        "area_hectares": project[4],
        "homes": str(project[5]),
        "leading_body": project[6],
        "leading_body_kind": project[7],
        "stage": str(stage),
        "presentation_note": f"{project[8] or project[0]} Note de présentation "
        "de démonstration.",
        "contact_name": "Camille Demo",
        "contact_email": "projet@demo.invalid",
        "consent": True,
        "language": language,
        "answers": {
            c.number: {
                "answer": f"Réponse de démonstration à l'engagement {c.number}.",
                "self_assessment": (c.number + stage) % 4,
            }
            for c in commitments
        },
    }


def _files(stage):
    uploads = {"plan": [ContentFile(DEMO_PDF, name="plan-masse.pdf")]}
    if stage == 1:
        uploads["charter"] = [ContentFile(DEMO_PDF, name="charte-signee.pdf")]
    return uploads


def load():
    """Add the demo campaigns, projects and proposals; return how many proposals."""
    if ProjectProposal.objects.exists():
        return 0
    referentiel = _referentiel()
    if referentiel is None:
        return 0
    campaigns = _campaigns(referentiel)
    experts = _experts()
    decider = _Commission()
    created = 0
    with notifications.muted():
        for index, stage, actions, language in PROPOSALS:
            item = PROJECTS[index]
            outcome = services.save_draft(
                _data(item, stage, language),
                _files(stage),
                year=CURRENT,
                check_guards=False,
            )
            proposal = outcome.proposal
            if proposal is None:
                raise RuntimeError(f"demo proposal refused: {outcome.errors}")
            created += 1
            project = proposal.project
            project.public_summary = item[8]
            project.public_summary_en = SUMMARIES_EN.get(item[0], "")
            project.save(update_fields=["public_summary", "public_summary_en"])
            for earlier_stage, year in item[9].items():
                LabelAward.objects.create(
                    project=project,
                    stage=earlier_stage,
                    campaign=campaigns[year],
                    awarded_on=datetime.date(year, 12, 5),
                )
            for action in actions:
                user = None if action in ("submit", "withdraw") else decider
                transition(
                    proposal, action, user=user, comment=COMMENTS.get(action, "")
                )
            if "start_expert_review" in actions:
                _assign(proposal, experts, reviewed="send_to_commission" in actions)
    return created


def _region(code):
    return Region.objects.filter(code=code, locale__language_code="fr").first()


def _assign(proposal, experts, reviewed):
    commitments = Commitment.objects.filter(
        dimension__referentiel_id=proposal.campaign.referentiel_id
    )
    for number, expert in enumerate(experts):
        assignment, _created = ExpertAssignment.objects.get_or_create(
            proposal=proposal, expert=expert
        )
        if not reviewed and number == 1:
            continue  # the second expert has not written their review yet
        review = ExpertReview.objects.create(
            assignment=assignment,
            site_visit_on=datetime.date(CURRENT, 6, 10 + number),
            recommendation="award",
            summary="Visite de site réalisée avec l'équipe projet.",
        )
        ExpertScore.objects.bulk_create(
            ExpertScore(
                review=review,
                commitment=commitment,
                score=(commitment.number + number) % 4,
                comment="Engagement documenté.",
            )
            for commitment in commitments
        )

"""Demo data of the applications app: the hosted form pages and applications in
several states, every state reached through `workflow.transition()`."""

from django.utils import timezone
from wagtail.models import Locale

from forms_workflows import notifications, workflow
from forms_workflows.adhesions.forms import CONSENT_VERSION
from forms_workflows.adhesions.models import AdhesionFormPage, CharterAdhesion
from forms_workflows.machine import Role
from pages.models import CharterPage, NetworkSettings, Region

FORM_PAGE = {
    "fr": {
        "title": "Adhérer à la charte",
        "slug": "adherer",
        "introduction": "<p>Votre organisation souhaite rejoindre les partenaires "
        "de la démarche ÉcoQuartier ? Décrivez-la et proposez votre plan de "
        "collaboration : l'équipe du réseau examine chaque demande.</p>",
    },
    "en": {
        "title": "Sign the charter",
        "slug": "sign",
        "introduction": "<p>Would your organisation like to join the partners of "
        "the ÉcoQuartier approach? Describe it and propose your collaboration "
        "plan: the network's team reviews every application.</p>",
    },
}

PLAN = [
    {
        "title": "Partager et étendre nos réseaux",
        "actions": ["Proposer des visites communes de projets"],
    },
    {
        "title": "Se former ensemble",
        "actions": ["Ouvrir nos formations aux équipes des collectivités"],
    },
]

# (organisation, kind, region code, language, the actions that lead to its state)
CLUB_APPLICATIONS = [
    ("Agence d'urbanisme de la région grenobloise", "network", "ARA", "fr", []),
    ("Métropole de Lyon", "local_authority", "ARA", "fr", ["confirm_email"]),
    (
        "Parc naturel régional du Vexin français",
        "association",
        "IDF",
        "fr",
        ["confirm_email", "start_review", "add_note"],
    ),
    (
        "Habitat Participatif France",
        "association",
        "",
        "en",
        ["confirm_email", "start_review", "request_changes"],
    ),
    (
        "Bordeaux-Euratlantique (EPA)",
        "state_service",
        "NAQ",
        "fr",
        ["confirm_email", "start_review", "approve"],
    ),
    (
        "Immobilière Exemple SA",
        "company",
        "",
        "fr",
        ["confirm_email", "reject"],
    ),
    ("Collectif Quartiers durables", "association", "PDL", "en", ["withdraw"]),
]
# Another network's own applications: only its reviewers (and staff who review
# every network) see them.
REGIES_APPLICATIONS = [
    (
        "Office public de l'habitat de Roubaix",
        "social_landlord",
        "HDF",
        "fr",
        ["confirm_email"],
    ),
    (
        "Centre social des Trois Cités",
        "association",
        "NAQ",
        "fr",
        ["confirm_email", "start_review"],
    ),
    ("Entreprise d'insertion Exemple", "company", "", "fr", []),
]
APPLICATIONS = {"club": CLUB_APPLICATIONS, "regies": REGIES_APPLICATIONS}

COMMENTS = {
    "add_note": ("", "Statuts reçus par courrier ; vérifier la délibération."),
    "request_changes": (
        "Please add at least one action on training to your plan.",
        "",
    ),
    "approve": ("Bienvenue parmi les partenaires de la charte !", ""),
    "reject": (
        "Votre demande relève d'une offre commerciale, hors du champ de la charte.",
        "",
    ),
}


class DemoReviewer:
    """Stands in for a reviewer while the demo is loaded (no account needed)."""

    pk = None
    is_active = True
    is_superuser = True  # of every network

    def has_perm(self, permission):
        return True


def ensure_form_pages():
    """Put the hosted adhesion form under every French charter page, with its
    English translation."""

    english = Locale.objects.filter(language_code="en").first()
    pages = []
    for charter in CharterPage.objects.filter(locale__language_code="fr"):
        form_page = AdhesionFormPage.objects.child_of(charter).first()
        if form_page is None:
            form_page = charter.add_child(
                instance=AdhesionFormPage(
                    title=FORM_PAGE["fr"]["title"],
                    slug=FORM_PAGE["fr"]["slug"],
                    introduction=FORM_PAGE["fr"]["introduction"],
                    locale=charter.locale,
                    # The form is the charter's entry in the menu's second level.
                    show_in_menus=True,
                )
            )
            form_page.save_revision().publish()
        english_charter = english and charter.get_translation_or_none(english)
        if english_charter and not form_page.has_translation(english):
            copy = form_page.copy_for_translation(english)
            copy.title = FORM_PAGE["en"]["title"]
            copy.slug = FORM_PAGE["en"]["slug"]
            copy.introduction = FORM_PAGE["en"]["introduction"]
            copy.save_revision().publish()
        pages.append(form_page)
    return pages


def load_applications(form_page):
    charter = form_page.get_parent().specific
    site = charter.get_site()
    network = NetworkSettings.objects.filter(site=site).first()
    applications = APPLICATIONS.get(network.key if network else "", [])
    reviewer = DemoReviewer()
    created = 0
    for number, (name, kind, region, language, actions) in enumerate(applications):
        key = f"demo-{charter.pk}-{number}"
        if CharterAdhesion.objects.filter(idempotency_key=key).exists():
            continue
        slug = "".join(c for c in name.lower() if c.isalnum())[:20]
        adhesion = CharterAdhesion(
            reference=CharterAdhesion.next_reference(),
            idempotency_key=key,
            charter_page=charter,
            site=site,
            organisation_name=name,
            organisation_kind=kind,
            organisation_address="1 place de l'Exemple, 75000 Paris",
            region=Region.objects.filter(code=region, locale=charter.locale).first(),
            website="",
            contact_name="Dominique Exemple",
            contact_role="Chargé·e de mission",
            contact_email=f"contact@{slug}.demo.invalid",
            signatory_name="Claude Exemple",
            signatory_title="Président·e",
            collaboration_plan=PLAN,
            consent_version=CONSENT_VERSION,
            consent_given_at=timezone.now(),
            language=language,
        )
        workflow.start(adhesion)
        for action in actions:
            comment, note = COMMENTS.get(action, ("", ""))
            role = adhesion.workflow.action(action).roles[0]
            user = reviewer if role == Role.REVIEWER else None
            workflow.transition(adhesion, action, user=user, comment=comment, note=note)
        created += 1
    return created


def load():
    """Load the demo (idempotent); return how many applications were created."""
    with notifications.muted():
        return sum(load_applications(page) for page in ensure_form_pages())

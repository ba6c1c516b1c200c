"""Demo of editor-built forms: the club's registrations, survey and letter; one on the Régies.

Facts from the seeds (the welcome seminars at the Grande Arche, the DREALs'
regional trainings, the satisfaction questionnaire, the monthly letter); the
dates are the next ones to come, so the forms are open whenever the demo is
loaded. Every answer goes through `services.submit`, as a visitor's would.
"""

import time as time_module
from datetime import datetime, time, timedelta

from django.utils import timezone
from wagtail.models import Locale

from forms_workflows import guards, notifications
from forms_workflows.editor_forms import services
from forms_workflows.editor_forms.demo_questions import (
    letter_fields,
    registration_fields,
    survey_fields,
)
from forms_workflows.editor_forms.models import EditorFormPage, FormSubmission
from pages.models import (
    EventIndexPage,
    EventPage,
    HomePage,
    NetworkSettings,
    TrainingIndexPage,
    TrainingPage,
)

PRIVACY = {
    "fr": "Le réseau utilise ces réponses pour organiser la rencontre et vous "
    "écrire à son sujet. Seule son équipe les lit ; elles ne sont jamais publiées.",
    "en": "The network uses these answers to organise the meeting and to write "
    "to you about it. Only its team reads them; they are never published.",
}


def next_date(month, day, hour, minute=0, at_least=timedelta(days=21)):
    """The next `day`/`month` at least `at_least` from now, at the given time (Paris)."""
    now = timezone.localtime()
    year = now.year
    while True:
        moment = timezone.make_aware(
            datetime.combine(datetime(year, month, day).date(), time(hour, minute))
        )
        if moment - now >= at_least:
            return moment
        year += 1


def home_of(key):
    network = NetworkSettings.objects.filter(key=key).select_related("site").first()
    if network is None:
        return None
    return HomePage.objects.filter(pk=network.site.root_page_id).first()


def translate(page, english, **fields):
    """The page's English copy (created once), with `fields` set, published."""
    if english is None or page.has_translation(english):
        return page.get_translation_or_none(english) if english else None
    if not page.get_parent().has_translation(english):
        return None
    copy = page.copy_for_translation(english)
    for name, value in fields.items():
        setattr(copy, name, value)
    copy.save_revision().publish()
    return copy


def child(parent, model, slug, **fields):
    """The child of `parent` called `slug`, added and published once."""
    found = model.objects.child_of(parent).filter(slug=slug).first()
    if found:
        return found, False
    page = parent.add_child(instance=model(slug=slug, locale=parent.locale, **fields))
    page.save_revision().publish()
    return page, True


def add_form(home, english, slug, en_slug, title, en_title, fields_of, **values):
    page, created = child(
        home,
        EditorFormPage,
        slug,
        title=title,
        form_fields=fields_of("fr"),
        privacy_notice=values.pop("privacy_fr", PRIVACY["fr"]),
        **{k: v for k, v in values.items() if k not in ("privacy_en", "intro_en")},
    )
    if created:
        event = values.get("event_page")
        english_event = event.get_translation_or_none(english) if event else None
        translate(
            page,
            english,
            event_page=english_event or event,
            title=en_title,
            slug=en_slug,
            form_fields=fields_of("en"),
            privacy_notice=values.get("privacy_en", PRIVACY["en"]),
            introduction=values.get("intro_en", ""),
        )
    return page


def seminar(home, english):
    index = EventIndexPage.objects.child_of(home).first()
    if index is None:
        return None
    start = next_date(3, 27, 9, 30)
    event, created = child(
        index,
        EventPage,
        f"seminaire-accueil-{start.year}",
        title=f"Séminaire d'accueil des nouveaux membres ({start.day} mars {start.year})",
        start=start,
        end=start.replace(hour=17, minute=0),
        place="Grande Arche de la Défense",
        address="1 parvis de la Défense, 92800 Puteaux",
    )
    if created:
        translate(
            event,
            english,
            title=f"Welcome seminar for new members ({start.day} March {start.year})",
            slug=f"welcome-seminar-{start.year}",
        )
    return event


def training(home, english):
    index = TrainingIndexPage.objects.child_of(home).first()
    if index is None:
        return None
    start = next_date(4, 15, 9, 30)
    session = {
        "start": start,
        "end": start.replace(hour=17, minute=0),
        "place": "DREAL Auvergne-Rhône-Alpes, Lyon",
        "address": "5 place Jules Ferry, 69006 Lyon",
    }
    page, created = child(
        index,
        TrainingPage,
        f"planifier-un-ecoquartier-{start.year}",
        title=f"Planifier un ÉcoQuartier : journée régionale {start.year}",
        topic="Planification et ÉcoQuartiers",
        audience="Élus et techniciens des collectivités",
        sessions=[("session", session)],
    )
    if created:
        translate(
            page,
            english,
            title=f"Planning an ÉcoQuartier: regional day {start.year}",
            slug=f"planning-an-ecoquartier-{start.year}",
            topic="Planning and ÉcoQuartiers",
            audience="Elected officials and local authority staff",
        )
    return page


def answer(page, number, values):
    """One demo answer through the service (once: its idempotency key)."""
    return services.submit(
        page,
        values,
        form_token=guards.issue_form_token(issued_at=time_module.time() - 60),
        idempotency_key=f"demo-{page.pk}-{number}",
        # Counted against a key's quota, as a partner's server would be.
        caller=guards.Caller(site_id=None, client="key:demo", quota=10_000),
    )


def answered(page):
    return FormSubmission.objects.filter(form_key=page.translation_key).exists()


def registrations(page, count):
    if answered(page):
        return
    for number in range(count):
        answer(
            page,
            number,
            {
                "name": f"Participant {number + 1}",
                "email": f"participant{number + 1}@demo.invalid",
                "organisation": "Commune de démonstration",
                "lunch": "no",
                "consent": "true",
            },
        )


def load_club(english):
    home = home_of("club")
    if home is None:
        return 0
    event = seminar(home, english)
    if event is not None:
        form = add_form(
            home,
            english,
            "inscription-seminaire-accueil",
            "welcome-seminar-registration",
            "Inscription au séminaire d'accueil",
            "Registration for the welcome seminar",
            registration_fields,
            introduction="<p>Le matin, l'équipe présente les outils du club ; "
            "l'après-midi, des thèmes approfondis en atelier.</p>",
            intro_en="<p>In the morning, the team presents the club's tools; in "
            "the afternoon, workshops go deeper into chosen themes.</p>",
            event_page=event,
            places=150,
            retention_days=180,
        )
        registrations(form, 12)
    session = training(home, english)
    if session is not None:
        form = add_form(
            home,
            english,
            "inscription-planifier-un-ecoquartier",
            "planning-an-ecoquartier-registration",
            "Inscription : planifier un ÉcoQuartier",
            "Registration: planning an ÉcoQuartier",
            registration_fields,
            event_page=session,
            session_number=1,
            places=20,
            retention_days=180,
        )
        registrations(form, 17)  # three places left
    survey = add_form(
        home,
        english,
        "questionnaire-de-satisfaction",
        "satisfaction-questionnaire",
        "Questionnaire de satisfaction des membres",
        "Members' satisfaction questionnaire",
        survey_fields,
        behaviour="survey",
        anonymous=True,
        introduction="<p>Vos réponses aident à réorganiser le club. Elles sont "
        "anonymes : ni adresse ni nom ne sont gardés.</p>",
        intro_en="<p>Your answers help reorganise the club. They are anonymous: "
        "no address nor name is kept.</p>",
        privacy_fr="Ce questionnaire est anonyme : aucune adresse, aucun nom ni "
        "aucune adresse IP n'est gardé avec les réponses.",
        privacy_en="This questionnaire is anonymous: no address, name or IP "
        "address is kept with the answers.",
        retention_days=365,
    )
    answers = [
        ("3", ["letter", "grid"], "true"),
        ("2", ["extranet"], "true"),
        ("3", [], "false"),
    ]
    already = answered(survey)
    for number, (overall, tools, regional) in enumerate(answers):
        if already:
            break
        answer(
            survey, number, {"overall": overall, "tools": tools, "regional": regional}
        )
    add_form(
        home,
        english,
        "lettre-mensuelle",
        "monthly-letter",
        "La lettre mensuelle du club",
        "The club's monthly letter",
        letter_fields,
        behaviour="signup",
        introduction="<p>Chaque mois, les nouvelles du club et des ÉcoQuartiers.</p>",
        intro_en="<p>Every month, news of the club and of ÉcoQuartiers.</p>",
        privacy_fr="Votre adresse sert seulement à vous envoyer la lettre ; un "
        "lien de désinscription figure dans chaque envoi.",
        privacy_en="Your address is used only to send you the letter; each "
        "issue carries an unsubscribe link.",
        retention_days=1095,
    )
    return FormSubmission.objects.count()


def load_regies(english):
    home = home_of("regies")
    if home is None:
        return 0
    index, created = child(home, EventIndexPage, "rencontres", title="Rencontres")
    if created:
        translate(index, english, title="Meetings", slug="meetings")
    start = next_date(6, 12, 9, 30)
    event, created = child(
        index,
        EventPage,
        f"journee-des-partenaires-{start.year}",
        title=f"Journée des partenaires des régies ({start.year})",
        start=start,
        end=start.replace(hour=16, minute=30),
        place="Paris",
        address="Paris",
    )
    if created:
        translate(
            event,
            english,
            title=f"Boards' partners day ({start.year})",
            slug=f"partners-day-{start.year}",
        )
    add_form(
        home,
        english,
        "inscription-journee-des-partenaires",
        "partners-day-registration",
        "Inscription à la journée des partenaires",
        "Registration for the partners' day",
        registration_fields,
        introduction="<p>Habitants, collectivités, bailleurs sociaux et "
        "partenaires socio-économiques : une journée pour croiser les regards "
        "sur les régies de quartier.</p>",
        intro_en="<p>Residents, local authorities, social landlords and "
        "socio-economic partners: a day to share views on neighbourhood boards.</p>",
        event_page=event,
        places=80,
        retention_days=180,
    )
    return 0


def load():
    """Load the demo forms (idempotent); return how many answers there are."""
    english = Locale.objects.filter(language_code="en").first()
    with notifications.muted():
        load_regies(english)
        return load_club(english)

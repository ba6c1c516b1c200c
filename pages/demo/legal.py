"""The demo networks' legal notice, privacy policy and accessibility statement.

Built as the loader's YAML data (`{fr, en}` pairs) so they are ordinary content
pages an editor changes and translates. The privacy policy states the retention
periods the project enforces (`FORMS_WORKFLOWS_RETENTION_DAYS`, applied by
`manage.py anonymise_applications`), read from the settings so it cannot drift.
"""

from django.conf import settings

STATE_NAMES = {
    "awaiting_email_confirmation": {
        "fr": "demande dont l'adresse e-mail n'a pas été confirmée",
        "en": "application whose e-mail address was never confirmed",
    },
    "draft": {"fr": "brouillon non envoyé", "en": "draft never sent"},
    "deferred": {"fr": "projet ajourné", "en": "deferred project"},
    "rejected": {"fr": "demande refusée", "en": "rejected application"},
    "withdrawn": {"fr": "demande retirée", "en": "withdrawn application"},
    "revoked": {"fr": "adhésion ou label retiré", "en": "revoked membership or label"},
}


def heading(fr, en):
    return {"type": "heading", "value": {"text": {"fr": fr, "en": en}, "level": "h2"}}


def paragraph(fr, en):
    return {"type": "paragraph", "value": {"fr": fr, "en": en}}


def retention_items():
    """Return the retention periods as `<li>` items in French and English."""
    items = {"fr": [], "en": []}
    for state, days in settings.FORMS_WORKFLOWS_RETENTION_DAYS.items():
        if days is None:
            continue
        name = STATE_NAMES.get(state, {"fr": state, "en": state})
        items["fr"].append(
            f"<li>{name['fr']} : {days} jours après son dernier changement</li>"
        )
        items["en"].append(f"<li>{name['en']}: {days} days after its last change</li>")
    return {lang: "<ul>" + "".join(lines) + "</ul>" for lang, lines in items.items()}


def in_both_languages(network, name):
    """{fr, en} of a legal detail: its English version, or the French one."""
    french = network.get(name, "")
    return {"fr": french, "en": network.get(f"{name}_en") or french}


def legal_notice(network):
    publisher = in_both_languages(network, "publisher")
    director = in_both_languages(network, "publication_director")
    address = network.get("postal_address", "").replace("\n", ", ")
    host = network.get("hosting_provider", "").replace("\n", ", ")
    email = network.get("contact_email", "")
    return {
        "type": "ContentPage",
        "slug": {"fr": "mentions-legales", "en": "legal-notice"},
        "title": {"fr": "Mentions légales", "en": "Legal notice"},
        "fields": {
            "introduction": {
                "fr": "<p>Qui publie ce site, qui l'héberge et comment nous joindre.</p>",
                "en": "<p>Who publishes this site, who hosts it and how to reach us.</p>",
            },
            "body": [
                heading("Éditeur", "Publisher"),
                paragraph(
                    f"<p>{publisher['fr']}<br/>{address}<br/>Contact : {email}</p>",
                    f"<p>{publisher['en']}<br/>{address}<br/>Contact: {email}</p>",
                ),
                heading("Directeur de la publication", "Publication director"),
                paragraph(f"<p>{director['fr']}</p>", f"<p>{director['en']}</p>"),
                heading("Hébergement", "Hosting"),
                paragraph(f"<p>{host}</p>", f"<p>{host}</p>"),
                heading("Propriété intellectuelle", "Intellectual property"),
                paragraph(
                    "<p>Les textes de ce site peuvent être repris en citant leur "
                    "source. Les illustrations sont produites pour ce site.</p>",
                    "<p>The texts of this site may be reused with their source "
                    "named. The illustrations are made for this site.</p>",
                ),
            ],
        },
    }


def privacy_policy(network):
    retention = retention_items()
    email = network.get("contact_email", "")
    return {
        "type": "ContentPage",
        "slug": {"fr": "donnees-personnelles", "en": "privacy-policy"},
        "title": {"fr": "Données personnelles", "en": "Privacy policy"},
        "fields": {
            "introduction": {
                "fr": "<p>Ce que nos formulaires collectent, pourquoi, combien de "
                "temps, et comment exercer vos droits.</p>",
                "en": "<p>What our forms collect, why, for how long, and how to "
                "exercise your rights.</p>",
            },
            "body": [
                heading("Ce que nous collectons", "What we collect"),
                paragraph(
                    "<p>Le formulaire d'adhésion à la charte collecte le nom et le "
                    "type de votre organisation, sa région, le nom, la fonction et "
                    "l'adresse e-mail de la personne qui la représente, et votre "
                    "plan de collaboration. La proposition de projet ÉcoQuartier "
                    "collecte en plus la commune, la description du projet et les "
                    "pièces jointes que vous déposez.</p>",
                    "<p>The charter adhesion form collects your organisation's name "
                    "and kind, its region, the name, role and e-mail address of the "
                    "person representing it, and your collaboration plan. The "
                    "ÉcoQuartier project proposal also collects the municipality, "
                    "the project's description and the files you upload.</p>",
                ),
                paragraph(
                    "<p>Les formulaires que le réseau publie (inscriptions à une "
                    "rencontre ou une formation, questionnaires, lettre "
                    "d'information) collectent les réponses qu'ils demandent. Une "
                    "inscription garde votre nom et votre adresse e-mail pour "
                    "confirmer votre place, vous prévenir d'un changement et vous "
                    "rappeler la date ; une inscription à la lettre ne devient "
                    "active qu'une fois votre adresse confirmée, et chaque envoi "
                    "permet de vous désinscrire en un clic ; un questionnaire "
                    "anonyme ne garde ni adresse, ni nom, ni adresse IP. Chaque "
                    "formulaire indique, au-dessus de son bouton d'envoi, la durée "
                    "au terme de laquelle les données personnelles de vos réponses "
                    "sont effacées (trois ans au plus). Vos réponses ne sont "
                    "jamais publiées ni transmises aux sites partenaires.</p>",
                    "<p>The forms the network publishes (registrations for a "
                    "meeting or a training, surveys, newsletter) collect the "
                    "answers they ask for. A registration keeps your name and "
                    "e-mail address to confirm your place, tell you of a change "
                    "and remind you of the date; a newsletter sign-up is active "
                    "only once you have confirmed your address, and every issue "
                    "lets you unsubscribe in one click; an anonymous survey keeps "
                    "no address, name or IP address. Each form states, above its "
                    "send button, after how long the personal data of your "
                    "answers are erased (three years at most). Your answers are "
                    "never published nor passed on to partner sites.</p>",
                ),
                heading("Pourquoi", "Why"),
                paragraph(
                    "<p>Pour examiner votre demande, vous répondre et, si elle est "
                    "acceptée, publier le nom de l'organisation signataire ou du "
                    "projet labellisé. Le nom et l'adresse de la personne de contact "
                    "ne sont jamais publiés. Base légale : l'exécution de la "
                    "démarche que vous demandez et votre consentement.</p>",
                    "<p>To review your application, answer you and, if it is "
                    "accepted, publish the name of the signatory organisation or of "
                    "the labelled project. The contact person's name and address are "
                    "never published. Legal basis: carrying out the process you ask "
                    "for, and your consent.</p>",
                ),
                heading("Combien de temps", "How long"),
                paragraph(
                    "<p>Les données personnelles d'une demande sont effacées "
                    "automatiquement après ces durées :</p>" + retention["fr"] + "<p>"
                    "Une demande acceptée est conservée tant que l'adhésion ou le "
                    "label est en vigueur.</p>",
                    "<p>The personal data of an application are erased "
                    "automatically after these periods:</p>" + retention["en"] + "<p>"
                    "An accepted application is kept while the membership or label "
                    "lasts.</p>",
                ),
                heading("Vos droits", "Your rights"),
                paragraph(
                    "<p>Vous pouvez consulter, corriger ou faire effacer vos données, "
                    f"et vous opposer à leur traitement, en écrivant à {email}. Si "
                    "notre réponse ne vous satisfait pas, vous pouvez saisir "
                    "l'autorité de protection des données de votre pays (la CNIL en "
                    "France).</p>",
                    "<p>You may read, correct or have your data erased, and object "
                    f"to their processing, by writing to {email}. If our answer does "
                    "not satisfy you, you may refer the matter to your country's data "
                    "protection authority (the CNIL in France).</p>",
                ),
                heading("Cookies", "Cookies"),
                paragraph(
                    "<p>Ce site ne dépose aucun cookie de mesure d'audience ni de "
                    "publicité, et ne charge aucune ressource d'un autre site.</p>",
                    "<p>This site sets no analytics or advertising cookie and loads "
                    "nothing from another site.</p>",
                ),
            ],
        },
    }


def accessibility_statement(network):
    publisher = in_both_languages(network, "publisher")
    email = network.get("contact_email", "")
    return {
        "type": "ContentPage",
        "slug": {"fr": "accessibilite", "en": "accessibility"},
        "title": {"fr": "Déclaration d'accessibilité", "en": "Accessibility statement"},
        "fields": {
            "introduction": {
                "fr": f"<p>{publisher['fr']} s'engage à rendre ce site accessible, "
                "conformément à l'article 47 de la loi n° 2005-102 du 11 février "
                "2005.</p>",
                "en": f"<p>{publisher['en']} is committed to making this site accessible, "
                "in accordance with article 47 of French law 2005-102 of 11 "
                "February 2005.</p>",
            },
            "body": [
                heading("État de conformité", "Compliance status"),
                paragraph(
                    "<p>Ce site est non conforme au référentiel général "
                    "d'amélioration de l'accessibilité (RGAA 4.1), faute d'audit "
                    "complet à ce jour. Les tests automatisés (axe-core, Lighthouse) "
                    "ne relèvent aucune erreur.</p>",
                    "<p>This site is not compliant with the French accessibility "
                    "standard (RGAA 4.1), as no full audit has been carried out yet. "
                    "Automated tests (axe-core, Lighthouse) find no error.</p>",
                ),
                heading("Contenus non accessibles", "Non-accessible content"),
                paragraph(
                    "<p>Non-conformités : les critères que seul un audit manuel peut "
                    "vérifier restent à contrôler. Dérogations pour charge "
                    "disproportionnée : aucune. Contenus non soumis à l'obligation : "
                    "les documents PDF publiés avant le 23 septembre 2018.</p>",
                    "<p>Non-compliance: the criteria only a manual audit can check "
                    "remain to be verified. Exemptions for disproportionate burden: "
                    "none. Content outside the obligation: PDF documents published "
                    "before 23 September 2018.</p>",
                ),
                heading(
                    "Établissement de cette déclaration",
                    "Preparation of this statement",
                ),
                paragraph(
                    "<p>Technologies : HTML, CSS. Outils : axe-core, Lighthouse, "
                    "navigation au clavier, Chromium. Pages testées : accueil, "
                    "charte, formulaire d'adhésion, projets labellisés, mentions "
                    "légales, données personnelles, plan du site.</p>",
                    "<p>Technologies: HTML, CSS. Tools: axe-core, Lighthouse, "
                    "keyboard navigation, Chromium. Pages tested: home, charter, "
                    "adhesion form, labelled projects, legal notice, privacy policy, "
                    "site map.</p>",
                ),
                heading("Retour d'information et contact", "Feedback and contact"),
                paragraph(
                    "<p>Si vous ne pouvez pas accéder à un contenu ou un service, "
                    f"écrivez à {email} : nous vous proposerons une alternative "
                    "accessible.</p>",
                    "<p>If you cannot access some content or a service, write to "
                    f"{email}: we will offer you an accessible alternative.</p>",
                ),
                heading("Voies de recours", "Remedies"),
                paragraph(
                    "<p>Si vous nous avez signalé un défaut d'accessibilité sans "
                    "obtenir de réponse satisfaisante, vous pouvez écrire au Défenseur "
                    "des droits, contacter son délégué dans votre région, ou lui "
                    "écrire gratuitement : Défenseur des droits, Libre réponse 71120, "
                    "75342 Paris CEDEX 07.</p>",
                    "<p>If you reported an accessibility problem and did not get a "
                    "satisfactory answer, you may write to the Défenseur des droits "
                    "(the French rights ombudsman), contact its delegate in your "
                    "region, or write free of charge to: Défenseur des droits, Libre "
                    "réponse 71120, 75342 Paris CEDEX 07.</p>",
                ),
            ],
        },
    }


LEGAL_PAGES = {
    "legal_notice_page": legal_notice,
    "privacy_page": privacy_policy,
    "accessibility_page": accessibility_statement,
}

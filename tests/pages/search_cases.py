"""The relevance set: searches people type, and the page they expect in the top three.

(network, language, search, a part of the expected page's title). Plurals,
verb and noun forms, missing accents, elisions and one typo each for ten of
them, on each of the three demo networks. docs/search.md reports the share
found (hit@3) on each database.
"""

CASES = [
    # The searches of issue 29, which found nothing or the wrong page.
    ("club", "fr", "rapport final ministre", "Le rapport final remis aux ministres"),
    ("club", "fr", "rencontres nationales", "Rencontre nationale des membres"),
    ("club", "fr", "séminaires d'accueil", "Séminaire d'accueil des nouveaux membres"),
    ("club", "fr", "association elu", "Les associations d'élus signent la charte"),
    ("club", "fr", "visites montpellier", "Visite d'un ÉcoQuartier à Montpellier"),
    ("club", "fr", "gouvernances", "Gouvernance des ÉcoQuartiers"),
    ("club", "en", "minister report", "Final report handed to the ministers"),
    ("club", "en", "visits montpellier", "Visit of an ÉcoQuartier in Montpellier"),
    ("req", "fr", "mission", "Nos missions"),
    ("club", "en", "seminars", "Welcome seminar for new members"),
    # Plurals, verb and noun forms, accents left out, elisions.
    ("club", "fr", "financer", "Financer un ÉcoQuartier"),
    ("club", "fr", "charte partenaire", "Charte des partenaires des ÉcoQuartiers"),
    ("club", "fr", "seminaire accueil", "Séminaire d'accueil des nouveaux membres"),
    ("club", "fr", "decouvrir ecoquartier", "Découvrir les ÉcoQuartiers"),
    ("club", "fr", "amenagement durable", "Se former à l'aménagement durable"),
    ("club", "fr", "collectivites membres", "Le club dépasse les 700 collectivités"),
    ("club", "fr", "l'accessibilité", "Déclaration d'accessibilité"),
    ("club", "fr", "operation d'amenagement", "Opérations d'aménagement et objectifs"),
    ("club", "fr", "grand prix roubaix", "Grand Prix ÉcoQuartier 2011 à Roubaix"),
    ("club", "fr", "rencontres du club", "Les rencontres du club"),
    ("club", "fr", "adhérer charte", "Adhérer à la charte"),
    ("club", "fr", "planification", "Planification et ÉcoQuartiers"),
    ("club", "fr", "associations d'élus", "Les associations d'élus signent"),
    ("club", "en", "welcome seminars", "Welcome seminar for new members"),
    ("club", "en", "club meeting", "Club meetings"),
    ("club", "en", "governing", "Governing ÉcoQuartiers"),
    ("club", "en", "sign charter", "Sign the charter"),
    ("club", "en", "training sustainable development", "Training in sustainable"),
    ("club", "en", "discover ecoquartiers", "Discovering ÉcoQuartiers"),
    ("club", "en", "planning", "Planning and ÉcoQuartiers"),
    (
        "club",
        "en",
        "local authorities associations",
        "Associations of local authorities",
    ),
    ("req", "en", "our mission", "Our missions"),
    ("req", "fr", "regroupement eco-quartiers", "Regroupement des éco-quartiers"),
    ("regies", "fr", "regies de quartier charte", "Charte des partenaires des régies"),
    ("regies", "en", "participatory", "Participatory local development"),
    ("regies", "fr", "développement local", "Un développement local participatif"),
    ("regies", "en", "accessibility statements", "Accessibility statement"),
    # One typo each.
    ("club", "fr", "montpelier", "Visite d'un ÉcoQuartier à Montpellier"),
    ("club", "fr", "gouvernence", "Gouvernance des ÉcoQuartiers"),
    ("club", "fr", "seminiare", "Séminaire d'accueil des nouveaux membres"),
    ("club", "en", "finacing", "Financing an ÉcoQuartier"),
    ("club", "en", "ministers reprot", "Final report handed to the ministers"),
    ("req", "fr", "misions", "Nos missions"),
    (
        "regies",
        "fr",
        "developement participatif",
        "Un développement local participatif",
    ),
    ("regies", "en", "neighborhood charter", "Neighbourhood boards' partners' charter"),
    ("club", "en", "acessibility", "Accessibility statement"),
    ("club", "fr", "donées personnelles", "Données personnelles"),
    ("req", "en", "privacy polcy", "Privacy policy"),
]

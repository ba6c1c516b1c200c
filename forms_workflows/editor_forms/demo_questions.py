"""The questions of the demo's forms, in French and in English (the same names)."""


def field(kind, name, label, required=True, help_text="", shown_when=None, **extra):
    return (
        kind,
        {
            "name": name,
            "label": label,
            "help_text": help_text,
            "required": required,
            "shown_when": shown_when or {"field": "", "value": ""},
            **extra,
        },
    )


def registration_fields(lang):
    fr = lang == "fr"
    return [
        field("text", "name", "Nom et prénom" if fr else "Full name", max_length=150),
        field("email", "email", "Adresse électronique" if fr else "E-mail address"),
        field(
            "text",
            "organisation",
            "Collectivité ou organisme" if fr else "Local authority or organisation",
            max_length=200,
        ),
        field(
            "choice",
            "lunch",
            "Déjeuner sur place" if fr else "Lunch on site",
            choices=[
                {"value": "yes", "label": "Oui" if fr else "Yes"},
                {"value": "no", "label": "Non" if fr else "No"},
            ],
        ),
        field(
            "long_text",
            "dietary_needs",
            "Régime alimentaire" if fr else "Dietary needs",
            required=False,
            shown_when={"field": "lunch", "value": "yes"},
            max_length=300,
        ),
        field(
            "consent",
            "consent",
            "J'accepte que ces données servent à mon inscription."
            if fr
            else "I agree that these data are used for my registration.",
        ),
    ]


def survey_fields(lang):
    fr = lang == "fr"
    scale = [
        {"value": "1", "label": "Pas satisfait" if fr else "Not satisfied"},
        {"value": "2", "label": "Plutôt satisfait" if fr else "Fairly satisfied"},
        {"value": "3", "label": "Très satisfait" if fr else "Very satisfied"},
    ]
    return [
        field(
            "choice",
            "overall",
            "Votre satisfaction à l'égard du club"
            if fr
            else "Your satisfaction with the club",
            choices=scale,
        ),
        field(
            "multiple_choice",
            "tools",
            "Les outils que vous utilisez" if fr else "The tools you use",
            required=False,
            max_choices=3,
            choices=[
                {
                    "value": "letter",
                    "label": "La lettre mensuelle" if fr else "The monthly letter",
                },
                {"value": "extranet", "label": "L'extranet" if fr else "The extranet"},
                {
                    "value": "grid",
                    "label": "La grille ÉcoQuartier" if fr else "The ÉcoQuartier grid",
                },
                {
                    "value": "experts",
                    "label": "Les experts du ministère"
                    if fr
                    else "The ministry's experts",
                },
            ],
        ),
        field(
            "yes_no",
            "regional",
            "Souhaitez-vous des rencontres en région ?"
            if fr
            else "Would you like meetings in your region?",
        ),
        field(
            "long_text",
            "suggestions",
            "Vos suggestions" if fr else "Your suggestions",
            required=False,
            max_length=2000,
        ),
    ]


def letter_fields(lang):
    fr = lang == "fr"
    return [
        field("email", "email", "Adresse électronique" if fr else "E-mail address"),
        field(
            "consent",
            "consent",
            "J'accepte de recevoir la lettre mensuelle du club."
            if fr
            else "I agree to receive the club's monthly letter.",
        ),
    ]

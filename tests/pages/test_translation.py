"""A French page gets an English translation through Wagtail Localize, kept in sync."""

import pytest
from wagtail.rich_text import RichText
from wagtail_localize.models import (
    StringSegment,
    StringTranslation,
    Translation,
    TranslationSource,
)
from wagtail_localize.operations import TranslationCreator

from pages.models import ContentPage, MissionsPage, Organisation, OrganisationPage

from .helpers import locales

pytestmark = pytest.mark.django_db

ENGLISH = {
    "Les acteurs": "The stakeholders",
    "les-acteurs": "the-stakeholders",
    "Les missions": "The missions",
    "missions": "missions",
    "Quatre rôles.": "Four roles.",
    "Cinq rôles.": "Five roles.",
    "Ensemble.": "Together.",
    "Porte-parole": "Spokesperson",
    "Parler au nom des membres.": "Speak for the members.",
}


def sync_english(page):
    """Do what an editor does in Localize: sync, translate every string, publish."""
    _french, english = locales()
    source, _created = TranslationSource.update_or_create_from_instance(page)
    translation, _created = Translation.objects.get_or_create(
        source=source, target_locale=english
    )
    for segment in StringSegment.objects.filter(source=source).select_related(
        "string", "context"
    ):
        StringTranslation.objects.update_or_create(
            translation_of=segment.string,
            locale=english,
            context=segment.context,
            defaults={"data": ENGLISH[segment.string.data]},
        )
    translation.save_target(publish=True)
    return page.get_translation(english)


def publish_under(parent, page):
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def test_a_french_page_gets_a_published_english_translation(
    club, django_capture_on_commit_callbacks
):
    french = publish_under(
        club.root_page,
        ContentPage(
            title="Les acteurs",
            slug="les-acteurs",
            body=[("paragraph", RichText("<p>Quatre rôles.</p>"))],
        ),
    )

    with django_capture_on_commit_callbacks(execute=True):
        english = sync_english(french)

    english.refresh_from_db()
    assert english.locale.language_code == "en"
    assert english.live
    assert english.title == "The stakeholders"
    assert english.body[0].value.source == "<p>Four roles.</p>"
    assert english.get_parent().specific == club.root_page.get_translation(
        english.locale
    )


def test_the_translation_follows_later_changes_of_the_french_source(
    club, django_capture_on_commit_callbacks
):
    french = publish_under(
        club.root_page,
        ContentPage(
            title="Les acteurs",
            slug="les-acteurs",
            body=[("paragraph", RichText("<p>Quatre rôles.</p>"))],
        ),
    )
    with django_capture_on_commit_callbacks(execute=True):
        sync_english(french)

    french.body = [
        ("paragraph", RichText("<p>Cinq rôles.</p>")),
        ("quote", {"text": "Ensemble.", "attribution": ""}),
    ]
    french.save_revision().publish()
    with django_capture_on_commit_callbacks(execute=True):
        english = sync_english(french)

    english.refresh_from_db()
    assert [block.block_type for block in english.body] == ["paragraph", "quote"]
    assert english.body[0].value.source == "<p>Five roles.</p>"
    assert english.body[1].value["text"] == "Together."


def test_numbered_missions_keep_their_numbers_in_english(
    club, django_capture_on_commit_callbacks
):
    french = publish_under(
        club.root_page,
        MissionsPage(
            title="Les missions",
            slug="missions",
            missions=[
                (
                    "mission",
                    {
                        "number": 4,
                        "title": "Porte-parole",
                        "text": RichText("<p>Parler au nom des membres.</p>"),
                    },
                )
            ],
        ),
    )

    with django_capture_on_commit_callbacks(execute=True):
        english = sync_english(french)

    english.refresh_from_db()
    mission = english.missions[0].value
    assert (mission["number"], mission["title"]) == (4, "Spokesperson")


def test_translating_a_page_translates_the_partners_it_shows(
    club, django_capture_on_commit_callbacks
):
    _french, english = locales()
    partner = Organisation.objects.create(site=club, name="ADEME", kind="state_service")
    french = publish_under(
        club.root_page,
        OrganisationPage(
            title="Le club", slug="le-club", partners=[("partner", partner)]
        ),
    )

    with django_capture_on_commit_callbacks(execute=True):
        TranslationCreator(user=None, target_locales=[english]).create_translations(
            french
        )

    english_page = french.get_translation(english)
    english_partner = english_page.partners[0].value
    assert english_partner.locale == english
    assert english_partner.translation_key == partner.translation_key
    assert english_partner.site == club

"""Rich text's links to our own routes follow the reader's language (issue 18, item 4)."""

from django.utils.translation import override
from wagtail.rich_text import RichText
from wagtail.templatetags.wagtailcore_tags import richtext

from pages.route_links import localize_route_links

FRENCH_SOURCE = (
    '<p><a href="/proposals/new/">Proposez</a> ou les '
    '<a href="/labelled-projects/?region=84#list">projets</a>, '
    '<a href="/le-reseau/">une page</a>, <a href="https://example.org/">ailleurs</a>.</p>'
)


def test_a_translation_keeps_the_source_target_yet_the_english_reader_gets_the_english_route():
    # when the French link targets are rendered for an English reader
    html = localize_route_links(FRENCH_SOURCE, "en")
    # then our routes lead to their English version, query and fragment kept
    assert 'href="/en/proposals/new/"' in html
    assert 'href="/en/labelled-projects/?region=84#list"' in html
    # and links to Wagtail pages and other sites are left alone
    assert 'href="/le-reseau/"' in html
    assert 'href="https://example.org/"' in html


def test_an_english_target_read_in_french_leads_to_the_french_route():
    html = localize_route_links('<a href="/en/proposals/new/">x</a>', "fr")
    assert html == '<a href="/proposals/new/">x</a>'


def test_the_hosted_rich_text_filter_localizes_route_links():
    # given rich text in the database form, as the hosted templates render it
    with override("en"):
        from_string = str(richtext(FRENCH_SOURCE))
        from_value = str(richtext(RichText(FRENCH_SOURCE)))
    # then both paths of Wagtail's filter give the reader's language route
    assert 'href="/en/proposals/new/"' in from_string
    assert 'href="/en/proposals/new/"' in from_value

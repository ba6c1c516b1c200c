"""The demo content answers every root field without an error."""

import itertools

HOME = """
query Home($site: String, $locale: String) {
  page(urlPath: "/", site: $site, locale: $locale) {
    title locale url
    translations { locale urlPath }
    children(limit: 30) {
      items {
        title pageType urlPath
        ... on ContentPage { body { blockType } }
        ... on CharterPage { preamble { html } signatories { totalCount } }
        ... on OrganisationPage { partners { name } regions { code } }
        ... on MissionsPage { missions { number title text { html } } }
        ... on LabelProgrammePage { stages { name } pilotCriteria }
      }
    }
    ... on HomePage {
      introduction { html }
      body {
        blockType
        ... on ParagraphBlock { html }
        ... on ImageBlock { image { alt rendition(filter: "width-400") { url } } }
        ... on DocumentBlock { document { url fileType } }
        ... on PageLinkBlock { page { title } }
        ... on CallToActionBlock { link { url } }
        ... on KeyFiguresBlock { figures { value date } }
      }
    }
  }
}
"""
LISTS = """
query Lists($site: String, $locale: String) {
  sites { key locales }
  events(site: $site, locale: $locale) { totalCount items { title region { name } } }
  trainings(site: $site, locale: $locale) { totalCount items { title sessions { start } } }
  news(site: $site, locale: $locale) { totalCount items { title tags } }
  signatories(site: $site, locale: $locale) {
    totalCount items { name collaborationPlan { title } logo { alt } }
  }
  organisations(site: $site, locale: $locale) { totalCount items { name } }
  regions(site: $site, locale: $locale) { code }
  referentiel(site: $site, locale: $locale) { version dimensions { commitments { number } } }
  documents { totalCount }
}
"""


def test_every_demo_site_answers_without_error_in_both_languages(gql, demo_content):
    # one test: the demo takes long to load
    for site, locale in itertools.product(("club", "req", "regies"), ("fr", "en")):
        home = gql.query(HOME, {"site": site, "locale": locale})
        lists = gql.query(LISTS, {"site": site, "locale": locale})
        assert "errors" not in home, home["errors"]
        assert "errors" not in lists, lists["errors"]
        assert home["data"]["page"]["locale"] == locale
        if site == "club":
            # the home page's link to the proposal form leads to the form in the
            # page's language, though the translation keeps the French target
            form = "/proposals/new/" if locale == "fr" else f"/{locale}/proposals/new/"
            assert f'href="{form}"' in home["data"]["page"]["introduction"]["html"]

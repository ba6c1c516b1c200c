"""Sites: listing them, and which one a request is about."""

from tests.fixtures.graphql import codes

SITES = "{ sites { key hostname name defaultLocale locales frontEndUrl } }"
SITE = "query Site($site: String) { site(site: $site) { key } }"
HOME_TITLE = """
query Home($site: String, $locale: String) {
  page(urlPath: "/", site: $site, locale: $locale) { title locale }
}
"""


def test_sites_lists_every_network_with_its_key_and_locales(gql, network_keys):
    body = gql.query(SITES)
    sites = {site["key"]: site for site in body["data"]["sites"]}
    assert set(sites) == {"club", "req"}
    assert sites["club"]["hostname"] == "club.localhost"
    assert sites["club"]["defaultLocale"] == "fr"
    assert sites["club"]["locales"] == ["fr", "en"]
    assert sites["club"]["frontEndUrl"] == "https://club.example"
    assert sites["req"]["locales"] == ["fr"]


def test_the_site_argument_takes_a_key_or_a_hostname(gql, network_keys):
    by_key = gql.query(SITE, {"site": "req"})
    by_hostname = gql.query(SITE, {"site": "req.localhost"})
    assert by_key["data"]["site"]["key"] == "req"
    assert by_hostname["data"]["site"]["key"] == "req"


def test_without_site_argument_the_request_host_chooses(gql, network_keys, settings):
    settings.ALLOWED_HOSTS = ["testserver", "req.localhost"]
    body = gql.query(SITE, HTTP_HOST="req.localhost")
    assert body["data"]["site"]["key"] == "req"


def test_without_site_argument_nor_known_host_the_default_site_answers(
    gql, network_keys
):
    body = gql.query(SITE)
    assert body["data"]["site"]["key"] == "club"


def test_an_unknown_site_is_refused_with_a_code(gql, network_keys):
    body = gql.query(SITE, {"site": "nowhere"})
    assert codes(body) == ["UNKNOWN_SITE"]


def test_home_pages_come_from_the_asked_site_only(gql, network_keys):
    club = gql.query(HOME_TITLE, {"site": "club"})
    req = gql.query(HOME_TITLE, {"site": "req"})
    assert club["data"]["page"]["title"] == "Club"
    assert req["data"]["page"]["title"] == "Regroupement"

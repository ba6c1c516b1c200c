"""Each network's hosted site, as visitors see it in Chromium at phone and desk widths.

axe-core must find no violation of any impact on every hosted page type of every
demo network, in French and English; the keyboard alone reaches every section of
the main menu; and no request ever leaves the server's own host.
"""

import json
from urllib.parse import urlsplit

import pytest
from django.urls import reverse
from django.utils import translation
from wagtail.models import Page, Site

from forms_workflows.models import AdhesionFormPage, CharterAdhesion
from pages.models import NetworkSettings
from tests.e2e.helpers import SCREENSHOTS, axe_violations

WIDTHS = {"phone": 375, "desk": 1280}
LANGUAGES = ["fr", "en"]
NETWORKS = ["club", "req", "regies"]  # the demo's (pages/demo/data)


def all_violations(page, axe_source):
    return axe_violations(page, axe_source)


def site_url(live_server, site):
    port = urlsplit(live_server.url).port
    return f"http://{site.hostname}:{port}"


def hosted_paths(site, language):
    """One live page of each page type of `site` in `language`, and the hosted views."""
    home = site.root_page.localized
    paths = {}
    pages = (
        Page.objects.live()
        .public()
        .descendant_of(home, inclusive=True)
        .filter(locale__language_code=language)
        .order_by("path")
    )
    for wagtail_page in pages:
        kind = wagtail_page.specific_class.__name__
        if kind == "ContentPage":
            kind = f"ContentPage {wagtail_page.slug}"
        paths.setdefault(kind, wagtail_page.get_url_parts()[2])
    with translation.override(language):
        paths["search results"] = reverse("pages:search") + "?q=quartier"
        paths["site map"] = reverse("pages:sitemap")
        paths["api docs"] = reverse("pages:api_docs")
        paths["labelled projects"] = reverse("proposals:labelled_projects")
        paths["proposal form"] = reverse("proposals:start")
        adhesion = CharterAdhesion.objects.filter(language=language, site=site).first()
        if adhesion is not None:
            paths["status page"] = reverse(
                "forms_workflows:status", args=[adhesion.status_token]
            )
        paths["not found"] = ("/" if language == "fr" else "/en/") + "no-such-page/"
    return paths


@pytest.fixture
def browse(chromium_browser, axe_source):
    """Open a tab at a width, recording the host of every request it makes."""
    contexts = []

    def open_tab(width, language):
        context = chromium_browser.new_context(
            locale=f"{language}-FR", viewport={"width": width, "height": 900}
        )
        # axe-core in every document the tab opens, sent to the browser once
        context.add_init_script(script=axe_source)
        contexts.append(context)
        tab = context.new_page()
        tab.set_default_timeout(20_000)
        tab.requested_hosts = set()
        tab.on(
            "request",
            lambda request: (
                urlsplit(request.url).scheme in ("http", "https")
                and tab.requested_hosts.add(urlsplit(request.url).hostname)
            ),
        )
        return tab

    yield open_tab
    for context in contexts:
        context.close()


# One test per network and width, so that parallel workers share them out.
@pytest.mark.parametrize("key", NETWORKS)
@pytest.mark.parametrize("width", WIDTHS.values(), ids=WIDTHS.keys())
def test_every_hosted_page_of_every_network_has_no_accessibility_violation(
    live_demo, browse, axe_source, width, key
):
    found = {}
    site = NetworkSettings.objects.get(key=key).site
    base = site_url(live_demo, site)
    for language in LANGUAGES:
        tab = browse(width, language)
        for name, path in hosted_paths(site, language).items():
            tab.goto(base + path)
            assert tab.locator("html").get_attribute("lang") == language, path
            if name == "HomePage":
                # nothing wider than the screen: no sideways scrolling
                scroll_width = "document.documentElement.scrollWidth"
                assert tab.evaluate(scroll_width) <= width, (key, language)
                SCREENSHOTS.mkdir(exist_ok=True)
                tab.screenshot(
                    path=str(SCREENSHOTS / f"home-{key}-{language}-{width}.png"),
                    full_page=True,
                )
            violations = all_violations(tab, axe_source)
            if violations:
                found[f"{key} {language} {name} {path}"] = violations
            if name == "AdhesionFormPage":
                # and the same form with its error summary shown
                tab.click("#adhesion-form button[type=submit]")
                tab.wait_for_selector("#error-summary")
                violations = all_violations(tab, axe_source)
                if violations:
                    found[f"{key} {language} form with errors"] = violations
        # then nothing was fetched from another host
        assert tab.requested_hosts == {site.hostname}, tab.requested_hosts
    assert not found, json.dumps(found, indent=2)


@pytest.mark.parametrize("width", WIDTHS.values(), ids=WIDTHS.keys())
def test_the_keyboard_alone_reaches_every_section_of_the_main_menu(
    live_demo, browse, width
):
    for site in Site.objects.order_by("hostname"):
        home = site.root_page.localized
        sections = {
            child.get_url_parts()[2]
            for child in home.get_children().live().public().in_menu()
        }
        assert sections, site.hostname
        tab = browse(width, "fr")
        tab.goto(site_url(live_demo, site) + home.get_url_parts()[2])
        reached = set()
        for _press in range(80):
            tab.keyboard.press("Tab")
            focused = tab.evaluate(
                "() => { const e = document.activeElement;"
                " return {tag: e.tagName, href: e.getAttribute('href')}; }"
            )
            if focused["tag"] == "SUMMARY":
                # the phone menu is a disclosure: opened with the keyboard
                tab.keyboard.press("Enter")
            if focused["href"]:
                reached.add(urlsplit(focused["href"]).path)
            if sections <= reached:
                break
        assert sections <= reached, (site.hostname, sections - reached)


def test_the_language_switch_names_each_language_in_itself(live_demo, browse):
    site = Site.objects.get(is_default_site=True)
    tab = browse(1280, "fr")
    tab.goto(site_url(live_demo, site) + site.root_page.get_url_parts()[2])
    link = tab.locator("nav.languages a")
    assert link.inner_text() == "English"
    assert link.get_attribute("hreflang") == "en"
    assert link.get_attribute("lang") == "en"
    link.click()
    assert tab.locator("html").get_attribute("lang") == "en"
    assert tab.locator("nav.languages a").inner_text() == "Français"


def test_the_admin_makes_no_request_to_another_host(live_demo, browse):
    tab = browse(1280, "fr")
    tab.goto(f"{live_demo.url}/admin/login/")
    tab.fill("#id_username", "admin")
    tab.fill("#id_password", "demo-password")
    tab.click("button[type=submit]")
    tab.wait_for_url(f"{live_demo.url}/admin/")
    for path in ("/admin/pages/", "/admin/account/", "/admin/users/"):
        tab.goto(live_demo.url + path)
    assert tab.requested_hosts == {urlsplit(live_demo.url).hostname}
    # the avatars are drawn by us: no image points elsewhere
    sources = tab.eval_on_selector_all("img", "images => images.map(i => i.src)")
    assert all(urlsplit(source).hostname in (None, "localhost") for source in sources)


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_adhesion_confirmation_has_no_accessibility_violation(
    live_demo, browse, axe_source, language
):
    site = Site.objects.get(hostname="regies.localhost")
    charter = (
        Page.objects.descendant_of(
            site.root_page.get_translations(inclusive=True).get(
                locale__language_code=language
            )
        )
        .type(AdhesionFormPage)
        .filter(locale__language_code=language)
        .live()
        .get()
    )
    tab = browse(WIDTHS["phone"], language)
    tab.goto(site_url(live_demo, site) + charter.get_url_parts()[2])
    tab.fill("#id_organisation_name", "Régie de quartier des Tilleuls")
    tab.fill("#id_organisation_address", "3 place des Tilleuls, 59000 Lille")
    tab.fill("#id_contact_name", "Camille Martin")
    tab.fill("#id_contact_role", "Coordinatrice")
    tab.fill("#id_contact_email", "camille.martin@example.org")
    tab.fill("#id_signatory_name", "Dominique Leroy")
    tab.fill("#id_signatory_title", "Présidente")
    tab.select_option("#id_organisation_kind", index=1)
    tab.check("#id_plan_0_selected")
    tab.check("#id_consent")
    tab.click("#adhesion-form button[type=submit]")
    tab.wait_for_selector("#adhesion-form", state="detached")
    assert tab.locator("html").get_attribute("lang") == language
    assert not all_violations(tab, axe_source)
    assert tab.requested_hosts == {site.hostname}

"""Steps and constants the browser tests share."""

from pathlib import Path

from django.contrib.auth import get_user_model

SCREENSHOTS = Path(__file__).parent / "screenshots"

PASSWORD = "e2e-password-1234"


def make_user(username, group):
    user = get_user_model().objects.create_user(
        username, f"{username}@example.org", PASSWORD, is_staff=True
    )
    user.groups.add(group)
    return user


def sign_in(browser_page, base_url, username):
    browser_page.goto(f"{base_url}/admin/login/")
    browser_page.fill("#id_username", username)
    browser_page.fill("#id_password", PASSWORD)
    browser_page.click("button[type=submit]")
    browser_page.wait_for_url(f"{base_url}/admin/")


def open_footer_actions(browser_page):
    """Open the page editor's footer menu, where the less common actions are."""
    browser_page.click("footer [data-w-dropdown-target='toggle']")


def submit_and_approve_translation(browser_page, base_url, translated):
    """Submit the translation for moderation, then approve it from the dashboard.

    Nobody publishes a translation straight from Wagtail Localize's editor: the
    network's workflow publishes it when a moderator approves it.
    """
    browser_page.goto(f"{base_url}/admin/pages/{translated.pk}/submit-translation/")
    browser_page.locator("main form[method=post] button[type=submit]").click()
    browser_page.wait_for_load_state("networkidle")
    browser_page.goto(f"{base_url}/admin/")
    approve = (
        f"button[data-workflow-action-url*='/workflow/action/{translated.pk}/"
        "approve/']:not([data-launch-modal])"
    )
    # Inside the row's actions drop-down; the dashboard's script posts it.
    browser_page.locator(approve).first.dispatch_event("click")
    browser_page.wait_for_load_state("networkidle")


AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"


PDF_BYTES = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


def axe_violations(page, axe_source, impacts=None):
    """axe-core's violations on the page (of these impacts only, if given).

    axe is injected once per document: a tab opened by `browse` has it from
    its context's init script, any other page gets it on first use.
    """
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(content=axe_source)
    result = page.evaluate("async () => await axe.run(document)")
    return [
        {
            "id": violation["id"],
            "impact": violation["impact"],
            "nodes": [node["target"] for node in violation["nodes"]][:5],
        }
        for violation in result["violations"]
        if impacts is None or violation["impact"] in impacts
    ]

"""A visitor finds the proposal form and the labelled projects from the home page."""

import pytest


@pytest.mark.parametrize(
    "home,form_path,projects_path",
    [
        ("/", "/proposals/new/", "/labelled-projects/"),
        ("/en/", "/en/proposals/new/", "/en/labelled-projects/"),
    ],
)
def test_the_home_page_leads_to_the_proposal_form_and_the_labelled_projects(
    page, live_demo, home, form_path, projects_path
):
    # given the club's home page, in one language
    page.goto(live_demo.url + home)
    language = page.locator("html").get_attribute("lang")
    # when the visitor follows the link to propose a project
    page.locator(f"main a[href='{form_path}']").click()
    # then the proposal form opens, in the same language
    assert page.url == live_demo.url + form_path
    assert page.locator("#proposal-form").count() == 1
    assert page.locator("html").get_attribute("lang") == language
    # and from the home page, the labelled projects are one click away too
    page.goto(live_demo.url + home)
    page.locator(f"main a[href='{projects_path}']").click()
    assert page.url == live_demo.url + projects_path

def test_demo_admin_logs_in_and_sees_the_three_sites_pages(page, live_demo, shot):
    # given the demo admin on the login page
    page.goto(f"{live_demo.url}/admin/login/")
    # when they sign in with the printed login
    page.fill("#id_username", "admin")
    page.fill("#id_password", "demo-password")
    page.click("button[type=submit]")
    # then the dashboard opens
    page.wait_for_url(f"{live_demo.url}/admin/")
    shot("dashboard")
    page.goto(f"{live_demo.url}/admin/pages/")
    body = page.inner_text("body")
    assert "Club national ÉcoQuartier" in body
    assert "Regroupement des éco-quartiers" in body
    assert "Régies de quartier" in body

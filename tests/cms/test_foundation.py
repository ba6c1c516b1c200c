import os
import subprocess
import sys
from pathlib import Path

from django.db import DatabaseError
from wagtail.models import Locale, Page, Site

ROOT = Path(__file__).resolve().parents[2]


def content_counts():
    from django.apps import apps
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model
    from wagtail.models import Revision, Workflow
    from wagtail_localize.models import Translation

    counted = [Page, Site, Locale, Translation, Revision, Group, Workflow]
    counted += [get_user_model()]
    counted += [get_image_model(), get_document_model()]
    counted += [
        apps.get_model("pages", name)
        for name in (
            "NetworkSettings",
            "Region",
            "Organisation",
            "Signatory",
            "Referentiel",
            "Dimension",
            "Commitment",
        )
    ]
    counted += [
        apps.get_model("forms_workflows", "CharterAdhesion"),
        apps.get_model("proposals", "ProjectProposal"),
    ]
    return {model._meta.label: model.objects.count() for model in counted}


def test_demo_loader_run_twice_creates_nothing_the_second_time(demo_content, load_demo):
    # given the demo loaded once
    first = content_counts()
    # when it runs again
    load_demo()
    # then nothing was duplicated
    assert content_counts() == first
    assert first["wagtailcore.Site"] == 3
    assert first["pages.Commitment"] == 40


def test_french_is_the_default_locale_and_english_exists(demo_content):
    assert Locale.get_default().language_code == "fr"
    assert set(Locale.objects.values_list("language_code", flat=True)) == {"fr", "en"}


def test_each_demo_home_page_has_a_published_english_translation(demo_content):
    english = Locale.objects.get(language_code="en")
    for site in Site.objects.all():
        home = site.root_page.specific
        assert home.locale.language_code == "fr"
        translation = home.get_translation(english)
        assert translation.live
        assert translation.title != home.title


def test_healthz_answers_200_when_the_database_answers(client, db):
    response = client.get("/healthz/")
    assert response.status_code == 200
    assert response.json()["database"] == "ok"


def test_healthz_answers_503_when_the_database_fails(client, db, monkeypatch):
    # given a database connection that cannot be opened
    import cms.health

    class UnreachableDatabase:
        def cursor(self):
            raise DatabaseError("connection refused")

    monkeypatch.setattr(cms.health, "connection", UnreachableDatabase())
    # when the load balancer asks
    response = client.get("/healthz/")
    # then it is told the service is unavailable
    assert response.status_code == 503
    assert response.json()["status"] == "error"
    assert response.json()["database"] == "unreachable"


def test_graphql_endpoint_answers_typename(client, db):
    response = client.post(
        "/graphql/", {"query": "{ __typename }"}, content_type="application/json"
    )
    assert response.status_code == 200
    assert response.json() == {"data": {"__typename": "Query"}}


def run_production_check(**env):
    environment = {
        k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "ALLOWED_HOSTS"}
    }
    environment.update(env, DJANGO_SETTINGS_MODULE="cms.settings.production")
    return subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_settings_refuse_to_start_without_secret_key():
    result = run_production_check(ALLOWED_HOSTS="cms.example.org")
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_production_settings_start_with_secret_key_and_hosts():
    result = run_production_check(
        SECRET_KEY="a-long-production-secret-for-this-test-only-0123456789",
        ALLOWED_HOSTS="cms.example.org",
        DATABASE_URL="postgres://cms:cms@127.0.0.1:5432/cms",
    )
    assert result.returncode == 0, result.stderr


def test_production_settings_refuse_sqlite_where_row_locks_do_nothing():
    # given production settings with every variable but a PostgreSQL database
    env = {
        "SECRET_KEY": "a-long-production-secret-for-this-test-only-0123456789",
        "ALLOWED_HOSTS": "cms.example.org",
        "DATABASE_URL": "sqlite:////tmp/production-trial.sqlite3",
    }
    # when the settings load
    refused = run_production_check(**env)
    allowed = run_production_check(**env, ALLOW_SQLITE_IN_PRODUCTION="1")
    # then they refuse SQLite, unless the operator explicitly allows it
    assert refused.returncode != 0
    assert "ImproperlyConfigured" in refused.stderr
    assert "ALLOW_SQLITE_IN_PRODUCTION" in refused.stderr
    assert allowed.returncode == 0, allowed.stderr


def test_demo_admin_login_opens_the_admin(client, demo_content):
    assert client.login(username="admin", password="demo-password")
    response = client.get("/admin/")
    assert response.status_code == 200

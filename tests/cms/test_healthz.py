"""Load balancers reach /healthz/ under production settings: HTTP, by IP, HEAD too."""

import pytest

from .production import PRODUCTION_HOST, production_settings

SECURITY_SETTINGS = [
    "MIDDLEWARE",
    "SECURE_SSL_REDIRECT",
    "SECURE_PROXY_SSL_HEADER",
    "SECURE_REDIRECT_EXEMPT",
    "SECURE_HSTS_SECONDS",
]


@pytest.fixture(scope="module")
def production():
    """The security settings as cms.settings.production computes them."""
    values = production_settings(SECURITY_SETTINGS)
    values["SECURE_PROXY_SSL_HEADER"] = tuple(values["SECURE_PROXY_SSL_HEADER"])
    return values


@pytest.fixture
def under_production(production, settings):
    for name, value in production.items():
        setattr(settings, name, value)
    settings.ALLOWED_HOSTS = [PRODUCTION_HOST]
    assert settings.SECURE_SSL_REDIRECT is True


@pytest.mark.django_db
@pytest.mark.parametrize(
    "method, host",
    [
        ("get", PRODUCTION_HOST),  # plain HTTP: no redirect to HTTPS
        ("get", "10.0.3.7:8000"),  # the backend's address, not in ALLOWED_HOSTS
        ("head", "10.0.3.7"),  # HEAD, as many balancers probe
        ("head", PRODUCTION_HOST),
    ],
)
def test_the_health_check_answers_200_as_load_balancers_ask(
    client, under_production, method, host
):
    response = getattr(client, method)("/healthz/", HTTP_HOST=host)

    assert response.status_code == 200
    assert response["Cache-Control"].startswith("max-age=0")
    if method == "get":
        assert response.json() == {
            "status": "ok",
            "database": "ok",
            "cache": "ok",
            "storage": "ok",
        }


@pytest.mark.django_db
def test_everything_else_still_goes_to_https_and_checks_the_host(
    client, under_production
):
    assert client.get("/graphql/", HTTP_HOST=PRODUCTION_HOST).status_code == 301
    assert client.get("/graphql/", HTTP_HOST="10.0.3.7").status_code == 400
    assert client.post("/healthz/", HTTP_HOST="10.0.3.7").status_code == 405

"""/healthz/ tells the monitoring which dependency is away, and the balancer when to stop."""

import botocore.config
import pytest

from tests.fixtures.cache import free_port


@pytest.fixture
def object_storage_away(settings):
    from django.core.files.storage import storages

    settings.STORAGES = {
        **settings.STORAGES,
        "private": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": "cms-private",
                "endpoint_url": f"http://127.0.0.1:{free_port()}",
                "access_key": "test",
                "secret_key": "test",
                "client_config": botocore.config.Config(
                    connect_timeout=0.5, retries={"max_attempts": 1}
                ),
            },
        },
    }
    storages._storages = {}
    yield
    storages._storages = {}


def test_all_dependencies_answering_is_ok(client, db):
    response = client.get("/healthz/")

    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "database": "ok",
        "cache": "ok",
        "storage": "ok",
    }


def test_without_redis_the_server_is_degraded_but_kept_in_the_pool(
    client, db, redis_away
):
    response = client.get("/healthz/")

    assert response.status_code == 200
    assert response.json()["status"] == "degraded"
    assert response.json()["cache"] == "unreachable"
    assert response.json()["database"] == "ok"


def test_without_object_storage_the_server_is_degraded(client, db, object_storage_away):
    response = client.get("/healthz/")

    assert response.status_code == 200
    assert response.json()["status"] == "degraded"
    assert response.json()["storage"] == "unreachable"

import json

import pytest


class GraphQL:
    def __init__(self, client):
        self.client = client

    def __call__(self, query, variables=None, **headers):
        response = self.client.post(
            "/graphql/",
            json.dumps({"query": query, "variables": variables or {}}),
            content_type="application/json",
            **headers,
        )
        assert response.status_code == 200, response.content
        body = response.json()
        assert "errors" not in body, body["errors"]
        return body["data"]


@pytest.fixture
def gql(client):
    return GraphQL(client)

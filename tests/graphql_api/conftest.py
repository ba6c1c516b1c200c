import json

import pytest


class GraphQLClient:
    """Post or get GraphQL documents the way a partner's front end does."""

    def __init__(self, client):
        self.client = client

    def post(self, query, variables=None, **headers):
        body = {"query": query}
        if variables is not None:
            body["variables"] = variables
        return self.client.post(
            "/graphql/", json.dumps(body), content_type="application/json", **headers
        )

    def get(self, query, variables=None, **headers):
        params = {"query": query}
        if variables is not None:
            params["variables"] = json.dumps(variables)
        return self.client.get("/graphql/", params, **headers)

    def query(self, query, variables=None, **headers):
        """POST and return the decoded body, checking the HTTP layer accepted it."""
        response = self.post(query, variables, **headers)
        assert response.status_code == 200, response.content
        return response.json()


@pytest.fixture
def gql(client):
    return GraphQLClient(client)

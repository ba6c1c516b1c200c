"""SQL queries per request, counted in-process with the test client.

Django and the project are imported inside the function: this module is
imported before `django.setup()`.
"""

import time

from bench import scenarios


def count_queries(pages):
    """SQL queries per request, in-process, on a warm second request."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()

    def graphql(query, variables):
        body = scenarios.graphql_body(query, variables)
        return client.post("/graphql/", body, content_type="application/json")

    def measured(call):
        call()
        with CaptureQueriesContext(connection) as context:
            response = call()
        assert response.status_code == 200, response.content[:500]
        if response.get("Content-Type", "").startswith("application/json"):
            assert "errors" not in response.json(), response.content[:500]
        return len(context.captured_queries)

    counts = {}
    rest = scenarios.rest_paths(pages)
    for name, (query, variables) in scenarios.reads().items():
        counts[name] = {
            "graphql": measured(lambda q=query, v=variables: graphql(q, v)),
            "rest": measured(lambda p=rest[name]: client.get(p)),
        }
    for name, (query, variables) in scenarios.LIMIT_VARIANTS.items():
        counts[name][f"graphql_limit_{variables['limit']}"] = measured(
            lambda q=query, v=variables: graphql(q, v)
        )
    for name in ("events", "signatories"):
        counts[name][f"graphql_limit_{scenarios.READS[name][1]['limit']}"] = counts[
            name
        ]["graphql"]
    for name, (query, variables) in scenarios.COUNTED.items():
        counts[name] = {"graphql": measured(lambda q=query, v=variables: graphql(q, v))}
        counts[name][f"graphql_limit_{variables['limit']}"] = counts[name]["graphql"]
    for name, (query, variables) in scenarios.COUNTED_LIMIT_VARIANTS.items():
        counts[name][f"graphql_limit_{variables['limit']}"] = measured(
            lambda q=query, v=variables: graphql(q, v)
        )
    # A form token is spent by its first application: one per submission,
    # fetched before the count.
    tokens = iter(
        [
            graphql(scenarios.FORM_TOKEN, {}).json()["data"]["adhesionFormToken"]
            for _ in range(2)
        ]
    )
    serial = iter(range(10**6))

    def submit():
        key = f"count-{time.time_ns()}-{next(serial)}"
        variables = {"input": scenarios.adhesion_input(next(tokens), key)}
        response = graphql(scenarios.SUBMIT, variables)
        payload = response.json()["data"]["submitCharterAdhesion"]
        assert payload["errors"] == [], payload
        return response

    counts["adhesion"] = {"graphql": measured(submit)}
    return counts

"""With the shared cache (Redis) unreachable, applications are refused, not let through."""

from forms_workflows.models import CharterAdhesion
from tests.fixtures.adhesions import valid_data

from .helpers import SUBMIT, api_errors, api_input


def test_an_application_while_redis_is_away_is_refused_and_leaves_nothing(
    gql, network, redis_away
):
    # when an applicant sends the form while the quota cannot be counted
    answer = gql(SUBMIT, {"input": api_input(valid_data())}, REMOTE_ADDR="203.0.113.8")[
        "submitCharterAdhesion"
    ]

    # then they are told to try again later, and nothing is written
    assert answer["adhesion"] is None
    assert api_errors(answer) == [(None, "TRY_AGAIN_LATER")]
    assert not CharterAdhesion.objects.exists()


def test_the_public_api_still_answers_reads_while_redis_is_away(
    client, network, redis_away
):
    response = client.get("/graphql/", {"query": "{ adhesionFormToken }"})

    assert response.status_code == 200
    assert response.json()["data"]["adhesionFormToken"]

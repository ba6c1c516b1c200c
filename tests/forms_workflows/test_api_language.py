"""The API answers in the partner's language: Accept-Language, and an applicant's choice."""

import json

from tests.fixtures.adhesions import valid_data

from .helpers import SUBMIT, api_input

UNKNOWN_FIELD = "{ apiVersio }"


def refusal(client, language):
    response = client.generic("PUT", "/graphql/", "", HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 405
    return response


def test_accept_language_chooses_the_language_of_messages_and_content_language(
    client, network
):
    # when the same refused request is sent asking for English, then French
    english = refusal(client, "en-GB,en;q=0.9")
    french = refusal(client, "fr-FR,fr;q=0.9")
    # then each answer says which language it speaks, and the messages differ
    assert english["Content-Language"] == "en"
    assert french["Content-Language"] == "fr"
    assert "Accept-Language" in english["Vary"]
    english_error = english.json()["errors"][0]
    french_error = french.json()["errors"][0]
    assert english_error["extensions"]["code"] == french_error["extensions"]["code"]
    assert english_error["message"] != french_error["message"]


def test_a_cached_answer_is_not_served_in_another_language(client, network):
    # given an answer computed for an English partner
    english = client.get(
        "/graphql/", {"query": "{ apiVersion }"}, HTTP_ACCEPT_LANGUAGE="en"
    )
    # when a French partner asks the same
    french = client.get(
        "/graphql/", {"query": "{ apiVersion }"}, HTTP_ACCEPT_LANGUAGE="fr"
    )
    # then each gets its own language
    assert english["Content-Language"] == "en"
    assert french["Content-Language"] == "fr"


def submit(client, language, accept):
    data = valid_data(contact_email="not-an-address", consent=False)
    response = client.post(
        "/graphql/",
        json.dumps(
            {
                "query": SUBMIT,
                "variables": {"input": api_input(data, language=language)},
            }
        ),
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE=accept,
    )
    assert response.status_code == 200
    errors = response.json()["data"]["submitCharterAdhesion"]["errors"]
    return {error["code"]: error["message"] for error in errors}


def test_an_adhesion_in_english_gets_english_messages_whatever_the_header(
    client, network
):
    # when an applicant chooses English, through a partner site that sends no
    # English Accept-Language, and the same mistakes are sent in French
    english = submit(client, "en", accept="fr")
    french = submit(client, "fr", accept="fr")
    # then the same codes come back, in the language the applicant chose
    assert english.keys() == french.keys() and english
    assert all(english[code] != french[code] for code in english)
    # and a partner asking in English without choosing gets English too
    assert submit(client, None, accept="en") == english

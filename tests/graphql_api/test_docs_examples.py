"""Every GraphQL example of docs/ runs against the demo and gives what its text promises.

An example is a ```graphql block; a ```json block right after it holds its
variables. Placeholders a partner fills in (`"…"`, `"<…>"`) are filled here with
what a partner would have: a fresh form token, the status link of an application.
"""

import json
import re
import time
from pathlib import Path

import pytest
from graphql import OperationDefinitionNode, parse

from forms_workflows import guards
from forms_workflows.models import CharterAdhesion

DOCS = Path(__file__).resolve().parents[2] / "docs"
BLOCK = re.compile(r"```(\w*)\n(.*?)```", re.S)
# An example whose answer the demo does not hold runs in its own test instead.
ELSEWHERE = "<!-- runs in tests/"
SRCSET_ITEM = re.compile(r"(\S+) (\d+)w")


def examples():
    """(name, document, variables) for each ```graphql block of docs/."""
    found = []
    for path in sorted(DOCS.glob("*.md")):
        text = path.read_text()
        blocks = list(BLOCK.finditer(text))
        for index, block in enumerate(blocks):
            if block.group(1) != "graphql":
                continue
            if (
                text[: block.start()].rstrip().endswith("-->")
                and ELSEWHERE in (text[: block.start()].rstrip().rsplit("\n", 1)[-1])
            ):
                continue
            variables = {}
            following = blocks[index + 1] if index + 1 < len(blocks) else None
            if (
                following is not None
                and following.group(1) == "json"
                and not text[block.end() : following.start()].strip()
            ):
                variables = json.loads(following.group(2))
            line = text[: block.start()].count("\n") + 1
            found.append((f"{path.name}:{line}", block.group(2), variables))
    return found


EXAMPLES = examples()


def placeholder(value):
    return isinstance(value, str) and (value.startswith("<") or value == "…")


def filled(variables, fill):
    """The variables with every placeholder replaced by what a partner would send."""
    if isinstance(variables, dict):
        return {
            key: fill[key] if placeholder(value) else filled(value, fill)
            for key, value in variables.items()
        }
    if isinstance(variables, list):
        return [filled(item, fill) for item in variables]
    return variables


def assert_has_data(value, where):
    """No payload error, no empty list of items, every srcset valid."""
    if isinstance(value, dict):
        for key, item in value.items():
            if key == "errors":
                assert item == [], f"{where}.errors: {item}"
            elif key == "totalCount":
                assert item > 0, f"{where}.totalCount is 0"
            elif key == "srcSet" and item is not None:
                descriptors = [width for _url, width in SRCSET_ITEM.findall(item)]
                assert descriptors, f"{where}.srcSet is empty"
                assert len(descriptors) == len(set(descriptors)), item
            else:
                assert_has_data(item, f"{where}.{key}")
    elif isinstance(value, list):
        if where.endswith(".items"):
            assert value, f"{where} is an empty list"
        for index, item in enumerate(value):
            assert_has_data(item, f"{where}[{index}]")


def test_the_docs_have_examples_with_variables():
    assert len(EXAMPLES) >= 8
    assert sum(1 for _name, _doc, variables in EXAMPLES if variables) >= 5


@pytest.mark.parametrize(
    "name,document,variables", EXAMPLES, ids=[name for name, *_ in EXAMPLES]
)
def test_every_graphql_example_of_the_docs_answers_with_data(
    gql, demo_content, name, document, variables
):
    # given what a partner fills in
    application = CharterAdhesion.objects.exclude(anonymised_at__isnull=False).first()
    fill = {
        "formToken": guards.issue_form_token(issued_at=time.time() - 60),
        "token": application.status_token,
        "contactName": "Camille Martin",
        "contactRole": "Chargée de mission",
        "contactEmail": "camille.martin@example.org",
        "contactPhone": "+33 1 40 75 78 00",
        "signatoryName": "Marianne Louis",
        "signatoryTitle": "Directrice générale",
    }
    operations = [
        definition
        for definition in parse(document).definitions
        if isinstance(definition, OperationDefinitionNode)
    ]
    assert operations, name
    for operation in operations:
        operation_name = operation.name.value if operation.name else None
        used = {
            node.variable.name.value for node in operation.variable_definitions or ()
        }
        given = {key: value for key, value in variables.items() if key in used}
        body = {
            "query": document,
            "variables": filled(given, fill),
            "operationName": operation_name,
        }
        # when the example is sent as the docs show
        response = gql.client.post(
            "/graphql/", json.dumps(body), content_type="application/json"
        )
        # then it answers without an error, and with data everywhere
        assert response.status_code == 200, (name, response.content)
        answer = response.json()
        assert "errors" not in answer, (name, operation_name, answer["errors"])
        for field, value in answer["data"].items():
            assert value is not None, (name, field)
        assert_has_data(answer["data"], f"{name} {operation_name or ''}")

"""CPU per request, in-process: where the uncached read's time is spent.

For each read scenario, three figures on the same answer:

- **ours**: the whole request through Django's test client (middleware, our
  view, the query, serialisation), as `make bench` serves it over HTTP;
- **graphql-core alone**: the GraphQL library walking the same query over the
  *finished* answer (a schema built from our SDL, every field read from a dict,
  no database, no resolver of ours, the document already parsed and validated),
  then `json.dumps`: what any resolver code built on graphql-core must spend
  before doing any work of its own;
- **floor view**: the floor view answering the precomputed bytes.

The ratio target "uncached reads at 1/20 of the floor" allows about 20 floor
views of CPU per request; the middle figure shows how much of that the library
itself takes for each scenario.
"""

import json
import time

CPU_SECONDS = 3.0


def cpu_ms(call, seconds=CPU_SECONDS):
    """Mean process CPU time of `call()` in milliseconds, after a warm-up call."""
    call()
    count, started = 0, time.process_time()
    while time.process_time() - started < seconds:
        call()
        count += 1
    return round((time.process_time() - started) / count * 1000, 3)


def with_typenames(document):
    """The document with `__typename` in every selection set (to type the answer)."""
    from graphql import FieldNode, NameNode, SelectionSetNode, Visitor, visit

    class AddTypename(Visitor):
        def leave_selection_set(self, node, *_args):
            typename = FieldNode(name=NameNode(value="__typename"))
            return SelectionSetNode(selections=(*node.selections, typename))

    return visit(document, AddTypename())


def library_walk(sdl, query, variables, data):
    """Return a call executing `query` with graphql-core over the finished `data`."""
    from graphql import build_schema, execute, parse, validate

    schema = build_schema(sdl)
    document = parse(query)
    assert not validate(schema, document)

    def call():
        result = execute(schema, document, root_value=data, variable_values=variables)
        assert not result.errors, result.errors
        return json.dumps({"data": result.data}, separators=(",", ":"))

    return call


def measure(scenarios_to_run=None, seconds=CPU_SECONDS):
    """CPU per request of every read scenario: ours, graphql-core alone, the floor."""
    from django.test import Client
    from graphql import print_ast

    from bench import scenarios
    from graphql_api.schema import schema

    client = Client()
    sdl = schema.as_str()
    results = {}
    for name in scenarios_to_run or scenarios.READS:
        query, variables = scenarios.READS[name]
        body = scenarios.graphql_body(query, variables)

        def ours(body=body):
            response = client.post("/graphql/", body, content_type="application/json")
            assert response.status_code == 200, response.content[:300]
            return response

        # The answer again, typed: the library needs __typename for interfaces.
        from graphql import parse

        typed = print_ast(with_typenames(parse(query)))
        answer = client.post(
            "/graphql/",
            scenarios.graphql_body(typed, variables),
            content_type="application/json",
        ).json()
        assert "errors" not in answer, answer
        results[name] = {
            "ours_ms": cpu_ms(ours, seconds),
            "graphql_core_ms": cpu_ms(
                library_walk(sdl, query, variables, answer["data"]), seconds
            ),
            "floor_ms": cpu_ms(
                lambda n=name: client.get(f"/bench/floor/{n}/"), seconds
            ),
            "answer_bytes": len(ours().content),
        }
    return results


def table(results):
    lines = [
        "| scenario | answer bytes | ours, ms CPU | graphql-core alone, ms | floor view, ms "
        "| 20 × floor, ms |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for name, r in results.items():
        lines.append(
            f"| {name} | {r['answer_bytes']:,} | {r['ours_ms']} | {r['graphql_core_ms']} "
            f"| {r['floor_ms']} | {round(20 * r['floor_ms'], 1)} |"
        )
    return "\n".join(lines)

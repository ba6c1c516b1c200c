"""Where an uncached read's time goes: a sampling profile sorted into parts.

Each read scenario is asked again and again in-process (the test client, the
same POST as the load scenarios) under pyinstrument. Every sample's stack is
put in one part, the first rule below that matches it:

1. **SQL**: a frame of the database driver or Django's database backend
   (executing the query and fetching its rows);
2. **ORM and instantiation**: a frame of Django's model layer (building the
   query, making model objects from rows), Wagtail's StreamField and blocks
   (decoding the stored JSON into block values), modelcluster;
3. **JSON**: encoding the answer (`json.dumps`);
4. otherwise the innermost frame that is ours (`graphql_api/`, `pages/`:
   **our resolvers**, with the Wagtail helpers they call such as rich text and
   renditions), strawberry's (**strawberry field machinery**: its resolver
   wrappers, type checks, extensions) or graphql-core's (**graphql-core
   execution**: walking the document, completing values and lists);
5. **Django and the rest**: middleware, the request and response, the test
   client.

A sampling profiler slows the request it watches a little; the shares matter
more than the milliseconds, which are scaled to the unprofiled CPU per request
measured by `bench/cpu.py` when it is given.
"""

import time

PARTS = [
    "graphql-core execution",
    "strawberry field machinery",
    "our resolvers",
    "SQL",
    "ORM and instantiation",
    "JSON",
    "Django and the rest",
]
SQL = ("/django/db/backends/", "/sqlite3/", "/psycopg/", "/psycopg2/")
INSTANTIATION = (
    "/django/db/models/",
    "/wagtail/blocks/",
    "/wagtail/fields.py",
    "/modelcluster/",
    "/wagtail/query.py",
)
JSON = ("/json/encoder.py", "/json/__init__.py", "/django/core/serializers/json.py")
OURS = ("/graphql_api/", "/pages/", "/forms_workflows/")


def part_of(paths) -> str:
    """The part a sample belongs to, from its stack's file paths (root first)."""
    if any(any(mark in path for mark in SQL) for path in paths):
        return "SQL"
    if any(any(mark in path for mark in INSTANTIATION) for path in paths):
        return "ORM and instantiation"
    if any(any(mark in path for mark in JSON) for path in paths):
        return "JSON"
    for path in reversed(paths):
        if "/site-packages/" not in path and any(mark in path for mark in OURS):
            return "our resolvers"
        if "/strawberry/" in path:
            return "strawberry field machinery"
        if "/graphql/" in path and "/graphql_api/" not in path:
            return "graphql-core execution"
    return "Django and the rest"


def split(frame, paths, totals):
    """Add each frame's own time to the part of its stack."""
    paths = [*paths, frame.file_path or ""]
    own = frame.total_self_time
    if own:
        part = part_of(paths)
        totals[part] = totals.get(part, 0.0) + own
    for child in frame.children:
        split(child, paths, totals)


def measure(scenarios_to_run=None, seconds=3.0, cpu_ms=None):
    """Return, per read scenario, milliseconds per request in each part."""
    from django.test import Client
    from pyinstrument import Profiler

    from bench import scenarios

    client = Client()
    results = {}
    for name in scenarios_to_run or scenarios.READS:
        query, variables = scenarios.READS[name]
        body = scenarios.graphql_body(query, variables)
        client.post("/graphql/", body, content_type="application/json")
        profiler = Profiler(interval=0.0002)
        count, deadline = 0, time.monotonic() + seconds
        profiler.start()
        while time.monotonic() < deadline:
            client.post("/graphql/", body, content_type="application/json")
            count += 1
        session = profiler.stop()
        totals: dict[str, float] = {}
        root = session.root_frame()
        if root is not None:
            split(root, [], totals)
        sampled = sum(totals.values()) or 1.0
        scale = (
            cpu_ms[name]["ours_ms"] / (sampled * 1000 / count)
            if cpu_ms and name in cpu_ms
            else 1.0
        )
        results[name] = {
            "requests": count,
            "ms": {
                part: round(totals.get(part, 0.0) * 1000 / count * scale, 2)
                for part in PARTS
            },
            "share": {
                part: round(totals.get(part, 0.0) / sampled, 3) for part in PARTS
            },
        }
    return results


def table(results):
    lines = [
        "| scenario | " + " | ".join(PARTS) + " |",
        "|---|" + "---:|" * len(PARTS),
    ]
    for name, r in results.items():
        cells = [f"{r['ms'][part]} ({r['share'][part]:.0%})" for part in PARTS]
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    return "\n".join(lines)

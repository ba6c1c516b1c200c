"""What the benchmark asks: our GraphQL API, Wagtail's REST API v2 and v3, the floor.

Each read scenario is one partner request; the REST APIs get the closest
equivalent they can serve (StreamField comes back as untyped JSON there, and
images in blocks as ids, not renditions). v3 serves pages only and lists them
as summaries: it is a peer for the single pages and the search.
"""

import json

from bench.seed import FILTERED_REGION

BLOCKS = """
      body {
        id blockType
        ... on HeadingBlock { text level }
        ... on ParagraphBlock { html }
        ... on QuoteBlock { text attribution }
        ... on KeyFiguresBlock { figures { value unit label date source } }
        ... on CallToActionBlock { title text label link { url } }
        ... on ImageBlock {
          altText caption
          image { alt width height rendition(filter: "width-800") { url width height } }
        }
        ... on DocumentBlock { title document { title url fileSize fileType } }
        ... on PageLinkBlock { label page { title url } }
      }"""

HOME = (
    """
query Home {
  page(urlPath: "/", site: "bench") {
    id title urlPath locale seoTitle searchDescription
    ... on HomePage {
      introduction { html }"""
    + BLOCKS
    + """
    }
  }
}"""
)

EVENTS = """
query Events($limit: Int!) {
  events(site: "bench", limit: $limit) {
    totalCount
    items {
      id title urlPath start end place address status registrationUrl
      region { name code }
      agenda { time title speaker }
      body {
        blockType
        ... on ParagraphBlock { html }
        ... on ImageBlock {
          altText image { alt width height rendition(filter: "fill-400x300") { url } }
        }
      }
    }
  }
}"""

SIGNATORIES = """
query Signatories($limit: Int!) {
  signatories(site: "bench", limit: $limit) {
    totalCount
    items {
      id name kind website signedOn
      region { name code }
      logo { alt rendition(filter: "fill-400x300") { url width height } }
      collaborationPlan { title actions }
    }
  }
}"""

THIRTY = (
    """
query Thirty {
  page(urlPath: "/thirty-blocks/", site: "bench") {
    id title urlPath locale
    ... on ContentPage {
      introduction { html }"""
    + BLOCKS
    + """
    }
  }
}"""
)

SUBMIT = """
mutation Submit($input: CharterAdhesionInput!) {
  submitCharterAdhesion(input: $input) {
    adhesion { reference status }
    errors { field code message }
  }
}"""

FORM_TOKEN = "query { adhesionFormToken }"

# The public search (issue 29): plural, missing accent, matched to the seeded
# "Rencontre ####" events' titles and their "Accueil" agenda item.
SEARCH = """
query Search($query: String!, $limit: Int!) {
  search(query: $query, site: "bench", limit: $limit) {
    totalCount correctedQuery
    items { id title urlPath }
  }
}"""

READS = {
    "home": (HOME, {}),
    "events": (EVENTS, {"limit": 20}),
    "signatories": (SIGNATORIES, {"limit": 100}),
    "page30": (THIRTY, {}),
    "search": (SEARCH, {"query": "rencontres accueil", "limit": 20}),
}
PROJECTS = """
query Projects($limit: Int!) {
  projects(site: "bench", limit: $limit) {
    totalCount
    items { name commune region regionCode stage year publicSummary }
  }
}"""

# The same documents at another limit: the query count must not change.
LIMIT_VARIANTS = {
    "events": (EVENTS, {"limit": 100}),
    "signatories": (SIGNATORIES, {"limit": 20}),
}
# Counted for constant SQL only (no load measured): the labelled projects.
COUNTED = {
    "projects": (PROJECTS, {"limit": 20}),
    # No result and a typo must cost no more queries than a search that finds.
    "search_no_result": (SEARCH, {"query": "zzzzzz", "limit": 20}),
    "search_typo": (SEARCH, {"query": "rencontes", "limit": 20}),
}
COUNTED_LIMIT_VARIANTS = {"projects": (PROJECTS, {"limit": 100})}

# The filtered list (issue 28): signatories of one region whose name contains
# a text (45 at every N, `bench/seed.py`), by name, 20 per page, the page after
# the first one, with the signatories scenario's fields (REST v2 serves them
# all). The shape is the `lists` work's (docs/api.md, "Lists"): change it here
# only. A query that declares `$after` is sent with the cursor ending its first
# page (`resolve_cursor`). No `totalCount`: paging by cursor needs none.
FILTERED_NAME = "habitat"
FILTERED = """
query Filtered($region: String!, $name: String!, $after: String) {
  signatoriesConnection(
    site: "bench"
    filters: { region: { code: { inList: [$region] } }, name: { iContains: $name } }
    ordering: [{ name: ASC }]
    first: 20
    after: $after
  ) {
    pageInfo { hasNextPage endCursor }
    edges {
      cursor
      node {
        id name organisationType website signedOn
        region { name code }
        logo { alt rendition(filter: "fill-400x300") { url width height } }
        collaborationPlan { title actions }
      }
    }
  }
}"""
FILTERED_VARIABLES = {"region": FILTERED_REGION, "name": FILTERED_NAME}
LISTS = {"filtered": (FILTERED, FILTERED_VARIABLES)}


def reads():
    """Every read scenario measured under load: issue 31's, then the lists'."""
    return {**READS, **LISTS}


def resolve_cursor(post):
    """Ask the filtered list's second page by cursor; drop it when our API cannot.

    `post(query, variables)` answers the decoded JSON of our API. Returns
    None, or why the scenario is left out (the connection not there yet).
    """
    query, variables = FILTERED, FILTERED_VARIABLES
    first = post(query, {**variables, "after": None})
    if first.get("errors"):
        LISTS.pop("filtered", None)
        return f"our API cannot answer it: {first['errors'][0].get('message', '')}"
    if "$after" in query:
        variables = {**variables, "after": find(first, "endCursor")}
    LISTS["filtered"] = (query, variables)
    return None


def find(answer, key):
    """The first value of `key` anywhere in a decoded JSON answer."""
    if isinstance(answer, dict):
        if key in answer:
            return answer[key]
        answer = list(answer.values())
    if isinstance(answer, list):
        for item in answer:
            found = find(item, key)
            if found is not None:
                return found
    return None


# What a partner would ask Wagtail's search for the same thing: its database
# backend neither stems nor folds accents, so the plural finds nothing there;
# the singular of the titles finds every event, as ours does (any word
# matches, the pages with most words first).
REST_SEARCH = "search=rencontre+accueil&limit=20"


def rest_paths(pages):
    """Wagtail REST API v2 URLs serving the read scenarios' content.

    The filtered list's equivalent is the signatories' viewset with v2's own
    field filter on the region (by id), its ordering, its offset (v2 has no
    cursor) and the one parameter the bench adds, `name_contains`.
    """
    prefix = "/bench/api/v2"
    event_fields = "start,end,place,address,status,region,agenda,body"
    signatories = f"{prefix}/signatories/?site_id={pages['site'].pk}"
    return {
        "home": f"{prefix}/pages/{pages['home'].pk}/",
        "events": f"{prefix}/pages/?type=pages.EventPage&fields={event_fields}"
        "&order=start&limit=20",
        "signatories": f"{signatories}&limit=100",
        "page30": f"{prefix}/pages/{pages['thirty'].pk}/",
        "search": f"{prefix}/pages/?{REST_SEARCH}",
        "filtered": f"{signatories}&region={pages['regions'][FILTERED_REGION]}"
        f"&name_contains={FILTERED_NAME}&order=name&limit=20&offset=20",
    }


def v3_paths(pages):
    """Wagtail REST API v3 URLs, for the scenarios it has an equivalent of."""
    prefix = "/bench/api/v3"
    return {
        "home": f"{prefix}/pages/{pages['home'].pk}/",
        "page30": f"{prefix}/pages/{pages['thirty'].pk}/",
        "search": f"{prefix}/pages/?{REST_SEARCH}",
    }


def adhesion_input(form_token, key, email="camille@example.org"):
    return {
        "site": "bench",
        "language": "fr",
        "organisationName": "Ville de Bench",
        "organisationKind": "local_authority",
        "organisationAddress": "1 place de la Mairie, 75001 Paris",
        "region": "ARA",
        "website": "https://example.org",
        "contactName": "Camille Martin",
        "contactRole": "Chargée de mission",
        "contactEmail": email,
        "contactPhone": "0102030405",
        "signatoryName": "Dominique Durand",
        "signatoryTitle": "Maire",
        "collaborationPlan": [{"title": "Formation", "actions": ["Former les élus"]}],
        "consent": True,
        "formToken": form_token,
        "idempotencyKey": key,
    }


def graphql_body(query, variables):
    return json.dumps({"query": query, "variables": variables}).encode()

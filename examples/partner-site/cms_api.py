"""Where the CMS's GraphQL API is, and what to say when it does not answer."""

import os

import httpx

DEFAULT_API = "http://127.0.0.1:8000/graphql/"
API_HELP = (
    "the CMS's GraphQL endpoint (default: $CMS_API_URL, else " + DEFAULT_API + ")"
)


def default_api():
    return os.environ.get("CMS_API_URL") or DEFAULT_API


def unreachable_message(api):
    return (
        f"The CMS does not answer at {api}. Is it running (`make demo`)? "
        "If it listens on another port, give its API's address: "
        "--api http://127.0.0.1:PORT/graphql/ or CMS_API_URL=..."
    )


UNREACHABLE = (httpx.ConnectError, httpx.ConnectTimeout, httpx.RemoteProtocolError)

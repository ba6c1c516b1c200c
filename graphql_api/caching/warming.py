"""Answer again, after a change, what partners of a network ask most.

Once a public change of a network is committed, the publishing process answers
its most asked queries (`popularity`) under the generation about to start, for
a second at most, before it switches to it (`answers.answers_switching`); then
a task re-runs them all in the worker (`answers.answers_switched`), so the next
partner read is a hit. A query is replayed through the URL it was asked at, as
a partner's request would be.
"""

import time
from io import BytesIO

from django.conf import settings
from django.core.cache import cache
from django.core.handlers.wsgi import WSGIRequest
from django.dispatch import receiver
from django.urls import resolve
from django.utils import translation
from django_tasks import task

from graphql_api.caching import answers
from graphql_api.caching.popularity import (
    RECORDED_SITES_KEY,
    most_asked,
    record_key,
    warmed_queries,
)


@receiver(answers.answers_switched, dispatch_uid="graphql_api.warming.queue")
def after_emptying(sender=None, sites=None, **kwargs) -> None:
    """Queue the warming of the networks `sites` (ids; None for every network)."""
    if not answers.enabled() or warmed_queries() <= 0:
        return
    if sites is None:
        sites = cache.get(RECORDED_SITES_KEY) or set()
    keys = [record_key(site_id) for site_id in sorted(sites)]
    recorded = cache.get_many(keys)
    if recorded:
        warm_answers.enqueue(sorted(int(key.rsplit(":", 1)[1]) for key in recorded))


@receiver(answers.answers_switching, dispatch_uid="graphql_api.warming.ahead")
def warm_ahead(sender=None, sites=None, **kwargs) -> int:
    """Answer the most asked queries of `sites` (ids, None: every network) now.

    Run by the publishing process once its change is committed, under the
    tokens about to start (`answers.ahead_of_switch`), until
    GRAPHQL_WARM_AHEAD_SECONDS have passed: the editor's publish waits that
    long at most, and the worker answers the rest.
    """
    budget = settings.GRAPHQL_WARM_AHEAD_SECONDS
    if not answers.enabled() or warmed_queries() <= 0 or budget <= 0:
        return 0
    if sites is None:
        sites = cache.get(RECORDED_SITES_KEY) or set()
    deadline = time.monotonic() + budget
    done = set()
    for site_id in sorted(sites):
        for shape in most_asked(site_id, warmed_queries()):
            if time.monotonic() >= deadline:
                return len(done)
            if shape not in done:
                done.add(shape)
                replay(shape)
    return len(done)


def replay(shape):
    """Run the request of `shape` through the API's view, as a partner would."""
    # Records written before the scheme was kept hold five fields: plain http.
    host, language, accept, path, query_string, *rest = shape
    scheme = rest[0] if rest else "http"
    name, _sep, port = host.partition(":")
    environ = {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": path,
        "SCRIPT_NAME": "",
        "QUERY_STRING": query_string,
        "HTTP_HOST": host,
        "HTTP_ACCEPT": accept,
        "SERVER_NAME": name,
        "SERVER_PORT": port or ("443" if scheme == "https" else "80"),
        "wsgi.input": BytesIO(b""),
        "wsgi.url_scheme": scheme,
        "REMOTE_ADDR": "127.0.0.1",
    }
    # The view picks its language from the request, as for the partner who asked.
    if language:
        environ["HTTP_ACCEPT_LANGUAGE"] = language
    # Behind the TLS terminator the scheme is read from its header, not from WSGI.
    proxy_header = getattr(settings, "SECURE_PROXY_SSL_HEADER", None)
    if proxy_header:
        header, secure_value = proxy_header
        environ[header] = secure_value if scheme == "https" else "http"
    request = WSGIRequest(environ)
    # not a partner's request: it must not count for popularity
    request.is_warming = True
    view = resolve(path)
    with translation.override(language or None):
        return view.func(request, *view.args, **view.kwargs)


@task()
def warm_answers(site_ids):
    """Compute again the most asked answers of these networks, so they are hits."""
    done = set()
    for site_id in site_ids:
        for shape in most_asked(site_id, warmed_queries()):
            if shape not in done:
                done.add(shape)
                replay(shape)
    return len(done)

"""Empty the answers a public change concerns, as `pages.public_changes` decides.

The read model of changed pages is forgotten by `read_model`; the HTTP caches
in front follow the emptying (`answers.answers_emptied`, cms.http_cache).
"""

from django.dispatch import receiver

from graphql_api.caching.answers import empty_now_and_on_commit
from pages.signals import public_content_changed


@receiver(public_content_changed, dispatch_uid="graphql_api.empty_answers")
def empty_answers(sender, sites=None, **kwargs):
    """Empty the answers of `sites` (None: every network's) now and on commit."""
    if sites is not None and not sites:
        return  # an event for partners that changes no answer
    empty_now_and_on_commit(sites)

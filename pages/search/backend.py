"""Wagtail's search backend interface, so that Wagtail keeps our index up to date.

Declared as a second backend (`public`): Wagtail then calls it on every save
and delete of an indexed model, and `manage.py update_index` rebuilds it. It
does not answer Wagtail's own `.search()`: the public search calls
`pages.search.query.search` with the visitor's language.
"""

from wagtail.search.backends.base import BaseIndex, BaseSearchBackend

from pages.search import indexing


class PublicIndex(BaseIndex):
    def reset(self):
        indexing.reset_index()

    def add_items(self, model, items):
        indexing.index_objects(model, items)

    def delete_item(self, item):
        indexing.unindex_object(item)


class PublicIndexRebuilder:
    def __init__(self, index):
        self.index = index

    def start(self):
        self.index.reset()
        return self.index

    def finish(self):
        pass


class SearchBackend(BaseSearchBackend):
    index_class = PublicIndex
    rebuilder_class = PublicIndexRebuilder

    def search(self, *args, **kwargs):
        raise NotImplementedError(
            "Use pages.search.query.search for the public search."
        )

    autocomplete = search

from wagtail.search import index


def text_fields(*names):
    """Index fields for full-text search and for the admin's search-as-you-type.

    The admin page search only matches autocomplete fields, so a field that is
    only a `SearchField` would be invisible to editors looking for a word.
    """
    return [
        field
        for name in names
        for field in (index.SearchField(name), index.AutocompleteField(name))
    ]

"""Offset pagination shared by every list: validated arguments, counted results."""

from graphql_api.core.limits import DEFAULT_LIMIT, check_pagination

__all__ = ["DEFAULT_LIMIT", "paginate"]


def paginate(queryset, limit: int, offset: int, fetch=None):
    """Return (items, total count) of one page of `queryset`, refusing bad bounds.

    `fetch(queryset, start, stop)` reads the page (rows instead of instances).
    """
    check_pagination(limit, offset)
    total = queryset.count()
    if not limit:
        return [], total
    if fetch is not None:
        return fetch(queryset, offset, offset + limit), total
    return list(queryset[offset : offset + limit]), total

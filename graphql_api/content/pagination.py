"""Offset pagination shared by every list: validated arguments, counted results."""

from graphql_api.core.limits import DEFAULT_LIMIT, check_pagination

__all__ = ["DEFAULT_LIMIT", "paginate"]


def paginate(queryset, limit: int, offset: int):
    """Return (items, total count) of one page of `queryset`, refusing bad bounds."""
    check_pagination(limit, offset)
    total = queryset.count()
    items = list(queryset[offset : offset + limit]) if limit else []
    return items, total

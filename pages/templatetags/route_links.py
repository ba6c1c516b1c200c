from django import template
from django.utils.safestring import mark_safe

from pages.route_links import localize_route_links

register = template.Library()


@register.filter
def localized_route_links(html):
    """Rich text's links to our routes, in the language of the page being read."""
    return mark_safe(localize_route_links(str(html)))  # noqa: S308 - already rich text HTML

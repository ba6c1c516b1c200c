"""The registrations open on an event's or a training's page, with their places left."""

from django import template

from forms_workflows.editor_forms.services import listing

register = template.Library()


@register.simple_tag(takes_context=True)
def registrations_for(context, page):
    """[{form, places, places_left, waiting_list, closed}] of `page`'s registration forms.

    Only the forms in the page's language. The places left change with each
    registration, not with a publish: a shared cache must not keep this page.
    """
    request = context.get("request")
    found = [
        {
            "form": form,
            "places": form.places,
            "places_left": left,
            "waiting_list": form.waiting_list,
            "closed": form.closed_reason(),
        }
        for form, left in listing.registrations_for(page)
    ]
    if found and request is not None:
        request.cache_tags = None  # see the docstring: never in a shared cache
    return found

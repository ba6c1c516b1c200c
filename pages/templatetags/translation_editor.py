"""Adjust the props Wagtail Localize's translation editor (a React component) reads.

Used by our override of `wagtail_localize/admin/edit_translation.html`.
"""

import json

from django import template
from django.core.serializers.json import DjangoJSONEncoder

from pages.translation_moderation import publish_goes_through_moderation

register = template.Library()


@register.filter
def translation_editor_props(props, instance):
    """Hide "Publish" where the network's moderation workflow publishes."""
    data = json.loads(props)
    if publish_goes_through_moderation(instance):
        data["perms"]["canPublish"] = False
    return json.dumps(data, cls=DjangoJSONEncoder)

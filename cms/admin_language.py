"""Speak the admin in its user's language, from the first request to the last.

The public sites' French has no URL prefix, so Django's LocaleMiddleware
gives every unprefixed path, `/admin/` included, the default language: the
login page ignored the browser's. Wagtail then switches to the user's
preference only inside its own views, so the 404 and the "no permission"
message that follow a view were French again. Under the admin's prefix, this
middleware activates the saved preference, or else the browser's language.
"""

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist
from django.urls import reverse
from django.utils import translation


def saved_preference(user):
    if not user.is_authenticated:
        return ""
    try:
        language = user.wagtail_userprofile.preferred_language
    except ObjectDoesNotExist:
        return ""
    return language if language in dict(settings.LANGUAGES) else ""


class AdminLanguageMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.prefix = None

    def __call__(self, request):
        if self.prefix is None:
            self.prefix = reverse("wagtailadmin_home")
        if request.path_info.startswith(self.prefix):
            language = saved_preference(request.user) or (
                translation.get_language_from_request(request)
            )
            translation.activate(language)
            request.LANGUAGE_CODE = translation.get_language()
        return self.get_response(request)

"""The hosted sites' error pages, told apart from the pages they stand in for."""

from urllib.parse import quote

from django.http import HttpResponseNotFound
from django.template import loader


def page_not_found(request, exception):
    """Django's 404, marked as an error page: its language switch leads home.

    The address that failed may be anything a visitor typed (`//evil.example/`);
    the layout must not build the other language's link from it.
    """
    context = {"request_path": quote(request.path), "error_page": True}
    body = loader.get_template("404.html").render(context, request)
    return HttpResponseNotFound(body)

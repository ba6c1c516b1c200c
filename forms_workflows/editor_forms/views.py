"""The one-click unsubscribe of a sign-up's e-mails (RFC 8058).

A mail client POSTs `List-Unsubscribe=One-Click` to the address of the
`List-Unsubscribe` header, without a page nor a cookie: no CSRF token can come
with it, the secret token in the address is the proof. A GET shows the status
page, where the same button stands: following a link changes nothing.
"""

from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from forms_workflows.editor_forms.services import tokens


@csrf_exempt
@never_cache
@require_http_methods(["GET", "POST"])
def one_click_unsubscribe(request, token):
    submission = tokens.find_submission(token)
    if submission is None:
        raise Http404
    if request.method == "GET":
        return redirect(reverse("forms_workflows:status", args=[token]))
    result = tokens.unsubscribe(token)
    if result.errors and result.submission.status != "unsubscribed":
        return HttpResponse(status=409)
    return HttpResponse(status=204)

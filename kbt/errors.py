"""The site's error views (handler403, handler404 and handler500 in kbt.urls). Each shows the request's
id (kbt.request_id), so what a person reads out to the helpdesk finds the log lines."""

from django.http import HttpResponseForbidden, HttpResponseNotFound, HttpResponseServerError
from django.template import loader

from .request_id import current_request_id


def permission_denied(request, exception=None):
    """The 403 page, saying why when the refusal carries a message meant for the reader
    (`user_message`: a document still being checked for viruses, say)."""
    context = {"user_message": getattr(exception, "user_message", ""), "request_id": current_request_id()}
    return HttpResponseForbidden(loader.render_to_string("403.html", context, request=request))


def page_not_found(request, exception=None):
    context = {"request_id": current_request_id()}
    return HttpResponseNotFound(loader.render_to_string("404.html", context, request=request))


def server_error(request):
    """The plain 500 page, rendered without the request: no context processors, so no database."""
    return HttpResponseServerError(loader.render_to_string("500.html", {"request_id": current_request_id()}))

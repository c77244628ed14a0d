"""The site's error views (handler403 in kbt.urls)."""

from django.http import HttpResponseForbidden
from django.template import loader


def permission_denied(request, exception=None):
    """The 403 page, saying why when the refusal carries a message meant for the reader
    (`user_message`: a document still being checked for viruses, say)."""
    context = {"user_message": getattr(exception, "user_message", "")}
    return HttpResponseForbidden(loader.render_to_string("403.html", context, request=request))
